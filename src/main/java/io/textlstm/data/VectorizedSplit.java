package io.textlstm.data;

import java.util.Arrays;

/**
 * One split as model input: {@code size} rows of {@code maxLength} token ids, flat and row-major (row i is
 * {@code ids[i*maxLength .. (i+1)*maxLength)}), and one class id per row.
 */
public record VectorizedSplit(int[] ids, int[] labels, int size, int maxLength) {

    public VectorizedSplit {
        if (size < 0 || maxLength < 1) {
            throw new IllegalArgumentException("size " + size + ", maxLength " + maxLength);
        }
        if (ids.length != (long) size * maxLength) {
            throw new IllegalArgumentException("ids has " + ids.length + " values, expected " + size + " x " + maxLength);
        }
        if (labels.length != size) {
            throw new IllegalArgumentException("labels has " + labels.length + " values, expected " + size);
        }
    }

    /** A copy of row {@code i}. */
    public int[] row(int i) {
        return Arrays.copyOfRange(ids, i * maxLength, (i + 1) * maxLength);
    }

    /** The class id of row {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Rows per class id, for {@code numClasses} classes. */
    public int[] classCounts(int numClasses) {
        int[] counts = new int[numClasses];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }
}
