package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;

/** Keras' first Adam step moves every weight by lr·g/(|g| + ε/√(1-β2)), in every fresh session. */
class AdamTest {

    @RepeatedTest(5)
    void firstStepMovesEachWeightAsKerasDoes() {
        ModelConfig c = ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH).embeddingDim(6).units(8)
                .dropout(0f).recurrentDropout(0f).build();
        VectorizedSplit data = TinyData.markerTask(12, 2, 9);
        Batch batch = TinyData.batch(data, 12, TinyData.ones(12 * 6), TinyData.ones(12 * 8));
        Adam.Config adam = Adam.Config.keras();
        ModelWeights initial = ModelWeights.initial(c, 1);
        try (TrainingSession s = new TrainingSession(c, adam, 2, 1, 2)) {
            s.initialize(initial);
            List<float[]> grads = s.lossAndGradients(batch);
            s.trainStep(batch);
            Map<String, float[]> state = s.state();
            double epsHat = adam.epsilon() / Math.sqrt(1 - adam.beta2());
            int moved = 0;
            for (int w = 0; w < ModelWeights.NAMES.size(); w++) {
                String name = ModelWeights.NAMES.get(w);
                float[] before = initial.get(name);
                float[] after = state.get(name);
                float[] g = grads.get(w + 1);
                for (int i = 0; i < g.length; i++) {
                    double expected = -adam.learningRate() * g[i] / (Math.abs(g[i]) + epsHat);
                    assertEquals(expected, (double) after[i] - before[i], 2e-7 + 1e-3 * Math.abs(expected), name + "[" + i + "]");
                    moved += g[i] != 0 ? 1 : 0;
                }
            }
            assertTrue(moved > 100, "most weights have a gradient");
            assertEquals(adam.beta1() * adam.beta1(), state.get(Adam.BETA1_POWER)[0], 1e-7);
            assertEquals(adam.beta2() * adam.beta2(), state.get(Adam.BETA2_POWER)[0], 1e-7);
        }
    }
}
