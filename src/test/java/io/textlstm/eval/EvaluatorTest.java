package io.textlstm.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.client.TextClassifier;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.SkipReport;
import io.textlstm.export.ExportFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Evaluator} on a real exported SavedModel, read through {@link TextClassifier}. */
class EvaluatorTest {
    @TempDir static Path shared;
    static Path model;

    private static final List<String> TEXTS = List.of("I loved it", "Dull.", "great film really great",
            "the plot was bad", "actors", "", "movie movie movie", "zzqx unknown words", "It's the director's cut");

    @BeforeAll
    static void export() throws Exception {
        model = ExportFixtures.exportBinary(shared.resolve("m")).directory();
    }

    /** Test records labelled by the model's own answer on some and the opposite on others. */
    private static RawDataset data(TextClassifier c, List<String> texts, int flipEvery) {
        List<LabeledText> test = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int predicted = c.predict(texts.get(i)).get(0).classId();
            int label = i % flipEvery == 0 ? 1 - predicted : predicted;
            test.add(new LabeledText(texts.get(i), c.labels().get(label)));
        }
        List<LabeledText> train = List.of(new LabeledText("train only", c.labels().get(0)));
        return new RawDataset("fixture", train, test, List.of(), new SkipReport(), "");
    }

    @Test
    void equalsTheMetricsOfTheModelsOwnProbabilitiesWhateverTheBatchSize() {
        try (TextClassifier c = TextClassifier.load(model)) {
            RawDataset data = data(c, TEXTS, 3);
            Evaluation one = new Evaluator(1).evaluate(c, data, EvaluationSplit.TEST);
            Evaluation all = new Evaluator(500).evaluate(c, data, EvaluationSplit.TEST);
            assertEquals(TEXTS.size(), one.records());
            // every third label is the opposite of the model's answer: accuracy 6/9
            assertEquals(6.0 / 9, one.metrics().accuracy(), 1e-12);
            assertEquals(one.metrics().loss(), all.metrics().loss(), 1e-6);
            assertEquals(one.metrics().rocAuc(), all.metrics().rocAuc(), 0.0);
            float[] p = new float[TEXTS.size()];
            int[] y = new int[TEXTS.size()];
            for (int i = 0; i < TEXTS.size(); i++) {
                p[i] = c.predict(TEXTS.get(i)).get(0).probabilities()[0];
                y[i] = c.labels().indexOf(data.test().get(i).label());
            }
            assertEquals(ClassificationMetrics.compute(p, y, 2).loss(), one.metrics().loss(), 1e-6);
            assertEquals(TEXTS.size() + 1, new Evaluator(4).evaluate(c, data, EvaluationSplit.ALL).records());
            assertEquals(1, new Evaluator(4).evaluate(c, data, EvaluationSplit.TRAIN).records());
        }
    }

    @Test
    void aLabelTheModelDoesNotKnowIsNamed() {
        try (TextClassifier c = TextClassifier.load(model)) {
            RawDataset data = new RawDataset("fixture", List.of(), List.of(new LabeledText("I loved it", "positive"),
                    new LabeledText("Dull.", "neutral")), List.of(), new SkipReport(), "");
            BadInputException e = assertThrows(BadInputException.class,
                    () -> new Evaluator(8).evaluate(c, data, EvaluationSplit.TEST));
            assertTrue(e.getMessage().contains("record 2 of the test split has label 'neutral'"), e.getMessage());
            BadInputException empty = assertThrows(BadInputException.class,
                    () -> new Evaluator(8).evaluate(c, data, EvaluationSplit.TRAIN));
            assertTrue(empty.getMessage().contains("the train split of fixture is empty"), empty.getMessage());
        }
        assertEquals("batchSize", assertThrows(BadSettingException.class, () -> new Evaluator(0)).setting());
    }
}
