package io.textlstm.bench;

import io.textlstm.client.TextClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How a text's answer depends on the batch it is scored in (docs/model.md, "Numerics"): scores TEXT alone, as k copies
 * of itself, and after each companion text, and prints its first output with the difference from the lone answer in
 * units in the last place. Run it with {@code TF_ENABLE_ONEDNN_OPTS=0} and {@code =1} to compare TF's kernels.
 *
 * <p>Usage: {@code BatchEffect MODEL TEXT [COMPANION ...]}, or {@code BatchEffect MODEL --texts FILE} (one text per line,
 * as {@link ReviewSample} writes them): every text scored alone and in consecutive batches of 64 and 1,000, and per
 * batch size how many answers equal the lone ones bit for bit, the largest difference in ulp and how many labels change.
 */
public final class BatchEffect {
    private BatchEffect() {}

    public static void main(String[] args) throws java.io.IOException {
        Path model = Path.of(args[0]);
        if (args[1].equals("--texts")) {
            sample(model, java.nio.file.Files.readAllLines(Path.of(args[2]), java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        String text = args[1];
        List<List<String>> batches = new ArrayList<>();
        for (int k : new int[] {1, 2, 5, 16, 40, 1000}) {
            batches.add(Collections.nCopies(k, text));
        }
        for (int i = 2; i < args.length; i++) {
            batches.add(List.of(args[i], text));
        }
        System.out.printf(Locale.ROOT, "TF_ENABLE_ONEDNN_OPTS=%s, model %s, text \"%s\"%n",
                System.getenv("TF_ENABLE_ONEDNN_OPTS"), model, text);
        try (TextClassifier c = TextClassifier.load(model)) {
            float alone = c.probabilities(List.of(text)).get(0)[0];
            for (List<String> batch : batches) {
                float p = c.probabilities(batch).get(batch.size() - 1)[0];
                String what = batch.size() > 2 || batch.get(0).equals(text) ? batch.size() + " x the text"
                        : "after \"" + batch.get(0) + "\"";
                System.out.printf(Locale.ROOT, "%-40s %.9g  %+d ulp%n", what, p,
                        Float.floatToIntBits(p) - Float.floatToIntBits(alone));
            }
        }
    }

    private static void sample(Path model, List<String> texts) {
        System.out.printf(Locale.ROOT, "TF_ENABLE_ONEDNN_OPTS=%s, model %s, %d texts%n", System.getenv("TF_ENABLE_ONEDNN_OPTS"),
                model, texts.size());
        try (TextClassifier c = TextClassifier.load(model)) {
            float[] alone = new float[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                alone[i] = c.probabilities(List.of(texts.get(i))).get(0)[0];
            }
            for (int batch : new int[] {64, 1000}) {
                int identical = 0;
                int labelChanges = 0;
                long maxUlps = 0;
                double maxDiff = 0;
                for (int from = 0; from < texts.size(); from += batch) {
                    List<float[]> rows = c.probabilities(texts.subList(from, Math.min(texts.size(), from + batch)));
                    for (int i = 0; i < rows.size(); i++) {
                        float a = alone[from + i];
                        float b = rows.get(i)[0];
                        long ulps = Math.abs((long) Float.floatToIntBits(a) - Float.floatToIntBits(b));
                        identical += ulps == 0 ? 1 : 0;
                        maxUlps = Math.max(maxUlps, ulps);
                        maxDiff = Math.max(maxDiff, Math.abs(a - b));
                        labelChanges += (a >= 0.5f) != (b >= 0.5f) ? 1 : 0;
                    }
                }
                System.out.printf(Locale.ROOT, "batch %4d vs alone: %d of %d bit-identical, max %d ulp (|diff| %.2g), %d labels "
                        + "change%n", batch, identical, texts.size(), maxUlps, maxDiff, labelChanges);
            }
        }
    }
}
