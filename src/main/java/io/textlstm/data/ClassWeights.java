package io.textlstm.data;

/** Class weights for skewed data ({@code --class-weights balanced}). */
public final class ClassWeights {

    private ClassWeights() {}

    /**
     * scikit-learn's {@code compute_class_weight("balanced")}: {@code n / (k * count[c])} for n rows and k
     * classes, so every class carries the same total weight. A class without rows gets weight 0 (it never
     * appears in a batch); a training split always has every class
     * ({@link LabelSet} takes the classes from it).
     */
    public static float[] balanced(VectorizedSplit split, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        int[] counts = split.classCounts(numClasses);
        float[] w = new float[numClasses];
        for (int c = 0; c < numClasses; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) split.size() / ((double) numClasses * counts[c]));
        }
        return w;
    }
}
