package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir Path tmp;

    /** A small CSV whose label is decided by a keyword, so a tiny model learns it in a few epochs. */
    private Path csv(int rows) throws Exception {
        Random r = new Random(3);
        String[] filler = {"the", "a", "movie", "plot", "actor", "scene", "film", "story", "was", "is"};
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment");
        for (int i = 0; i < rows; i++) {
            boolean positive = r.nextBoolean();
            StringBuilder text = new StringBuilder();
            int len = 5 + r.nextInt(10);
            int at = r.nextInt(len);
            for (int t = 0; t < len; t++) {
                text.append(t == at ? (positive ? "great" : "awful") : filler[r.nextInt(filler.length)]).append(' ');
            }
            lines.add("\"" + text.toString().trim() + "\"," + (positive ? "positive" : "negative"));
        }
        Path file = tmp.resolve("reviews.csv");
        Files.write(file, lines);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"--epochs=0", "--batch-size=0", "--learning-rate=-1", "--dropout=1.5", "--class-weights=heavy",
        "--patience=-1", "--threads=0", "--epochs=three", "--head=tanh"})
    void badOptionsExitWithCode2AndAClearMessage(String option) throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(), option);
        assertEquals(2, r.exit(), r.err());
        String name = option.substring(0, option.indexOf('='));
        assertTrue(r.err().contains(name), "message names the option: " + r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void resumeOfAFolderWithoutCheckpointIsBadInput() throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--resume", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--resume"), r.err());
    }

    @Test
    void resumeWithOtherDataIsBadInput() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRun first = CliRun.of("train", "--data", csv(60).toString(), "--runs-dir", runs.toString(), "--max-length", "20",
                "--num-words", "50", "--embedding-dim", "4", "--units", "4", "--epochs", "1", "--quiet", "--no-export");
        assertEquals(0, first.exit(), first.err());
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.findFirst().orElseThrow();
        }
        CliRun other = CliRun.of("train", "--data", csv(60).toString(), "--resume", dir.toString(), "--max-length", "20",
                "--num-words", "12", "--embedding-dim", "4", "--units", "4", "--epochs", "2", "--quiet", "--no-export");
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("different vocabulary"), other.err());
        CliRun otherShape = CliRun.of("train", "--data", csv(60).toString(), "--resume", dir.toString(), "--max-length", "20",
                "--num-words", "50", "--embedding-dim", "4", "--units", "6", "--epochs", "2", "--quiet", "--no-export");
        assertEquals(2, otherShape.exit(), otherShape.err());
        assertTrue(otherShape.err().contains("other options"), otherShape.err());
    }

    @Test
    void trainsOnACsvAndLeavesARunFolder() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRun r = CliRun.of("train", "--data", csv(400).toString(), "--runs-dir", runs.toString(), "--max-length", "20",
                "--num-words", "50", "--embedding-dim", "8", "--units", "8", "--epochs", "4", "--batch-size", "16",
                "--learning-rate", "0.01", "--quiet", "--no-export");
        assertEquals(0, r.exit(), r.err() + r.out());
        Path dir;
        try (Stream<Path> s = Files.list(runs)) {
            dir = s.findFirst().orElseThrow();
        }
        assertTrue(dir.getFileName().toString().startsWith("reviews_lstm-"), dir.toString());
        for (String f : List.of("metrics.json", "history.csv", "training.png", "vocab.txt", "labels.txt", "confusion_matrix.csv",
                "confusion_matrix.png")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertEquals(5, Files.readAllLines(dir.resolve("history.csv")).size(), "header + one row per epoch");
        assertTrue(r.out().contains("accuracy"), r.out());
    }
}
