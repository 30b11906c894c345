package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/ClassifyReviews.java runs as a single-file program with TF Java alone on the class path. */
@Tag("slow") // starts a JVM
class ClassifyReviewsToolTest {

    @TempDir Path tmp;

    @Test
    void classifiesWithTensorFlowJavaOnly() throws Exception {
        Path base = tmp.resolve("imdb_lstm");
        ExportFixtures.exportBinary(base);
        ExportFixtures.exportBinary(base);
        String out = ChildJvm.run(List.of(ChildJvm.java(), "-cp", ChildJvm.tensorflowOnlyClassPath(),
                "tools/ClassifyReviews.java", base.toString(), "I loved it", "Dull.", ""));
        List<String> lines = out.lines().filter(l -> l.contains("\t")).toList();
        assertEquals(3, lines.size(), out);
        try (TextClassifier c = TextClassifier.load(base)) {
            assertEquals(2, c.version());
            List<Prediction> want = c.predict("I loved it", "Dull.", "");
            for (int i = 0; i < 3; i++) {
                // the two columns of `textlstm predict`
                assertEquals(want.get(i).label() + "\t" + String.format(java.util.Locale.ROOT, "%.4f", want.get(i).probability()),
                        lines.get(i));
            }
        }
    }

    @Test
    void printsNoTensorFlowInfoLines() throws Exception {
        Path base = tmp.resolve("imdb_lstm");
        ExportFixtures.exportBinary(base);
        String out = ChildJvm.run(List.of(ChildJvm.java(), "-cp", ChildJvm.tensorflowOnlyClassPath(),
                "tools/ClassifyReviews.java", base.toString(), "I loved it", "Dull."), false);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        assertTrue(lines.stream().allMatch(l -> l.matches("(positive|negative)\t[01]\\.[0-9]{4}")), out);
    }
}
