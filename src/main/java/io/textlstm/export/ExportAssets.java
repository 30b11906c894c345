package io.textlstm.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes an export's files beside the graph (docs/savedmodel.md, "Layout"): {@code assets/vocab.txt},
 * {@code assets/labels.txt}, {@code assets.extra/model.json} and {@code assets.extra/tf_serving_warmup_requests}.
 */
final class ExportAssets {
    private ExportAssets() {}

    static void write(Path dir, ExportRequest request, String modelName) throws IOException {
        Path assets = Files.createDirectories(dir.resolve(ExportLayout.ASSETS_DIR));
        Path extra = Files.createDirectories(dir.resolve(ExportLayout.ASSETS_EXTRA_DIR));
        byte[] vocab = lines(request.vocabulary());
        Files.write(assets.resolve(ExportLayout.VOCAB_FILE), vocab);
        Files.write(assets.resolve(ExportLayout.LABELS_FILE), lines(request.labels()));
        ModelJson.of(request, modelName, sha256(vocab)).write(extra.resolve(ExportLayout.MODEL_JSON));
        WarmupRequests.write(extra.resolve(ExportLayout.WARMUP_FILE), modelName, request.warmupTexts());
    }

    /** One item per line, each ending in {@code \n}, UTF-8: how {@code vocab.txt} and {@code labels.txt} are written. */
    static byte[] lines(List<String> items) {
        StringBuilder sb = new StringBuilder();
        for (String s : items) {
            sb.append(s).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
