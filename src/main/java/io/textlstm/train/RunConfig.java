package io.textlstm.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
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
 * {@code config.json} of a run folder, written before the first step: the {@link TrainingJobSettings} the run
 * trains with (data paths absolute, the name resolved) and the model they give on its data. {@link TrainingJob#resume}
 * continues with these settings, and {@code export --checkpoint} builds the model from {@code model} even when the
 * run never finished (see {@code docs/training-runs.md}).
 *
 * <p>Runs of earlier releases stored the command line's options as strings instead ({@value #FORMAT_OPTIONS},
 * {@code options}); such a file is still read, and a front end that knows those options can continue the run with
 * {@link TrainingJob#resume(Path, TrainingJobSettings)}, which then stores the settings.
 *
 * @param format   {@value #FORMAT}, or {@value #FORMAT_OPTIONS} for a file of an earlier release
 * @param settings what the run trains with; null in a file of an earlier release
 * @param frontEnd what the program that started the run keeps for itself, beside the settings (the command line: where
 *                 it exports the result); empty when it keeps nothing
 * @param options  option name ({@code --learning-rate}) to value, in a file of an earlier release; else null
 * @param model    the network the run trains
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunConfig(
        @JsonProperty("format") String format,
        @JsonProperty("settings") TrainingJobSettings settings,
        @JsonProperty("frontEnd") Map<String, String> frontEnd,
        @JsonProperty("options") Map<String, String> options,
        @JsonProperty("model") ModelConfig model) {
    public static final String FILE = "config.json";
    public static final String FORMAT = "textlstm-run/2";
    public static final String FORMAT_OPTIONS = "textlstm-run/1";
    /** Paths as the plain strings a user reads and edits, not Jackson's {@code file://} URIs. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new SimpleModule("paths")
                    .addSerializer(Path.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Path p, JsonGenerator out, SerializerProvider s) throws IOException {
                            out.writeString(p.toString());
                        }
                    })
                    .addDeserializer(Path.class, new JsonDeserializer<>() {
                        @Override
                        public Path deserialize(JsonParser in, DeserializationContext c) throws IOException {
                            return Path.of(in.getValueAsString());
                        }
                    }));

    public RunConfig {
        frontEnd = frontEnd == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(frontEnd));
        options = options == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** What the run was started with as JSON values: the settings, or an earlier release's options. */
    Object startedWith() {
        return settings != null ? JSON.convertValue(settings, Map.class) : options;
    }

    static RunConfig of(TrainingJobSettings settings, Map<String, String> frontEnd, ModelConfig model) {
        return new RunConfig(FORMAT, settings, frontEnd, null, model);
    }

    /**
     * Writes {@code config.json} into {@code runDir}, atomically and durably.
     *
     * @throws BadInputException naming the file and the operating system's reason
     */
    void write(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            DurableFiles.write(file, JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new BadInputException("cannot write " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    /**
     * The {@code config.json} of a run folder, or empty for a folder written before textlstm stored it.
     *
     * @throws BadInputException naming the file, in one line, when it exists but is not a run configuration
     */
    public static Optional<RunConfig> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        RunConfig c;
        try {
            c = JSON.readValue(file.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + DurableFiles.cause(e), e);
        }
        boolean current = c != null && FORMAT.equals(c.format()) && c.settings() != null;
        boolean earlier = c != null && FORMAT_OPTIONS.equals(c.format()) && c.options() != null;
        if (!(current || earlier) || c.model() == null) {
            throw new BadInputException(file + " is not a textlstm run configuration (expected \"format\": \"" + FORMAT
                    + "\" with \"settings\" and \"model\")");
        }
        return Optional.of(c);
    }
}
