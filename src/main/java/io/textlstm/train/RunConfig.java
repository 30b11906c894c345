package io.textlstm.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code config.json} of a run folder, written before the first step: every option the run was started with (as
 * command-line strings, paths absolute, defaults resolved) and the model it builds. {@code --resume} continues with
 * these options and {@code export --checkpoint} builds the model from them even when the run never finished
 * (see {@code docs/training-runs.md}).
 *
 * @param format  {@value #FORMAT}
 * @param options option name ({@code --learning-rate}) to value; a flag that is set has the value {@code true}
 * @param model   the network the run trains
 */
public record RunConfig(
        @JsonProperty("format") String format,
        @JsonProperty("options") Map<String, String> options,
        @JsonProperty("model") ModelConfig model) {
    public static final String FILE = "config.json";
    public static final String FORMAT = "textlstm-run/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RunConfig {
        options = options == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static RunConfig of(Map<String, String> options, ModelConfig model) {
        return new RunConfig(FORMAT, options, model);
    }

    /** Writes {@code config.json} into {@code runDir}, atomically and durably. */
    public void write(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The {@code config.json} of a run folder, or empty for a folder written before textlstm stored it. */
    public static Optional<RunConfig> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        RunConfig c;
        try {
            c = JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException
                    ? e.getMessage() : DurableFiles.cause(e)), e);
        }
        if (!FORMAT.equals(c.format()) || c.options() == null || c.model() == null) {
            throw new BadInputException(file + " is not a textlstm run configuration (expected \"format\": \"" + FORMAT
                    + "\", \"options\" and \"model\")");
        }
        return Optional.of(c);
    }

}
