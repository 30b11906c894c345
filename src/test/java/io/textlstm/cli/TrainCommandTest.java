package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainCommandTest {
    @TempDir Path tmp;

    private Path csv(int rows) throws Exception {
        return KeywordCsv.write(tmp, rows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--epochs=0", "--batch-size=0", "--learning-rate=-1", "--dropout=1.5", "--class-weights=heavy",
        "--patience=-1", "--threads=0", "--epochs=three", "--head=tanh"})
    void badOptionsExitWithCode2AndAClearMessage(String option) throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(),
                "--export", tmp.resolve("e").toString(), option);
        assertEquals(2, r.exit(), r.err());
        String name = option.substring(0, option.indexOf('='));
        assertTrue(r.err().contains(name), "message names the option: " + r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(!Files.exists(tmp.resolve("runs")) && !Files.exists(tmp.resolve("e")), "refused before anything is written");
    }

    /** The export base is checked before the data are read, and the check leaves no folder behind when they are bad. */
    @Test
    void badDataLeaveNoExportFolder() throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(),
                "--export", tmp.resolve("out/models/e").toString(), "--text-column", "nope");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("nope"), r.err());
        assertTrue(!Files.exists(tmp.resolve("out")), "the writability check removed the folders it made");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--head=tanh", "--class-weights=heavy"})
    void aBadChoiceNamesTheAcceptedValues(String option) throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(), option);
        assertEquals(2, r.exit(), r.err());
        String accepted = option.startsWith("--head") ? "expected one of [auto, sigmoid, softmax] (in any case) but was 'tanh'"
                : "expected one of [none, balanced] (in any case) but was 'heavy'";
        assertTrue(r.err().contains(accepted), r.err());
        assertTrue(!Files.exists(tmp.resolve("runs")), "nothing was trained");
    }

    /** --head and --class-weights take any case; config.json stores the settings they give. */
    @Test
    void choicesTakeAnyCaseAndAreStoredAsSettings() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRun first = CliRun.of(args(TINY, "train", "--data", csv(60).toString(), "--runs-dir", runs.toString(), "--epochs", "1",
                "--head", "SoftMax", "--class-weights", "BALANCED"));
        assertEquals(0, first.exit(), first.err());
        Path dir = onlyRun(runs);
        String config = Files.readString(dir.resolve("config.json"));
        assertTrue(config.contains("\"head\" : \"SOFTMAX\"") && config.contains("\"balancedClassWeights\" : true"), config);
        assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"chains\""), "metrics.json names the chains");
        CliRun other = CliRun.of("train", "--resume", dir.toString(), "--head", "sigmoid");
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("--head sigmoid contradicts the run's --head softmax"), other.err());
        CliRun same = CliRun.of("train", "--resume", dir.toString(), "--head", "SOFTMAX", "--quiet", "--no-export");
        assertEquals(0, same.exit(), "the same choice in another case is no contradiction: " + same.err());
    }

    @Test
    void resumeOfAFolderWithoutCheckpointIsBadInput() throws Exception {
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--resume", tmp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--resume"), r.err());
    }

    private static final String[] TINY = TinyRun.TINY;

    private static String[] args(String[] base, String... more) {
        return TinyRun.args(base, more);
    }

    private static Path trainTiny(String data, Path runs, int epochs) throws Exception {
        return TinyRun.train(data, runs, epochs);
    }

    private static Path onlyRun(Path runs) throws Exception {
        return TinyRun.onlyRun(runs);
    }

    @Test
    void resumeRefusesAnOptionThatContradictsTheStoredOneNamingBothValues() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRun first = CliRun.of(args(TINY, "train", "--data", csv(60).toString(), "--runs-dir", runs.toString(), "--epochs", "1",
                "--learning-rate", "0.002"));
        assertEquals(0, first.exit(), first.err());
        Path dir = onlyRun(runs);
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
        CliRun lr = CliRun.of("train", "--resume", dir.toString(), "--learning-rate", "0.01");
        assertEquals(2, lr.exit(), lr.err());
        assertTrue(lr.err().contains("--learning-rate 0.01 contradicts the run's --learning-rate 0.002"), lr.err());
        CliRun length = CliRun.of("train", "--resume", dir.toString(), "--max-length", "30");
        assertEquals(2, length.exit(), length.err());
        assertTrue(length.err().contains("--max-length 30") && length.err().contains("--max-length 20"), length.err());
        CliRun same = CliRun.of("train", "--resume", dir.toString(), "--max-length", "20", "--quiet", "--no-export");
        assertEquals(0, same.exit(), "a repeated value is no contradiction: " + same.err());
    }

    @Test
    void resumeWithOtherDataIsBadInput() throws Exception {
        Path runs = tmp.resolve("runs");
        CliRun first = CliRun.of(args(TINY, "train", "--data", csv(60).toString(), "--runs-dir", runs.toString(), "--epochs", "1"));
        assertEquals(0, first.exit(), first.err());
        Path dir = onlyRun(runs);
        Files.write(csv(60), List.of("review,sentiment", "\"other words entirely\",positive", "\"more of them\",negative",
                "\"and again\",positive", "\"once more\",negative", "\"last one\",positive"));
        CliRun other = CliRun.of("train", "--resume", dir.toString());
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("different vocabulary"), other.err());
    }

    /**
     * Issue 10, defects 3 and 4: a CSV run interrupted after epoch 1 of 2 exports its last epoch, and {@code --resume RUN}
     * alone continues it with the stored options to the bits of an uninterrupted run. Interrupted here means what a kill
     * leaves: a checkpoint of epoch 1, no final.bin and no metrics.json (the kill itself is in TrainingFaultInjectionTest).
     */
    @Test
    void anInterruptedCsvRunExportsItsLastEpochAndResumesAloneToTheUninterruptedBits() throws Exception {
        String data = csv(60).toString();
        Path straightRuns = tmp.resolve("straight");
        Path straight = trainTiny(data, straightRuns, 2);
        Path cutRuns = tmp.resolve("cut");
        Path cut = trainTiny(data, cutRuns, 1);
        Path config = cut.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"epochs\" : 1,", "\"epochs\" : 2,"));
        Files.delete(cut.resolve("final.bin"));
        Files.delete(cut.resolve("metrics.json"));

        CliRun export = CliRun.of("export", "--checkpoint", cut.toString(), "--export", tmp.resolve("exported").toString());
        assertEquals(0, export.exit(), export.err());
        assertTrue(export.out().contains("last completed epoch"), export.out());
        assertTrue(Files.isRegularFile(tmp.resolve("exported/1/saved_model.pb")));

        CliRun resumed = CliRun.of("train", "--resume", cut.toString());
        assertEquals(0, resumed.exit(), resumed.err() + resumed.out());
        assertTrue(!resumed.out().contains("Exported"), "--no-export is part of the stored options: " + resumed.out());
        assertArrayEquals(Files.readAllBytes(straight.resolve("final.bin")), Files.readAllBytes(cut.resolve("final.bin")));
        assertEquals(Files.readAllLines(straight.resolve("history.csv")).size(), Files.readAllLines(cut.resolve("history.csv")).size());
    }

    /** A run killed during epoch 1 has config.json but no checkpoint: --resume starts it again and says so. */
    @Test
    void resumeOfARunWithNoCompletedEpochStartsItAgain() throws Exception {
        String data = csv(60).toString();
        Path straightRuns = tmp.resolve("straight");
        Path straight = trainTiny(data, straightRuns, 1);
        Path killed = Files.createDirectories(tmp.resolve("killed"));
        for (String f : List.of("config.json", "vocab.txt", "labels.txt")) {
            Files.copy(straight.resolve(f), killed.resolve(f));
        }
        CliRun export = CliRun.of("export", "--checkpoint", killed.toString(), "--export", tmp.resolve("e").toString());
        assertEquals(2, export.exit(), export.err());
        assertTrue(export.err().contains("no completed epoch"), export.err());
        CliRun r = CliRun.of("train", "--resume", killed.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("no completed epoch; starting it again from epoch 1"), r.out());
        assertArrayEquals(Files.readAllBytes(straight.resolve("final.bin")), Files.readAllBytes(killed.resolve("final.bin")));
    }

    /** Issue 10, defect 2. */
    @Test
    void threadsAboveTheAvailableCoresAreRefused() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        CliRun r = CliRun.of(args(TINY, "train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(),
                "--threads", "1000"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--threads must be between 1 and " + cores), r.err());
        assertTrue(!Files.exists(tmp.resolve("runs")), "refused before anything is written");
    }

    /** Issue 10, defect 1 through the command line: 33 + 32 rows and a 10-row test set, default threads. */
    @Test
    void aLastBatchSmallerThanTheChainCountTrains() throws Exception {
        Path train = csv(65);
        Path test = tmp.resolve("test.csv");
        List<String> lines = Files.readAllLines(train);
        Files.write(test, lines.subList(0, 11));
        CliRun r = CliRun.of("train", "--data", train.toString(), "--test-data", test.toString(), "--runs-dir",
                tmp.resolve("runs").toString(), "--max-length", "20", "--num-words", "50", "--embedding-dim", "4", "--units", "4",
                "--epochs", "1", "--threads", "2", "--quiet", "--no-export");
        assertEquals(0, r.exit(), r.err());
    }

    /** Issue 10: train checks that it can write the export base before it trains. */
    @Test
    void anUnwritableExportBaseIsRefusedBeforeTraining() throws Exception {
        Path blocked = tmp.resolve("blocked");
        Files.writeString(blocked, "a file where the export base folder should go");
        CliRun r = CliRun.of("train", "--data", csv(20).toString(), "--runs-dir", tmp.resolve("runs").toString(), "--max-length", "20",
                "--num-words", "50", "--embedding-dim", "4", "--units", "4", "--epochs", "1", "--quiet", "--export",
                blocked.resolve("model").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write exports to " + blocked.resolve("model") + ": Not a directory"), r.err());
        assertTrue(!Files.exists(tmp.resolve("runs")), "no run folder: nothing was trained");
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
