package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PredictInspectCommandTest {

    @TempDir static Path tmp;
    static Path base;

    @BeforeAll
    static void export() throws Exception {
        base = tmp.resolve("imdb_lstm");
        ExportFixtures.exportBinary(base);
    }

    @Test
    void predictPrintsLabelAndProbabilityPerText() {
        CliRun r = CliRun.of("predict", "--model", base.toString(), "I loved it", "Dull.");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        try (TextClassifier c = TextClassifier.load(base)) {
            List<Prediction> want = c.predict("I loved it", "Dull.");
            for (int i = 0; i < 2; i++) {
                assertEquals(want.get(i).label() + "\t" + String.format(Locale.ROOT, "%.4f", want.get(i).probability()),
                        lines.get(i));
            }
        }
    }

    @Test
    void predictReadsStandardInput() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("first review\nsecond one\n\nfourth\n".getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("predict", "--model", base.toString(), "--batch-size", "3");
            assertEquals(0, r.exit(), r.err());
            assertEquals(4, r.out().lines().count(), r.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void badInputExitsWithTwo() throws Exception {
        CliRun missing = CliRun.of("predict", "--model", tmp.resolve("nope").toString(), "x");
        assertEquals(2, missing.exit(), missing.err() + missing.out());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        CliRun noModel = CliRun.of("predict", "x");
        assertEquals(2, noModel.exit());
        Path foreign = Files.createDirectories(tmp.resolve("foreign/1"));
        Files.write(foreign.resolve("saved_model.pb"), new byte[] {1, 2, 3});
        CliRun inspect = CliRun.of("inspect", tmp.resolve("foreign").toString());
        assertEquals(2, inspect.exit());
        assertTrue(inspect.err().contains("is incomplete"), inspect.err());
    }

    @Test
    void inspectShowsTagsSignaturesAndMetrics() {
        CliRun r = CliRun.of("inspect", base.toString());
        assertEquals(0, r.exit(), r.err());
        String o = r.out();
        assertTrue(o.contains("version:  1"), o);
        assertTrue(o.contains("tags:     [serve]"), o);
        assertTrue(o.contains("signature serving_default (method tensorflow/serving/predict)"), o);
        assertTrue(o.contains("signature predict_ids (method tensorflow/serving/predict)"), o);
        assertTrue(o.matches("(?s).*input  text +DT_STRING +\\[-1\\].*"), o);
        assertTrue(o.matches("(?s).*output probabilities +DT_FLOAT +\\[-1, 1\\].*"), o);
        assertTrue(o.matches("(?s).*output class_ids +DT_INT64 +\\[-1\\].*"), o);
        assertTrue(o.matches("(?s).*input  ids +DT_INT32 +\\[-1, " + ExportFixtures.MAX_LENGTH + "\\].*"), o);
        assertTrue(o.contains("\"test_accuracy\" : 0.5"), o);
    }
}
