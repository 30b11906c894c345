package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.model.TestWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hand-written backward pass against central differences of the loss, for every trainable weight,
 * with dropout masks active, class weights, and the batch split across chains.
 */
class GradientCheckTest {

    @ParameterizedTest(name = "classes={0} chains={1}")
    @CsvSource({"2,1", "2,2", "4,2"})
    void analyticGradientsMatchCentralDifferences(int classes, int chains) {
        ModelConfig c = ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH)
                .embeddingDim(6).units(8).numClasses(classes).dropout(0.2f).recurrentDropout(0.2f).build();
        VectorizedSplit data = TinyData.markerTask(10, classes, 3);
        SplittableRandom r = new SplittableRandom(11);
        Batch batch = TinyData.batch(data, 7,
                DropoutMasks.sample(r, 7, c.embeddingDim(), 0.2f), DropoutMasks.sample(r, 7, c.units(), 0.2f));
        for (int i = 0; i < batch.size(); i++) {
            batch.sampleWeights()[i] = 0.5f + i * 0.25f; // class/sample weights must flow into the gradient too
        }
        // Larger-than-default weights so that every gradient is well above float32 noise.
        ModelWeights weights = TestWeights.scaled(ModelWeights.initial(c, 5), 3f);
        try (TrainingSession session = new TrainingSession(c, Adam.Config.keras(), chains, 1, 1)) {
            session.initialize(weights);
            List<float[]> analytic = session.lossAndGradients(batch);
            Random pick = new Random(1);
            int checked = 0;
            for (int w = 0; w < ModelWeights.NAMES.size(); w++) {
                String name = ModelWeights.NAMES.get(w);
                float[] grad = analytic.get(w + 1);
                for (int index : coordinates(grad, pick, 8)) {
                    double numeric = centralDifference(session, weights, name, index, batch);
                    double tolerance = 2e-4 + 0.03 * Math.abs(numeric);
                    assertEquals(numeric, grad[index], tolerance, name + "[" + index + "]");
                    checked++;
                }
            }
            assertTrue(checked >= 30, "checked " + checked + " coordinates");
        }
    }

    /** The largest-gradient coordinates plus random ones (the embedding's gradient is sparse). */
    private static List<Integer> coordinates(float[] grad, Random pick, int count) {
        List<Integer> out = new ArrayList<>();
        int best = 0;
        for (int i = 1; i < grad.length; i++) {
            if (Math.abs(grad[i]) > Math.abs(grad[best])) {
                best = i;
            }
        }
        out.add(best);
        while (out.size() < Math.min(count, grad.length)) {
            int i = pick.nextInt(grad.length);
            if (!out.contains(i) && (grad[i] != 0 || grad.length < 64)) {
                out.add(i);
            }
            if (out.size() < count && pick.nextInt(50) == 0) {
                out.add(pick.nextInt(grad.length)); // occasionally a zero-gradient row of the embedding too
            }
        }
        return out;
    }

    private static double centralDifference(TrainingSession s, ModelWeights w, String name, int index, Batch batch) {
        float h = 2e-3f;
        double plus = lossWith(s, w, name, index, h, batch);
        double minus = lossWith(s, w, name, index, -h, batch);
        return (plus - minus) / (2 * h);
    }

    private static double lossWith(TrainingSession s, ModelWeights w, String name, int index, float delta, Batch batch) {
        Map<String, float[]> values = new LinkedHashMap<>(w.asMap());
        float[] changed = w.get(name);
        changed[index] += delta;
        values.put(name, changed);
        s.initialize(new ModelWeights(values));
        return s.lossAndGradients(batch).get(0)[0];
    }
}
