package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TextLstm.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

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
        int code = run("data", "--data", f.toString(), "--text-column", "text", "--label-column", "label",
                "--max-length", "4");
        assertEquals(0, code, err.toString());
        String s = out.toString();
        assertTrue(s.contains("train 32, test 8 (2 classes)"), s);
        assertTrue(s.contains("0 neg") && s.contains("1 pos"), s);
        assertTrue(s.contains("1 empty text (e.g. reviews.csv:42)"), s);
        assertTrue(s.contains("Coverage") && s.contains("p99") && s.contains("100.0%"), s);
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace() throws Exception {
        assertEquals(2, run("data", "--data", dir.resolve("missing.csv").toString()));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("missing.csv"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());

        Path f = csv("review,sentiment\ngood,positive\nfine,positive\n");
        err.getBuffer().setLength(0);
        assertEquals(2, run("data", "--data", f.toString()));
        assertTrue(err.toString().contains("only one class"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("data", "--data", csv("review,sentiment\n\"open,positive\n").toString()));
        assertTrue(err.toString().contains("reviews.csv:2: unbalanced quote"), err.toString());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("data", "--format", "xml"));
        assertTrue(err.toString().contains("--format"), err.toString());
        assertEquals(2, run("data", "--num-words", "many"));
        assertEquals(2, run("data", "--no-such-option"));
    }

    @Test
    void helpExitsZero() {
        assertEquals(0, run("data", "--help"));
        for (String opt : new String[] {"--data", "--format", "--test-data", "--text-column", "--label-column",
            "--test-fraction", "--validation-split", "--num-words", "--max-length", "--seed"}) {
            assertTrue(out.toString().contains(opt), opt + " missing from help:\n" + out);
        }
    }

    @Test
    void noNpmAndNoCacheExitsTwoSayingHowToProvideTheData() {
        String oldCache = System.getProperty("textlstm.cache");
        String oldNpm = System.getProperty("textlstm.npm");
        try {
            System.setProperty("textlstm.cache", dir.resolve("empty-cache").toString());
            System.setProperty("textlstm.npm", dir.resolve("no-npm-here").toString());
            assertEquals(2, run("data"));
            assertTrue(err.toString().contains("--data PATH"), err.toString());
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
