package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Keras dropout semantics: one mask per sequence for all steps, scaled by 1/(1-p), off at inference. */
class DropoutTest {
    private static ModelConfig config(float dropout) {
        return ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH).embeddingDim(6).units(8)
                .dropout(dropout).recurrentDropout(dropout).build();
    }

    @Test
    void masksAreZeroOrScaledWithTheRightRate() {
        float[] mask = DropoutMasks.sample(new SplittableRandom(1), 1000, 100, 0.2f);
        long zeros = 0;
        for (float v : mask) {
            assertTrue(v == 0f || v == 1.25f, "mask value " + v);
            zeros += v == 0f ? 1 : 0;
        }
        assertEquals(0.2, zeros / (double) mask.length, 0.01);
        for (float v : DropoutMasks.sample(new SplittableRandom(1), 10, 10, 0f)) {
            assertEquals(1f, v);
        }
    }

    @Test
    void inputMaskAppliesAtEveryStep() {
        // Zeroing the whole input mask of a sequence removes every x_t: its output no longer depends on its ids.
        ModelConfig c = config(0.2f);
        VectorizedSplit data = TinyData.markerTask(2, 2, 1);
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(ModelWeights.initial(c, 3));
            float[] inMask = new float[2 * 6];
            float[] recMask = TinyData.ones(2 * 8);
            float[] logitsA = s.lossAndGradients(TinyData.batch(data, 2, inMask, recMask)).get(0);
            int[] otherIds = data.ids().clone();
            Arrays.fill(otherIds, 7);
            VectorizedSplit other = new VectorizedSplit(otherIds, data.labels(), 2, TinyData.LENGTH);
            float[] logitsB = s.lossAndGradients(TinyData.batch(other, 2, inMask, recMask)).get(0);
            assertArrayEquals(logitsA, logitsB, "loss with all inputs dropped must not depend on the ids");
            float[] logitsC = s.lossAndGradients(TinyData.batch(other, 2, TinyData.ones(12), recMask)).get(0);
            assertNotEquals(logitsA[0], logitsC[0]);
        }
    }

    @Test
    void masksOfOnesEqualInferenceAndDropoutIsOffAtInference() {
        VectorizedSplit data = TinyData.markerTask(16, 2, 2);
        ModelWeights w = ModelWeights.initial(config(0f), 4);
        float[] withDropoutConfig;
        float[] withoutDropoutConfig;
        try (TrainingSession s = new TrainingSession(config(0.5f), Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(w);
            withDropoutConfig = s.predictProbabilities(data.ids(), 16);
            // Training forward with masks of ones is the inference computation (unrolled cells vs fused BlockLSTM).
            float[] trainLogits = s.trainStepLogitsWithoutUpdate(TinyData.batch(data, 16, TinyData.ones(16 * 6), TinyData.ones(16 * 8)));
            for (int i = 0; i < 16; i++) {
                double p = 1 / (1 + Math.exp(-trainLogits[i]));
                assertEquals(p, withDropoutConfig[i], 1e-6, "row " + i);
            }
        }
        try (TrainingSession s = new TrainingSession(config(0f), Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(w);
            withoutDropoutConfig = s.predictProbabilities(data.ids(), 16);
        }
        assertArrayEquals(withoutDropoutConfig, withDropoutConfig, "inference must be bitwise independent of the dropout rate");
    }

    @Test
    void skippingCommonPaddingComputesTheFullSequence() {
        // Rows with different amounts of padding, including a row of padding only, through the inference graph
        // (which skips the padding all rows share) and through the unrolled training cells (which do not).
        assertPaddingSkipExact(new int[] {3, 7, 20, 0}, true);
    }

    @Test
    void chainsAndSegmentsOfALargerBatchComputeTheFullSequence() {
        // more rows than one chain holds, lengths from empty to full in random order: rows join the running chains at
        // segment starts and come back in input order
        java.util.Random r = new java.util.Random(11);
        int[] lengths = new int[70];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = i % 17 == 0 ? TinyData.LENGTH : i % 23 == 0 ? 0 : 1 + r.nextInt(TinyData.LENGTH);
        }
        assertPaddingSkipExact(lengths, false);
    }

    private static void assertPaddingSkipExact(int[] lengths, boolean eachAlone) {
        ModelConfig c = config(0f);
        int n = lengths.length;
        int[] ids = new int[n * TinyData.LENGTH];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            for (int t = TinyData.LENGTH - lengths[i]; t < TinyData.LENGTH; t++) {
                ids[i * TinyData.LENGTH + t] = 3 + r.nextInt(TinyData.VOCAB - 3);
            }
        }
        VectorizedSplit data = new VectorizedSplit(ids, new int[n], n, TinyData.LENGTH);
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(ModelWeights.initial(c, 4));
            float[] full = s.trainStepLogitsWithoutUpdate(TinyData.batch(data, n, TinyData.ones(n * 6), TinyData.ones(n * 8)));
            float[] together = s.predictProbabilities(ids, n);
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-full[i]));
                assertEquals(p, together[i], 1e-6, "row " + i + " in a mixed batch");
                float[] alone = s.predictProbabilities(java.util.Arrays.copyOfRange(ids, i * TinyData.LENGTH, (i + 1) * TinyData.LENGTH), 1);
                assertEquals(p, alone[0], 1e-6, "row " + i + " alone");
            }
            if (eachAlone) {
                assertArrayEquals(together, SplitPredictor.predict(s, data, 3), "length-sorted batching returns rows in order");
                assertEquals(0, s.predictProbabilities(new int[0], 0).length, "an empty batch is fine");
            }
        }
    }
}
