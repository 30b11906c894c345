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

    /**
     * Replays the version's warmup records (TF Serving's model warmup), then runs one request of one row on each
     * signature no record ran; returns how many requests ran. A session's first run of a signature builds its
     * executor (about 0.7 s for the IMDB export, in a fresh JVM); on the batch thread that would stall every request
     * of the server during a hot swap, not only the new version's first.
     */
    static int warmUp(TextClassifier classifier, Path dir) {
        Path file = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.WARMUP_FILE);
        boolean[] ran = new boolean[2]; // serving_default, predict_ids
        int n = Files.isRegularFile(file) ? replay(classifier, file, ran) : 0;
        if (!ran[0]) {
            classifier.predict(List.of("warm up"));
            n++;
        }
        if (!ran[1]) {
            classifier.predictIds(new int[1][classifier.maxLength()]);
            n++;
        }
        return n;
    }

    private static int replay(TextClassifier classifier, Path file, boolean[] ran) {
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
                ran[1] = true;
            } else {
                List<String> texts = new ArrayList<>();
                t.getStringValList().forEach(b -> texts.add(b.toString(StandardCharsets.UTF_8)));
                classifier.predict(texts);
                ran[0] = true;
            }
            n++;
        }
        return n;
    }
}
