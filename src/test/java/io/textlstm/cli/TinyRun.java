package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code train} with tiny shapes (vocabulary 50, length 20, 4 units), quiet and without export, and its run folder. */
final class TinyRun {
    static final String[] TINY = {"--max-length", "20", "--num-words", "50", "--embedding-dim", "4", "--units", "4",
        "--batch-size", "16", "--quiet", "--no-export"};

    private TinyRun() {}

    /** {@code more} followed by {@code base}. */
    static String[] args(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(List.of(base));
        return all.toArray(new String[0]);
    }

    /** Trains the tiny model on {@code data} for {@code epochs} into {@code runs} and returns the one run folder. */
    static Path train(String data, Path runs, int epochs, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of("train", "--data", data, "--runs-dir", runs.toString(), "--epochs",
                "" + epochs));
        all.addAll(List.of(more));
        CliRun run = CliRun.of(args(TINY, all.toArray(new String[0])));
        assertEquals(0, run.exit(), run.err());
        return onlyRun(runs);
    }

    static Path onlyRun(Path runs) throws Exception {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }
}
