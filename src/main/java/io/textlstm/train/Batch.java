package io.textlstm.train;

import java.util.Arrays;

/**
 * One training batch in flat primitive arrays: ids row-major [size, maxLength], class ids, per-sample loss
 * weights and the Keras dropout masks, row-major [size, embeddingDim] and [size, units].
 */
public record Batch(int size, int[] ids, int[] labels, float[] sampleWeights, float[] inputMask, float[] recurrentMask) {

    /** Rows [from, to) of this batch. */
    public Batch slice(int from, int to) {
        int maxLength = ids.length / size;
        int inputWidth = inputMask.length / size;
        int units = recurrentMask.length / size;
        return new Batch(to - from,
                Arrays.copyOfRange(ids, from * maxLength, to * maxLength),
                Arrays.copyOfRange(labels, from, to),
                Arrays.copyOfRange(sampleWeights, from, to),
                Arrays.copyOfRange(inputMask, from * inputWidth, to * inputWidth),
                Arrays.copyOfRange(recurrentMask, from * units, to * units));
    }
}
