package io.textlstm.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against values worked out by hand (and, for ROC AUC, by counting pairs). */
class ClassificationMetricsTest {

    @Test
    void binaryMetricsOfOneSigmoidColumn() {
        // truth 1,1,1,0,0 ; predicted (p >= 0.5) 1,1,0,1,0 -> TP 2, FN 1, FP 1, TN 1
        float[] p = {0.9f, 0.6f, 0.4f, 0.7f, 0.2f};
        int[] y = {1, 1, 1, 0, 0};
        ClassificationMetrics m = ClassificationMetrics.compute(p, y, 2);
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2.0 / 3, m.f1(), 1e-12);
        assertArrayEquals(new int[] {1, 1}, m.confusion()[0]);
        assertArrayEquals(new int[] {1, 2}, m.confusion()[1]);
        double loss = -(Math.log(0.9f) + Math.log(0.6f) + Math.log(0.4f) + Math.log(1.0 - 0.7f) + Math.log(1.0 - 0.2f)) / 5;
        assertEquals(loss, m.loss(), 1e-9);
        // 6 positive/negative pairs; the positive scores higher in 4 (0.6 and 0.4 are below the negative 0.7)
        assertEquals(4.0 / 6, m.rocAuc(), 1e-12);
    }

    @Test
    void printsTheConfusionMatrixAsCounts() {
        ClassificationMetrics m = ClassificationMetrics.compute(new float[] {0.9f, 0.6f, 0.4f, 0.7f, 0.2f}, new int[] {1, 1, 1, 0, 0}, 2);
        String printed = new Evaluation("five", EvaluationSplit.TEST, 5, 0.1, m, List.of("negative", "positive")).toString();
        assertTrue(printed.contains("confusion=[[1, 1], [1, 2]]"), printed);
        assertTrue(printed.contains("accuracy=0.6,") && printed.contains("labels=[negative, positive]"), printed);
        assertTrue(!printed.contains("[[I@"), printed);
    }

    @Test
    void rocAucCountsTiesHalf() {
        assertEquals(0.5, ClassificationMetrics.rocAuc(new float[] {0.5f, 0.5f}, new int[] {1, 0}), 0.0);
        assertEquals(0.75, ClassificationMetrics.rocAuc(new float[] {0.3f, 0.5f, 0.5f}, new int[] {0, 1, 0}), 0.0);
        assertTrue(Double.isNaN(ClassificationMetrics.rocAuc(new float[] {0.3f, 0.5f}, new int[] {1, 1})),
                "no negatives: undefined");
    }

    @Test
    void multiClassIsMacroAveragedWithWeightedF1() {
        // three classes, rows are distributions; predicted = argmax: 0, 1, 1, 2
        float[] p = {
            0.8f, 0.1f, 0.1f,
            0.2f, 0.7f, 0.1f,
            0.1f, 0.6f, 0.3f,
            0.1f, 0.2f, 0.7f};
        int[] y = {0, 1, 2, 2};
        ClassificationMetrics m = ClassificationMetrics.compute(p, y, 3);
        assertEquals(0.75, m.accuracy(), 1e-12);
        // class 0: P 1 R 1 F1 1; class 1: P 1/2 R 1 F1 2/3; class 2: P 1 R 1/2 F1 2/3
        assertEquals((1 + 0.5 + 1) / 3, m.precision(), 1e-12);
        assertEquals((1 + 1 + 0.5) / 3, m.recall(), 1e-12);
        assertEquals((1 + 2.0 / 3 + 2.0 / 3) / 3, m.f1(), 1e-12);
        assertEquals((1 * 1 + 2.0 / 3 * 1 + 2.0 / 3 * 2) / 4, m.weightedF1(), 1e-12);
        assertTrue(Double.isNaN(m.rocAuc()));
        assertEquals(List.of(1, 1, 2), m.perClass().stream().map(ClassificationMetrics.PerClass::support).toList());
        assertEquals(-(Math.log(0.8f) + Math.log(0.7f) + Math.log(0.3f) + Math.log(0.7f)) / 4, m.loss(), 1e-9);
    }

    @Test
    void theConfusionTableNamesRowsAndColumns() {
        List<String> lines = ConfusionTable.lines(new int[][] {{3, 1}, {0, 4}}, List.of("negative", "positive"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).trim().matches("negative +positive"), lines.get(1));
        assertTrue(lines.get(2).matches("negative +3 +1"), lines.get(2));
        assertTrue(lines.get(3).matches("positive +0 +4"), lines.get(3));
    }
}
