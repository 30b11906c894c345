package io.textlstm.train;

import io.textlstm.data.VectorizedSplit;
import java.util.Arrays;
import java.util.Random;

/** Small synthetic sequence tasks (vocab 50, length 20) whose answer depends on tokens anywhere in the sequence. */
final class TinyData {
    static final int VOCAB = 50;
    static final int LENGTH = 20;

    private TinyData() {}

    /**
     * Class k in [0, classes) is marked by token 3 + k placed at a random position (possibly early, so the
     * LSTM must carry it); every other token is noise drawn from ids that are never markers.
     */
    static VectorizedSplit markerTask(int n, int classes, long seed) {
        Random random = new Random(seed);
        int[] ids = new int[n * LENGTH];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = random.nextInt(classes);
            labels[i] = label;
            int padding = random.nextInt(LENGTH / 2); // 'pre' padding as pad_sequences makes it
            for (int t = 0; t < LENGTH; t++) {
                ids[i * LENGTH + t] = t < padding ? 0 : 3 + classes + random.nextInt(VOCAB - 3 - classes);
            }
            ids[i * LENGTH + padding] = 1; // start marker
            int at = padding + 1 + random.nextInt(LENGTH - padding - 1);
            ids[i * LENGTH + at] = 3 + label;
        }
        return new VectorizedSplit(ids, labels, n, LENGTH);
    }

    /** {@code n} ones: a dropout mask that keeps everything. */
    static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    /** A batch of the first rows with given masks. */
    static Batch batch(VectorizedSplit data, int n, float[] inputMask, float[] recurrentMask) {
        float[] weights = new float[n];
        Arrays.fill(weights, 1f);
        return new Batch(n, Arrays.copyOf(data.ids(), n * data.maxLength()), Arrays.copyOf(data.labels(), n), weights,
                inputMask, recurrentMask);
    }
}
