package io.textlstm.model;

import java.util.Random;

/**
 * Keras' weight initializers, computed in Java from a seeded generator so that a seed fixes the initial
 * weights exactly, independent of TensorFlow's random kernels.
 *
 * <p>Matrices are row-major {@code float[rows * cols]}.
 */
public final class Initializers {
    private Initializers() {}

    /** {@code RandomUniform(-limit, limit)}; Keras' Embedding default uses limit 0.05. */
    public static float[] uniform(Random random, int size, double limit) {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return out;
    }

    /** {@code GlorotUniform}: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)) for a [fanIn, fanOut] kernel. */
    public static float[] glorotUniform(Random random, int fanIn, int fanOut) {
        return uniform(random, fanIn * fanOut, Math.sqrt(6.0 / (fanIn + fanOut)));
    }

    /**
     * {@code Orthogonal(gain=1)} for a [rows, cols] matrix: the Q factor of a Gaussian matrix with the signs of
     * R's diagonal folded in (as Keras does), so rows are orthonormal when rows ≤ cols, columns otherwise.
     */
    public static float[] orthogonal(Random random, int rows, int cols) {
        // Keras factors the taller orientation and transposes back.
        int n = Math.max(rows, cols);
        int m = Math.min(rows, cols);
        double[][] a = new double[m][n]; // m column vectors of length n
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < n; i++) {
                a[j][i] = random.nextGaussian();
            }
        }
        // Modified Gram-Schmidt gives Q with R's diagonal positive, which is Keras' q * sign(diag(r)).
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += a[k][i] * a[j][i];
                }
                for (int i = 0; i < n; i++) {
                    a[j][i] -= dot * a[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += a[j][i] * a[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                a[j][i] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                // rows < cols: row r of the result is vector r; otherwise column c is vector c
                out[r * cols + c] = (float) (rows <= cols ? a[r][c] : a[c][r]);
            }
        }
        return out;
    }
}
