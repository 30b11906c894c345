package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.FileTrees;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a higher version that is empty, incomplete or has a truncated variables file no longer hides a good
 * lower one (and is named with the reason); inspect proves the weights load; predict reports odd stdin lines.
 */
class ModelVersionsCommandTest {
    @TempDir static Path tmp;
    static Path base;

    @BeforeAll
    static void versions() throws Exception {
        base = tmp.resolve("m");
        Path good = ExportFixtures.exportBinary(base).directory(); // version 1
        Path truncated = base.resolve("2");
        FileTrees.copy(good, truncated);
        Path data = truncated.resolve("variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.createDirectories(base.resolve("3")); // empty, as a killed copy leaves it
        FileTrees.copy(good, base.resolve("4"));
        Files.delete(base.resolve("4/saved_model.pb"));
    }

    @Test
    void theHighestCompleteVersionLoadsAndTheSkippedOnesAreNamedWithTheReason() {
        try (TextClassifier c = TextClassifier.load(base)) {
            assertEquals(1, c.version());
            List<String> skipped = c.skipped();
            assertEquals(3, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).startsWith(base.resolve("4") + ": ") && skipped.get(0).contains("saved_model.pb"), skipped.get(0));
            assertTrue(skipped.get(1).contains(base.resolve("3") + " is empty"), skipped.get(1));
            assertTrue(skipped.get(2).startsWith(base.resolve("2") + ": ") && skipped.get(2).contains("cannot load"), skipped.get(2));
        }
    }

    @Test
    void inspectFailsOnATruncatedVariablesFileAndNotesSkippedVersions() {
        CliRun truncated = CliRun.of("inspect", base.resolve("2").toString());
        assertEquals(2, truncated.exit(), truncated.out());
        assertTrue(truncated.err().contains("cannot load the SavedModel in " + base.resolve("2")), truncated.err());
        CliRun r = CliRun.of("inspect", base.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("version:  1"), r.out());
        assertTrue(r.err().contains("note: skipped " + base.resolve("4")), r.err());
    }

    @Test
    void predictAnswersEveryStdinLineAndCountsEmptyInvalidAndNulLines() {
        InputStream saved = System.in;
        try {
            byte[] in = "fine review\nbad \u00ff byte\n\nnul\0here\r\nlast\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            System.setIn(new ByteArrayInputStream(in));
            CliRun r = CliRun.of("predict", "--model", base.resolve("1").toString());
            assertEquals(0, r.exit(), r.err());
            assertEquals(5, r.out().lines().count(), "one answer per input line: " + r.out());
            assertTrue(r.err().contains("of 5 lines, 1 empty line (line 3)"), r.err());
            assertTrue(r.err().contains("1 line with invalid UTF-8 (line 2)"), r.err());
            assertTrue(r.err().contains("1 line with NUL bytes (line 4)"), r.err());
        } finally {
            System.setIn(saved);
        }
    }
}
