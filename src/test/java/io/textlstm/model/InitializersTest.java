package io.textlstm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitializersTest {
    private final ModelConfig config = ModelConfig.builder().numWords(50).maxLength(20).embeddingDim(8).units(8).build();

    @Test
    void recurrentKernelHasOrthonormalRows() {
        float[] u = ModelWeights.initial(config, 7).get(ModelWeights.RECURRENT_KERNEL); // [8, 32]
        int rows = 8;
        int cols = 32;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < rows; j++) {
                double dot = 0;
                for (int k = 0; k < cols; k++) {
                    dot += (double) u[i * cols + k] * u[j * cols + k];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5, "row " + i + " . row " + j);
            }
        }
    }

    @Test
    void tallOrthogonalMatrixHasOrthonormalColumns() {
        float[] q = Initializers.orthogonal(new java.util.Random(1), 12, 5);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double dot = 0;
                for (int k = 0; k < 12; k++) {
                    dot += (double) q[k * 5 + i] * q[k * 5 + j];
                }
                assertEquals(i == j ? 1.0 : 0.0, dot, 1e-5);
            }
        }
    }

    @Test
    void forgetGateBiasIsOneAndOtherBiasesZero() {
        float[] b = ModelWeights.initial(config, 7).get(ModelWeights.BIAS);
        for (int j = 0; j < b.length; j++) {
            boolean forget = j >= 2 * 8 && j < 3 * 8; // i, c, f, o layout
            assertEquals(forget ? 1f : 0f, b[j], "bias[" + j + "]");
        }
        for (float v : ModelWeights.initial(config, 7).get(ModelWeights.DENSE_BIAS)) {
            assertEquals(0f, v);
        }
    }

    @Test
    void uniformInitializersStayWithinKerasLimits() {
        ModelWeights w = ModelWeights.initial(config, 7);
        float maxEmbedding = max(w.get(ModelWeights.EMBEDDING));
        assertTrue(maxEmbedding <= 0.05f && maxEmbedding > 0.04f, "embedding within U(-0.05, 0.05): " + maxEmbedding);
        double glorot = Math.sqrt(6.0 / (8 + 32));
        float maxKernel = max(w.get(ModelWeights.KERNEL));
        assertTrue(maxKernel <= glorot && maxKernel > 0.8 * glorot, "kernel within Glorot limit " + glorot + ": " + maxKernel);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertEquals(java.util.Arrays.toString(ModelWeights.initial(config, 7).get(ModelWeights.KERNEL)),
                java.util.Arrays.toString(ModelWeights.initial(config, 7).get(ModelWeights.KERNEL)));
        assertTrue(ModelWeights.initial(config, 7).get(ModelWeights.KERNEL)[0] != ModelWeights.initial(config, 8).get(ModelWeights.KERNEL)[0]);
    }

    private static float max(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
