package io.textlstm.export;

import io.textlstm.BadInputException;
import io.textlstm.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trained {@link InferenceNetwork} as a TF Serving-ready SavedModel (docs/savedmodel.md): validates the
 * request, then {@link VersionPublisher} picks the version and a staging folder, {@link ServingGraph} writes the
 * graph, signatures and weights (finished by {@link MetaGraphFinisher}), {@link ExportAssets} writes the vocabulary,
 * labels, model.json and warmup requests, {@link ReloadCheck} loads the result again and compares it bitwise with the
 * export session, and only then {@link VersionPublisher} publishes it atomically.
 *
 * <p>{@code saved_model.pb} is serialized deterministically, so two exports of the same weights give the same bytes.
 */
public final class SavedModelExporter {

    /** Exports {@code request}; returns where the model went and the self-check's reference outputs. */
    public ExportResult export(ExportRequest request) throws IOException {
        validate(request);
        Path base = request.basePath().toAbsolutePath().normalize();
        Files.createDirectories(base);
        long version = VersionPublisher.chooseVersion(base, request.version());
        VersionPublisher.removeDeadStagingFolders(base);
        InGraphTokenizer tokenizer = InGraphTokenizer.create(request.vocabulary(), request.maxLength());
        Path tmp = VersionPublisher.stagingFolder(base, version);
        try {
            float[][] reference = ServingGraph.write(tmp, request, tokenizer);
            ExportAssets.write(tmp, request, base.getFileName().toString());
            ReloadCheck.verify(tmp, request.warmupTexts(), reference);
            long finalVersion = VersionPublisher.publish(tmp, base, version, request.version().isPresent());
            return new ExportResult(base.resolve(Long.toString(finalVersion)), finalVersion, request.warmupTexts(),
                    reference);
        } finally {
            FileTrees.delete(tmp);
        }
    }

    private static void validate(ExportRequest r) {
        if (r.labels().size() < 2) {
            throw new BadInputException("a classifier needs at least 2 labels, got " + r.labels());
        }
        for (int i = 0; i < r.labels().size(); i++) {
            String l = r.labels().get(i);
            if (l.isEmpty() || l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new BadInputException("label " + i + " must be non-empty and on one line: '" + l + "'");
            }
        }
        for (int i = 0; i < r.vocabulary().size(); i++) {
            String w = r.vocabulary().get(i);
            if (w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
                throw new BadInputException("vocabulary id " + i + " contains a line break; vocab.txt needs one token per line");
            }
        }
    }
}
