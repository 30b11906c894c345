package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 19: {@code train --resume} that a user can trust, through the command line, with tiny shapes. */
class ResumeCommandTest {
    @TempDir Path tmp;

    private String data() throws Exception {
        return KeywordCsv.write(tmp, 60).toString();
    }

    /** What a kill after epoch {@code done} of a longer run leaves: the checkpoint, no final.bin, no metrics.json. */
    private Path killedAfter(int done, String name) throws Exception {
        Path run = TinyRun.train(data(), tmp.resolve(name), done);
        Path config = run.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"epochs\" : " + done + ",", "\"epochs\" : 5,"));
        Files.delete(run.resolve("final.bin"));
        Files.delete(run.resolve("metrics.json"));
        return run;
    }

    /** Every file below {@code dir} with its bytes. */
    private static Map<String, byte[]> snapshot(Path dir) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path dir) throws Exception {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet(), "no file added or removed");
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f + " is unchanged"));
    }

    /**
     * Defect 1: a trainer.json cut short, overwritten with garbage or emptied made --resume say "has no completed
     * epoch", exit 0 and train the run again over its checkpoints. Now it is an error naming the file, and nothing in
     * the run folder changes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cut", "garbage", "empty"})
    void aDamagedTrainerJsonIsAnErrorNamingItAndNothingIsOverwritten(String damage) throws Exception {
        Path run = killedAfter(3, "runs");
        Path progress = run.resolve("checkpoint/trainer.json");
        switch (damage) {
            case "cut" -> {
                try (RandomAccessFile f = new RandomAccessFile(progress.toFile(), "rw")) {
                    f.setLength(Math.min(700, f.length() / 2));
                }
            }
            case "garbage" -> Files.writeString(progress, "{garbage");
            default -> Files.write(progress, new byte[0]);
        }
        Files.delete(run.resolve("train.lock")); // a folder as a release without locks left it
        Map<String, byte[]> before = snapshot(run);

        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: cannot read " + progress + ": "), r.err());
        assertTrue(r.err().contains("restore the file, or delete " + run.resolve("checkpoint")), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(r.out().contains("starting it again"), r.out());
        Files.deleteIfExists(run.resolve("train.lock"));
        assertUnchanged(before, run);

        CliRun export = CliRun.of("export", "--checkpoint", run.toString(), "--export", tmp.resolve("e").toString());
        assertEquals(2, export.exit(), export.err());
        assertTrue(export.err().contains("cannot read " + progress), export.err());
    }

    /** Defect 1: a checkpoint without its trainer.json is trained again from epoch 1, but not in silence. */
    @Test
    void aCheckpointWithoutItsTrainerJsonIsTrainedAgainWithAWarning() throws Exception {
        Path run = TinyRun.train(data(), tmp.resolve("runs"), 2);
        byte[] trained = Files.readAllBytes(run.resolve("final.bin"));
        Files.delete(run.resolve("checkpoint/trainer.json"));
        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: " + run.resolve("checkpoint") + " holds epoch-2.bin but no trainer.json"),
                r.err());
        assertTrue(r.err().contains("it trains again from epoch 1 and its first checkpoint replaces that file"), r.err());
        assertTrue(r.out().contains("has no completed epoch; starting it again from epoch 1"), r.out());
        assertArrayEquals(trained, Files.readAllBytes(run.resolve("final.bin")), "the same settings train the same bits");
    }

    /** Weak spot: one flipped bit in a checkpoint used to be trained on; now it is refused, naming the file. */
    @Test
    void aFlippedBitInTheCheckpointIsRefusedNamingTheFile() throws Exception {
        Path run = killedAfter(2, "runs");
        Path state = run.resolve("checkpoint/epoch-2.bin");
        byte[] bytes = Files.readAllBytes(state);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(state, bytes);
        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("checkpoint " + state + " is damaged: its CRC32C checksum does not match"), r.err());
        CliRun export = CliRun.of("export", "--checkpoint", run.toString(), "--export", tmp.resolve("e").toString());
        assertEquals(2, export.exit(), export.err());
        assertTrue(export.err().contains(state.toString()), export.err());
    }

    /** Weak spot: a garbage config.json printed Jackson's two lines; docs/cli.md promises one. */
    @Test
    void aGarbageConfigJsonIsOneLineNamingTheFile() throws Exception {
        Path run = killedAfter(1, "runs");
        Path config = run.resolve("config.json");
        Files.writeString(config, "{garbage");
        CliRun r = CliRun.of("train", "--resume", run.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("error: cannot read " + config + ": Unexpected character ('g'"), r.err());
        assertTrue(r.err().contains("(line 1, column 2)"), r.err());
        CliRun export = CliRun.of("export", "--checkpoint", run.toString(), "--export", tmp.resolve("e").toString());
        assertEquals(2, export.exit(), export.err());
        assertEquals(1, export.err().lines().count(), "one line: " + export.err());
    }

    /** Every contradicting option is named in one message, not only the first. */
    @Test
    void everyContradictingOptionIsNamedInOneMessage() throws Exception {
        Path run = TinyRun.train(data(), tmp.resolve("runs"), 1, "--learning-rate", "0.002");
        CliRun r = CliRun.of("train", "--resume", run.toString(), "--learning-rate", "0.01", "--max-length", "30",
                "--units", "4", "--head", "softmax");
        assertEquals(2, r.exit(), r.err());
        String err = r.err();
        assertTrue(err.contains("--learning-rate 0.01 contradicts the run's --learning-rate 0.002"), err);
        assertTrue(err.contains("--max-length 30 contradicts the run's --max-length 20"), err);
        assertTrue(err.contains("--head softmax contradicts the run's --head auto"), err);
        assertFalse(err.contains("--units"), "the same value is no contradiction: " + err);
        assertTrue(err.contains("leave them out to continue with the stored values"), err);
        assertEquals(1, err.lines().count(), err);
    }

    /**
     * --epochs N above the stored number continues a finished run to N epochs (Keras' initial_epoch), with the bits
     * of a straight N-epoch run; fewer epochs than it completed are refused.
     */
    @Test
    void epochsContinuesAFinishedRunToTheBitsOfAStraightRun() throws Exception {
        String data = data();
        Path straight = TinyRun.train(data, tmp.resolve("straight"), 3);
        Path run = TinyRun.train(data, tmp.resolve("runs"), 2);
        CliRun more = CliRun.of("train", "--resume", run.toString(), "--epochs", "3");
        assertEquals(0, more.exit(), more.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve("final.bin")), Files.readAllBytes(run.resolve("final.bin")));
        assertEquals(metricsColumns(straight), metricsColumns(run));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"epochs\" : 3,"), "config.json says 3 now");

        CliRun fewer = CliRun.of("train", "--resume", run.toString(), "--epochs", "2");
        assertEquals(2, fewer.exit(), fewer.err());
        assertTrue(fewer.err().contains("--epochs: " + run + " has completed 3 epochs; it can continue to 3 epochs or "
                + "more, not to 2"), fewer.err());
    }

    /** history.csv without its timing columns. */
    private static List<String> metricsColumns(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("history.csv"))) {
            String[] f = line.split(",");
            out.add(String.join(",", Arrays.copyOfRange(f, 0, f.length - 2)));
        }
        return out;
    }

    /** Weak spot: --version N into a base that has N failed only after all epochs; now before any training. */
    @Test
    void anExistingVersionIsRefusedBeforeTraining() throws Exception {
        Path base = tmp.resolve("savedmodel/reviews_lstm");
        Files.createDirectories(base.resolve("1"));
        Path runs = tmp.resolve("runs");
        List<String> args = new ArrayList<>(List.of("train", "--data", data(), "--runs-dir", runs.toString(), "--export",
                base.toString(), "--version", "1"));
        args.addAll(List.of(TinyRun.TINY));
        args.remove("--no-export");
        CliRun r = CliRun.of(args.toArray(new String[0]));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--version: version 1 already exists in " + base), r.err());
        assertFalse(Files.exists(runs), "nothing was trained");
    }

    /** A run folder of the earlier release, whose config.json holds command-line options, still resumes. */
    @Test
    void aRunOfTheEarlierReleaseStillResumes() throws Exception {
        String data = data();
        Path straight = TinyRun.train(data, tmp.resolve("straight"), 2);
        Path run = TinyRun.train(data, tmp.resolve("runs"), 1);
        ObjectMapper json = new ObjectMapper();
        ObjectNode current = (ObjectNode) json.readTree(run.resolve("config.json").toFile());
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--data", Path.of(data).toAbsolutePath().toString());
        options.put("--max-length", "20");
        options.put("--num-words", "50");
        options.put("--embedding-dim", "4");
        options.put("--units", "4");
        options.put("--epochs", "2");
        options.put("--batch-size", "16");
        options.put("--threads", current.at("/settings/training/interOpThreads").asText());
        options.put("--name", "reviews_lstm");
        options.put("--no-export", "true");
        ObjectNode old = json.createObjectNode();
        old.put("format", "textlstm-run/1");
        old.set("options", json.valueToTree(options));
        old.set("model", current.get("model"));
        json.writeValue(run.resolve("config.json").toFile(), old);
        Files.delete(run.resolve("final.bin"));
        Files.delete(run.resolve("metrics.json"));

        CliRun r = CliRun.of("train", "--resume", run.toString(), "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(straight.resolve("final.bin")), Files.readAllBytes(run.resolve("final.bin")));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"format\" : \"textlstm-run/2\""),
                "the resume stored the settings");
    }

    /** {@code train} arguments that print progress (not quiet), for a child process to be watched. */
    private static String[] loud(Path data, Path runs, int epochs, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--runs-dir", runs.toString(),
                "--max-length", "20", "--num-words", "50", "--embedding-dim", "4", "--batch-size", "4", "--epochs",
                "" + epochs, "--no-export"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /** Weak spot: two resumes of one run both ran; the second now exits 2 naming the first one's process id. */
    @Test
    void aSecondTrainOfARunBeingTrainedExits2NamingTheHolder() throws Exception {
        try (ChildCli child = ChildCli.start(loud(KeywordCsv.write(tmp, 300), tmp.resolve("runs"), 200, "--units", "4"))) {
            String folder = child.awaitLine("Run folder: ");
            assertNotNull(folder, child.stderr());
            Path run = Path.of(folder.substring("Run folder: ".length()));
            assertNotNull(child.awaitLine("Epoch 1/"), child.stderr());
            CliRun second = CliRun.of("train", "--resume", run.toString());
            assertEquals(2, second.exit(), second.err());
            assertTrue(second.err().contains(run + " is being trained by process " + child.pid() + " (it holds "
                    + run.resolve("train.lock") + ")"), second.err());
            child.kill();
        }
    }

    /**
     * Weak spot: a full disk was exit 1 in training but 2 at run-folder creation. One rule now: a file that cannot be
     * written is exit 2 with the file and the system's reason. The file-size limit (RLIMIT_FSIZE, set on the running
     * child with prlimit once its session is up) stands in for the full disk: the write fails the same way, with
     * "File too large" instead of "No space left on device".
     */
    @Test
    void aWriteFailureInTrainingIsExit2AsAtRunFolderCreation() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun create = CliRun.of(TinyRun.args(TinyRun.TINY, "train", "--data", data(), "--runs-dir",
                notAFolder.resolve("runs").toString()));
        assertEquals(2, create.exit(), create.err());
        assertTrue(create.err().contains("cannot create a run folder in " + notAFolder.resolve("runs")), create.err());

        // 32 units: a checkpoint of ~60 KB, above the 8 KB limit (stderr, a file too, stays below it)
        try (ChildCli child = ChildCli.start(loud(KeywordCsv.write(tmp, 600), tmp.resolve("runs"), 3, "--units", "32"))) {
            assertNotNull(child.awaitLine("Epoch 1/"), child.stderr());
            Process limit = new ProcessBuilder("prlimit", "--pid", Long.toString(child.pid()), "--fsize=8192")
                    .redirectErrorStream(true).start();
            assertEquals(0, limit.waitFor(), new String(limit.getInputStream().readAllBytes()));
            assertEquals(2, child.waitFor(), child.stderr());
            String err = child.stderr();
            assertTrue(err.contains("error: cannot write checkpoint ") && err.contains(": File too large"), err);
            assertFalse(err.contains("TEXTLSTM_DEBUG"), "exit 2 is input the user can fix, no stack-trace hint: " + err);
        }
    }
}
