package io.textlstm.serve.core;

import io.textlstm.BadInputException;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.WarmupRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.TensorProto;

/**
 * Loads one version folder into a {@link Servable} and warms it up by replaying
 * {@code assets.extra/tf_serving_warmup_requests}, as TF Serving's model warmup does (docs/serving.md), so the first
 * real request does not pay for graph optimisation.
 */
final class VersionLoader {

    /** TF Serving replays at most this many warmup records. */
    static final int MAX_WARMUP_RECORDS = 1000;

    /** A version that is loaded and warmed up, and how many warmup requests it replayed. */
    record Loaded(Servable servable, int warmups) {}

    private VersionLoader() {}

    /**
     * Loads, reads the signatures of and warms up the version in {@code dir}; on failure nothing stays open.
     *
     * @throws RuntimeException whatever made the load fail, with a message for the status API and the log
     */
    static Loaded load(Path dir) {
        TextClassifier classifier = null;
        try {
            classifier = TextClassifier.load(dir);
            ModelSignatures sigs = ModelSignatures.read(dir);
            int warmups = warmUp(classifier, dir);
            return new Loaded(new TextClassifierServable(classifier, sigs), warmups);
        } catch (RuntimeException ex) {
            if (classifier != null) {
                classifier.close();
            }
            throw ex;
        }
    }

    /** Replays the version's warmup records (TF Serving's model warmup); returns how many ran. */
    static int warmUp(TextClassifier classifier, Path dir) {
        Path file = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.WARMUP_FILE);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        List<WarmupRequests.Request> requests;
        try {
            requests = WarmupRequests.read(file);
        } catch (IOException ex) {
            throw new BadInputException("warmup file " + file + " is unreadable: " + ex.getMessage(), ex);
        }
        int n = 0;
        for (WarmupRequests.Request r : requests) {
            if (n == MAX_WARMUP_RECORDS) {
                break;
            }
            TensorProto t = r.tensor();
            if (ExportLayout.PREDICT_IDS.equals(r.signatureName())) {
                int len = classifier.maxLength();
                int rows = t.getIntValCount() / len;
                int[][] ids = new int[rows][len];
                for (int i = 0; i < rows * len; i++) {
                    ids[i / len][i % len] = t.getIntVal(i);
                }
                classifier.predictIds(ids);
            } else {
                List<String> texts = new ArrayList<>();
                t.getStringValList().forEach(b -> texts.add(b.toString(StandardCharsets.UTF_8)));
                classifier.predict(texts);
            }
            n++;
        }
        return n;
    }
}
