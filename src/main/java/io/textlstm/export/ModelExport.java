package io.textlstm.export;

import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Exports a trained LSTM classifier with its vocabulary, labels and run metrics: what {@code train} and {@code export} call. */
public final class ModelExport {
    private ModelExport() {}

    /**
     * Fails at once, not after hours of training, when {@code basePath} cannot take an export of {@code version}: it
     * cannot be written, or that version exists already (empty: the next free version, which always can).
     */
    public static void requireWritable(Path basePath, OptionalLong version) {
        Path base = basePath.toAbsolutePath().normalize();
        Path firstMissing = null;
        for (Path p = base; p != null && !Files.exists(p); p = p.getParent()) {
            firstMissing = p;
        }
        try {
            Files.createDirectories(base);
            Files.delete(Files.createTempFile(base, ".write-check-", ""));
            VersionPublisher.chooseVersion(base, version);
        } catch (IOException e) {
            throw new BadInputException("cannot write exports to " + basePath + ": " + DurableFiles.cause(e), e);
        } finally {
            removeEmptyFolders(base, firstMissing); // the check leaves nothing behind; the export makes them again
        }
    }

    /** Removes {@code from} and its parents up to {@code upTo} while they are empty folders. */
    private static void removeEmptyFolders(Path from, Path upTo) {
        if (upTo == null) {
            return;
        }
        for (Path p = from; p != null && p.startsWith(upTo); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (someone else writes there) or not ours to remove
            }
        }
    }

    /**
     * @param basePath {@code savedmodel/<name>}
     * @param vocabularySha256 the vocabulary's {@code sha256()}; checked against {@code vocab.txt} as written, so
     *     model.json's {@code vocabulary_sha256} is the hash the run recorded
     * @param metrics the run's metrics.json content, copied into {@code assets.extra/model.json}
     */
    public static ExportResult export(Path basePath, OptionalLong version, ModelConfig config, ModelWeights weights,
            List<String> vocabulary, List<String> labels, String vocabularySha256, Map<String, Object> metrics) {
        String written = ExportAssets.sha256(ExportAssets.lines(vocabulary));
        if (!written.equals(vocabularySha256)) {
            throw new IllegalArgumentException("the vocabulary hashes to " + written + ", not to the given "
                    + vocabularySha256);
        }
        ExportRequest request = ExportRequest.builder()
                .basePath(basePath)
                .version(version)
                .network(new LstmInferenceNetwork(config, weights))
                .vocabulary(vocabulary)
                .labels(labels)
                .maxLength(config.maxLength())
                .config(config)
                .metrics(metrics)
                .build();
        try {
            return new SavedModelExporter().export(request);
        } catch (IOException e) {
            throw new BadInputException("cannot export to " + basePath + ": " + DurableFiles.cause(e), e);
        }
    }
}
