package io.textlstm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textlstm.model.ModelConfig;
import org.junit.jupiter.api.Test;

/** The FLOP count of a tiny shape, worked out by hand. */
class StepFlopsTest {

    @Test
    void countsTheProductsOfATinyStep() {
        // vocab 50, length 20, embedding 4, 8 units (gates 32), binary head; batch 3
        ModelConfig c = ModelConfig.builder().numWords(50).maxLength(20).embeddingDim(4).units(8).build();
        StepFlops f = StepFlops.trainingStep(c, 3);
        assertEquals(2 * 3 * 20 * 4 * 32, f.inputProjection()); // 15,360
        assertEquals(2 * 3 * 20 * 8 * 32, f.recurrence()); // 30,720
        assertEquals(2 * 3 * 8 * 1, f.dense()); // 48
        assertEquals(2 * (15_360 + 30_720 + 48), f.backward());
        assertEquals(3 * (15_360 + 30_720 + 48), f.total());
        // one review: 2 * 20 * (4 + 8) * 32 + 2 * 8
        assertEquals(15_376, StepFlops.inferencePerReview(c));
    }

    @Test
    void theImdbStepIsTenGigaflops() {
        StepFlops f = StepFlops.trainingStep(ModelConfig.builder().build(), 64);
        assertEquals(0.8192e9, f.inputProjection(), 1);
        assertEquals(2.56e9, f.recurrence(), 1);
        assertEquals(10.1376e9, f.total(), 1e5);
        assertEquals(52.8e6, StepFlops.inferencePerReview(ModelConfig.builder().build()), 1e3);
    }
}
