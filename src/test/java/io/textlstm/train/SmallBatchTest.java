package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 10, defect 1: batches with fewer rows than chains (a tiny last batch, --batch-size 1) train. */
class SmallBatchTest {
    private static final ModelConfig MODEL = ModelConfig.builder().numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH)
            .embeddingDim(8).units(8).numClasses(2).dropout(0.1f).recurrentDropout(0.1f).build();

    @ParameterizedTest(name = "{0} rows, batch {1}, {2} chains")
    @CsvSource({"48, 47, 2", "65, 32, 2", "6, 1, 2", "10, 4, 3", "7, 7, 8"})
    void everyBatchSizeTrainsWithAnyChainCount(int rows, int batchSize, int chains) {
        VectorizedSplit train = TinyData.markerTask(rows, 2, 11);
        VectorizedSplit test = TinyData.markerTask(10, 2, 12);
        TrainingConfig config = TrainingConfig.builder().epochs(1).batchSize(batchSize).learningRate(0.01f)
                .chains(chains).threads(1, 2).build();
        Trainer.FitResult r = new Trainer(MODEL, config).fit(train, test, null, false);
        assertTrue(Double.isFinite(r.history().get(0).trainLoss()), "loss " + r.history().get(0).trainLoss());
    }

    /** The padding row a chain gets when the batch is smaller than the chain count adds nothing. */
    @Test
    void oneRowOnTwoChainsGivesTheLossAndGradientsOfOneChain() {
        VectorizedSplit data = TinyData.markerTask(3, 2, 13);
        float[] inputMask = new float[8];
        float[] recurrentMask = new float[8];
        Arrays.fill(inputMask, 1.25f);
        Arrays.fill(recurrentMask, 1.25f);
        inputMask[3] = 0;
        Batch one = TinyData.batch(data, 1, inputMask, recurrentMask);
        ModelWeights weights = ModelWeights.initial(MODEL, 7);
        List<float[]> single = lossAndGradients(one, 1, weights);
        List<float[]> split = lossAndGradients(one, 2, weights);
        List<float[]> three = lossAndGradients(one, 3, weights);
        assertEquals(single.size(), split.size());
        for (int i = 0; i < single.size(); i++) {
            assertArrayEquals(single.get(i), split.get(i), 0f, "output " + i);
            assertArrayEquals(single.get(i), three.get(i), 0f, "output " + i);
        }
        try (TrainingSession s = new TrainingSession(MODEL, Adam.Config.keras(), 2, 1, 2)) {
            s.initialize(weights);
            assertEquals(1, s.trainStepLogitsWithoutUpdate(one).length, "logits of the real row only");
        }
    }

    private static List<float[]> lossAndGradients(Batch batch, int chains, ModelWeights weights) {
        try (TrainingSession s = new TrainingSession(MODEL, Adam.Config.keras(), chains, 1, 2)) {
            s.initialize(weights);
            return s.lossAndGradients(batch);
        }
    }
}
