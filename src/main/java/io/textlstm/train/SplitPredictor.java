package io.textlstm.train;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.eval.ClassificationMetrics;
import java.util.Arrays;

/**
 * Scores a vectorized split with a {@link TrainingSession}'s inference graph (no dropout): the per-epoch evaluation
 * of {@link Trainer} and the held-out test score of {@link TrainingJob}.
 */
public final class SplitPredictor {
    private SplitPredictor() {}

    /** The metrics of the session's current weights on {@code split}. */
    public static ClassificationMetrics evaluate(TrainingSession session, VectorizedSplit split, int batchSize) {
        float[] probabilities = predict(session, split, batchSize);
        return ClassificationMetrics.compute(probabilities, split.labels(), session.config().numClasses());
    }

    /**
     * Probabilities for every row of {@code split}, row-major [n, outputUnits]. Rows are batched by length (the
     * inference graph skips the padding a batch has in common), and results are returned in the split's order.
     */
    public static float[] predict(TrainingSession session, VectorizedSplit split, int batchSize) {
        int width = session.config().outputUnits();
        int n = split.size();
        int len = split.maxLength();
        Integer[] byLength = new Integer[n];
        int[] padding = new int[n];
        for (int i = 0; i < n; i++) {
            byLength[i] = i;
            int k = 0;
            while (k < len && split.ids()[i * len + k] == 0) {
                k++;
            }
            padding[i] = k;
        }
        Arrays.sort(byLength, (a, b) -> padding[b] != padding[a] ? Integer.compare(padding[b], padding[a]) : Integer.compare(a, b));
        float[] out = new float[n * width];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] ids = new int[(to - from) * len];
            for (int r = from; r < to; r++) {
                System.arraycopy(split.ids(), byLength[r] * len, ids, (r - from) * len, len);
            }
            float[] p = session.predictProbabilities(ids, to - from);
            for (int r = from; r < to; r++) {
                System.arraycopy(p, (r - from) * width, out, byLength[r] * width, width);
            }
        }
        return out;
    }
}
