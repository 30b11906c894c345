package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: kills real child processes at random moments. Training killed several times and resumed each time ends
 * with the bits of an uninterrupted run; exports killed at random points leave only numbered folders that load, and
 * the next export removes what the killed ones left behind. Tiny data; the seed of the random moments is printed.
 */
@Tag("slow")
class FaultInjectionTest {
    @TempDir Path tmp;
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private Path csv(int rows) throws Exception {
        return KeywordCsv.write(tmp, rows);
    }

    private String[] trainArgs(Path data, Path runs) {
        return new String[] {"train", "--data", data.toString(), "--runs-dir", runs.toString(), "--max-length", "50",
            "--num-words", "50", "--embedding-dim", "4", "--units", "4", "--batch-size", "5", "--epochs", "8",
            "--threads", Integer.toString(Math.min(2, Runtime.getRuntime().availableProcessors())), "--no-export"};
    }

    @Test
    void trainingKilledAtRandomMomentsAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path data = csv(300);
        Path straightRuns = tmp.resolve("straight");
        CliRun straight = CliRun.of(trainArgs(data, straightRuns));
        assertEquals(0, straight.exit(), straight.err());
        Path reference;
        try (Stream<Path> s = Files.list(straightRuns)) {
            reference = s.findFirst().orElseThrow();
        }
        int epochMillis = (int) Math.max(50, 1000 * Files.readAllLines(reference.resolve("history.csv")).stream().skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[9])).average().orElseThrow());

        Path run = null;
        int kills = 0;
        for (int round = 0; round < 3; round++) {
            // run as tools/textlstm runs it, which names itself so the notice can say what to type
            try (ChildCli child = run == null
                    ? ChildCli.start(Map.of("TEXTLSTM_COMMAND", "tools/textlstm"), trainArgs(data, tmp.resolve("runs")))
                    : ChildCli.start("train", "--resume", run.toString())) {
                String folder = child.awaitLine("Run folder: ");
                assertNotNull(folder, "seed " + seed + ": " + child.stderr());
                run = Path.of(folder.substring("Run folder: ".length()));
                if (child.awaitLine("Epoch ") == null) {
                    continue; // nothing left to train
                }
                Thread.sleep(random.nextInt(round == 0 ? epochMillis : 2 * epochMillis));
                if (round == 0) {
                    // SIGTERM within the first of 8 epochs: the shutdown hook explains where the run stopped
                    assertEquals(143, child.terminate(), child.stderr());
                    assertTrue(child.stderr().contains("Interrupted in epoch 1, step "), child.stderr());
                    assertTrue(child.stderr().contains("Continue with: tools/textlstm train --resume " + run), child.stderr());
                    int onDisk = new Checkpoint(run.resolve("checkpoint")).completedEpochs();
                    assertTrue(child.stderr().contains(onDisk == 0 ? "No epoch was completed"
                            : "The checkpoint holds epoch " + onDisk + ";"), "the notice names what is on disk ("
                            + onDisk + "): " + child.stderr());
                    kills++;
                } else if (child.kill() != 0) {
                    kills++;
                }
            }
        }
        CliRun last = CliRun.of("train", "--resume", run.toString());
        assertEquals(0, last.exit(), "seed " + seed + ": " + last.err());
        assertTrue(kills >= 2, "seed " + seed + ": children killed while training: " + kills);
        assertArrayEquals(Files.readAllBytes(reference.resolve("final.bin")), Files.readAllBytes(run.resolve("final.bin")),
                "seed " + seed + ", " + kills + " kills");
        assertEquals(metricsColumns(reference.resolve("history.csv")), metricsColumns(run.resolve("history.csv")), "seed " + seed);
    }

    /** history.csv without its timing columns. */
    private static List<String> metricsColumns(Path historyCsv) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(historyCsv)) {
            String[] f = line.split(",");
            out.add(String.join(",", java.util.Arrays.copyOfRange(f, 0, f.length - 2)));
        }
        return out;
    }

    @Test
    void exportsKilledAtRandomPointsLeaveOnlyNumberedFoldersThatLoad() throws Exception {
        Path runs = tmp.resolve("runs");
        String[] args = trainArgs(csv(60), runs);
        args[java.util.Arrays.asList(args).indexOf("--epochs") + 1] = "1";
        assertEquals(0, CliRun.of(args).exit());
        Path run;
        try (Stream<Path> s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        Path base = tmp.resolve("savedmodel");
        long t0 = System.nanoTime();
        try (ChildCli child = ChildCli.start("export", "--checkpoint", run.toString(), "--export", base.toString())) {
            assertEquals(0, child.waitFor(), child.stderr());
        }
        long exportMillis = (System.nanoTime() - t0) / 1_000_000;
        for (int round = 0; round < 3; round++) {
            try (ChildCli child = ChildCli.start("export", "--checkpoint", run.toString(), "--export", base.toString())) {
                Thread.sleep(random.nextInt((int) exportMillis));
                child.kill();
            }
        }
        CliRun last = CliRun.of("export", "--checkpoint", run.toString(), "--export", base.toString());
        assertEquals(0, last.exit(), last.err());

        List<Path> versions = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.matches("\\d+")) {
                    versions.add(p);
                } else {
                    assertFalse(name.startsWith(".tmp-"), "seed " + seed + ": the last export removes dead staging folders: " + name);
                }
            }
        }
        assertTrue(versions.size() >= 2, versions.toString());
        byte[] graph = Files.readAllBytes(versions.get(0).resolve("saved_model.pb"));
        List<Prediction> want = null;
        for (Path v : versions) {
            try (TextClassifier c = TextClassifier.load(v)) {
                List<Prediction> got = c.predict("great film", "awful plot");
                if (want == null) {
                    want = got;
                }
                assertEquals(want, got, "seed " + seed + ": " + v);
            }
            assertArrayEquals(graph, Files.readAllBytes(v.resolve("saved_model.pb")), "same graph bytes from every process: " + v);
        }
    }
}
