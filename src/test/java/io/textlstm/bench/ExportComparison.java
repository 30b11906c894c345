package io.textlstm.bench;

import io.textlstm.client.TextClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether exports answer the same, bit for bit: scores the same texts, in the same batches, with every export and
 * compares each one's probabilities with the first's (identical rows, largest difference in units in the last place,
 * rows whose class differs). This is how a refactoring is checked against the committed reference model.
 *
 * <p>Usage: {@code ExportComparison TEXTS_FILE BATCH EXPORT_A EXPORT_B [EXPORT_C ...]}; texts one per line (as
 * {@link ReviewSample} writes them). {@code EXPORT@N} scores that export in batches of N instead (the same export at
 * {@code @1} and {@code @64}: how far a merged batch's answers are from single requests').
 */
public final class ExportComparison {
    private ExportComparison() {}

    public static void main(String[] args) throws IOException {
        List<String> texts = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int batch = Integer.parseInt(args[1]);
        List<float[][]> answers = new ArrayList<>();
        for (int m = 2; m < args.length; m++) {
            int at = args[m].lastIndexOf('@');
            answers.add(at < 0 ? score(Path.of(args[m]), texts, batch)
                    : score(Path.of(args[m].substring(0, at)), texts, Integer.parseInt(args[m].substring(at + 1))));
        }
        float[][] first = answers.get(0);
        for (int m = 1; m < answers.size(); m++) {
            float[][] other = answers.get(m);
            int identical = 0;
            int classDiffers = 0;
            long maxUlps = 0;
            double maxDiff = 0;
            for (int i = 0; i < texts.size(); i++) {
                boolean same = true;
                for (int k = 0; k < first[i].length; k++) {
                    float a = first[i][k];
                    float b = other[i][k];
                    same &= Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b);
                    maxUlps = Math.max(maxUlps, Math.abs((long) Float.floatToRawIntBits(a) - Float.floatToRawIntBits(b)));
                    maxDiff = Math.max(maxDiff, Math.abs(a - b));
                }
                identical += same ? 1 : 0;
                classDiffers += argmaxOrThreshold(first[i]) != argmaxOrThreshold(other[i]) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "%s vs %s: %d of %d texts bit-identical, max |diff| %.3g (%d ulp), class "
                    + "differs for %d%n", args[2], args[m + 2], identical, texts.size(), maxDiff, maxUlps, classDiffers);
        }
    }

    private static float[][] score(Path export, List<String> texts, int batch) {
        float[][] out = new float[texts.size()][];
        try (TextClassifier c = TextClassifier.load(export)) {
            for (int from = 0; from < texts.size(); from += batch) {
                List<float[]> rows = c.probabilities(texts.subList(from, Math.min(texts.size(), from + batch)));
                for (int i = 0; i < rows.size(); i++) {
                    out[from + i] = rows.get(i);
                }
            }
        }
        return out;
    }

    private static int argmaxOrThreshold(float[] p) {
        if (p.length == 1) {
            return p[0] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }
}
