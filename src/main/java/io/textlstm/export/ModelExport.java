package io.textlstm.export;

import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.Versions;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Exports a trained LSTM classifier with its vocabulary, labels and run metrics: what {@code train} and {@code export} call. */
public final class ModelExport {
    private ModelExport() {}

    /** Fails at once, not after hours of training, when {@code basePath} cannot take an export. */
    public static void requireWritable(Path basePath) {
        try {
            Files.createDirectories(basePath);
            Files.delete(Files.createTempFile(basePath, ".write-check-", ""));
        } catch (IOException e) {
            throw new BadInputException("cannot write exports to " + basePath + ": " + DurableFiles.cause(e), e);
        }
    }

    /**
     * @param basePath {@code savedmodel/<name>}
     * @param metrics the run's metrics.json content, copied into {@code assets.extra/model.json}
     */
    public static ExportResult export(Path basePath, OptionalLong version, ModelConfig config, ModelWeights weights,
            List<String> vocabulary, List<String> labels, String vocabularySha256, Map<String, Object> metrics) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("format", "textlstm-savedmodel/1");
        info.put("textlstm_version", Versions.textlstm());
        info.put("tensorflow_version", Versions.tensorflow());
        info.put("config", config);
        info.put("labels", labels);
        info.put("vocabulary_size", vocabulary.size());
        info.put("vocabulary_sha256", vocabularySha256);
        info.put("max_length", config.maxLength());
        info.put("tokenizer", "lowercase (Unicode); <br\\s*/?> -> space; [^\\p{L}\\p{N}']+ -> space; split; "
                + "ids 0 pad, 1 start, 2 unknown; pad/truncate 'pre'");
        info.put("metrics", metrics);
        ExportRequest request = ExportRequest.builder()
                .basePath(basePath)
                .version(version)
                .network(new LstmInferenceNetwork(config, weights))
                .vocabulary(vocabulary)
                .labels(labels)
                .maxLength(config.maxLength())
                .modelInfo(info)
                .build();
        try {
            return new SavedModelExporter().export(request);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + basePath + ": " + DurableFiles.cause(e), e);
        }
    }
}
