package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.data.DataSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training run called from Java, without the command line. */
class TrainingJobTest {
    @TempDir Path tmp;

    private Path csv(int rows) throws Exception {
        Random r = new Random(5);
        List<String> lines = new ArrayList<>(List.of("review,sentiment"));
        for (int i = 0; i < rows; i++) {
            boolean positive = r.nextBoolean();
            lines.add("\"the movie was " + (positive ? "great" : "awful") + " plot " + r.nextInt(9) + "\","
                    + (positive ? "positive" : "negative"));
        }
        Path file = tmp.resolve("reviews.csv");
        Files.write(file, lines);
        return file;
    }

    /** Tiny shapes (vocabulary 50, length 20, 8 units), the settings every test here trains with. */
    private TrainingJobSettings tiny(int epochs) throws Exception {
        DataSettings data = DataSettings.builder().data(csv(40)).numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH)
                .validationSplit(0.25).build();
        return TrainingJobSettings.builder()
                .data(data)
                .training(TrainingConfig.builder().epochs(epochs).batchSize(8).cores(1).build())
                .embeddingDim(4).units(8)
                .build();
    }

    /** Everything a listener hears, in order. */
    private static final class Heard implements TrainingJob.Listener {
        final List<String> events = new ArrayList<>();
        TrainingJob.Start start;

        @Override
        public void onJobStart(TrainingJob.Start s) {
            start = s;
            events.add("start " + s.completedEpochs() + "/" + s.epochs());
        }

        @Override
        public void onCheckpointSaved(int epoch) {
            events.add("checkpoint " + epoch);
        }

        @Override
        public void message(String text) {
            events.add("message " + text);
        }

        @Override
        public void warning(String text) {
            events.add("warning " + text);
        }
    }

    @Test
    void runsWritesTheRunFolderAndReturnsTypedMetricsPrintingNothing() throws Exception {
        Path runs = tmp.resolve("runs");
        TrainingJobSettings settings = tiny(2);
        Heard heard = new Heard();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrainingJob.Result result;
        try {
            System.setOut(new PrintStream(printed, true));
            System.setErr(new PrintStream(printed, true));
            result = new TrainingJob(settings, runs).run(heard, new ProgressBar(new java.io.PrintWriter(
                    new java.io.StringWriter()), false, false));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertEquals("", printed.toString(), "library code reports through listeners, it prints nothing itself");
        assertEquals(List.of("start 0/2", "checkpoint 1", "checkpoint 2"), heard.events);
        Path dir = result.run().dir();
        assertEquals(dir, heard.start.run().dir());
        assertTrue(dir.getFileName().toString().startsWith("reviews_lstm-"), dir.toString());
        Map<String, float[]> saved = StateFile.read(dir.resolve(RunFolder.FINAL_WEIGHTS));
        assertEquals(result.weights().asMap().keySet(), saved.keySet());
        result.weights().asMap().forEach((name, w) -> assertArrayEquals(w, saved.get(name), name));

        RunConfig config = RunConfig.read(dir).orElseThrow();
        assertEquals(RunConfig.FORMAT, config.format());
        assertEquals(settings.toBuilder().name("reviews_lstm").build(), config.settings(),
                "config.json stores the typed settings, the name resolved");
        assertEquals(result.model(), config.model());
        assertEquals(config.settings(), TrainingJob.resume(dir).settings(), "and a resume reads them back");

        RunMetrics m = result.metrics();
        assertEquals("validation", result.evalName());
        assertEquals(2, m.history().size());
        assertEquals(List.of("negative", "positive"), m.data().labels());
        assertNotNull(result.heldOutTest(), "a validation split leaves the test split for a separate score");
        assertFalse(m.stoppedEarly());
        Map<?, ?> written = new ObjectMapper().readValue(dir.resolve(RunFolder.METRICS).toFile(), Map.class);
        assertEquals(List.of("dataset", "model", "training", "data", "epochs", "best_epoch", "stopped_early",
                "final_validation", "final_test", "timings", "versions"), List.copyOf(written.keySet()));
        assertEquals(m.finalEval().loss(), ((Number) ((Map<?, ?>) written.get("final_validation")).get("loss")).doubleValue());
        assertEquals(m.heldOutTest().accuracy(), ((Number) ((Map<?, ?>) written.get("final_test")).get("accuracy")).doubleValue());
    }

    /** Stops a job after its checkpoint of {@code epoch} is on disk, as a kill at that moment would. */
    private static final class KillAfter implements TrainingListener {
        private final int epoch;

        KillAfter(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onCheckpointSaved(int e) {
            if (e == epoch) {
                throw new IllegalStateException("killed after epoch " + e);
            }
        }
    }

    /**
     * Issue 19: {@code withEpochs(N)} continues a finished run, or an interrupted one, to N epochs (Keras'
     * {@code initial_epoch}) with the bits of a run started with N epochs: the same weights and the same losses.
     */
    @Test
    void continuingToMoreEpochsGivesTheBitsOfAStraightRun() throws Exception {
        TrainingJob.Result straight = new TrainingJob(tiny(3), tmp.resolve("straight")).run();

        TrainingJob.Result finished = new TrainingJob(tiny(2), tmp.resolve("finished")).run();
        Path dir = finished.run().dir();
        Heard heard = new Heard();
        TrainingJob.Result continued = TrainingJob.resume(dir).withEpochs(3).run(heard);
        assertTrue(heard.events.contains("start 2/3"), heard.events.toString());
        assertSameRun(straight, continued);
        assertEquals(3, TrainingJob.resume(dir).settings().training().epochs(), "config.json says where the run goes now");

        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> new TrainingJob(tiny(5), cut).run(new KillAfter(2)));
        Path interrupted;
        try (var s = Files.list(cut)) {
            interrupted = s.findFirst().orElseThrow();
        }
        assertFalse(Files.exists(interrupted.resolve(RunFolder.METRICS)));
        assertSameRun(straight, TrainingJob.resume(interrupted).withEpochs(3).run());

        BadSettingException fewer = assertThrows(BadSettingException.class, () -> TrainingJob.resume(dir).withEpochs(2).run());
        assertEquals("epochs", fewer.setting());
        assertTrue(fewer.getMessage().contains("has completed 3 epochs"), fewer.getMessage());
    }

    private static void assertSameRun(TrainingJob.Result want, TrainingJob.Result got) throws Exception {
        assertArrayEquals(Files.readAllBytes(want.run().file(RunFolder.FINAL_WEIGHTS)),
                Files.readAllBytes(got.run().file(RunFolder.FINAL_WEIGHTS)), "final.bin");
        List<EpochRecord> a = want.metrics().history();
        List<EpochRecord> b = got.metrics().history();
        assertEquals(a.size(), b.size());
        for (int e = 0; e < a.size(); e++) {
            assertEquals(a.get(e).trainLoss(), b.get(e).trainLoss(), 0.0, "train loss of epoch " + (e + 1));
            assertEquals(a.get(e).eval().loss(), b.get(e).eval().loss(), 0.0, "validation loss of epoch " + (e + 1));
        }
    }

    /** Issue 19: a run folder is locked while a job trains it; a second job names the holder's process id. */
    @Test
    void aRunFolderBeingTrainedIsRefusedNamingTheProcess() throws Exception {
        Path dir = new TrainingJob(tiny(1), tmp.resolve("runs")).run().run().dir();
        try (RunFolder.Lock held = new RunFolder(dir).lock()) {
            BadInputException e = assertThrows(BadInputException.class, () -> TrainingJob.resume(dir).run());
            assertTrue(e.getMessage().contains(dir + " is being trained by process " + ProcessHandle.current().pid()),
                    e.getMessage());
        }
        assertEquals(1, TrainingJob.resume(dir).run().metrics().history().size(), "free again once released");
    }

    /** Issue 19: other settings than the stored ones are refused, every one of them named, the epochs excepted. */
    @Test
    void resumingWithOtherSettingsNamesEveryDifference() throws Exception {
        TrainingJobSettings settings = tiny(1);
        Path dir = new TrainingJob(settings, tmp.resolve("runs")).run().run().dir();
        TrainingJobSettings other = settings.toBuilder().units(16)
                .data(settings.data().toBuilder().maxLength(30).build()).build().withEpochs(4);
        BadInputException e = assertThrows(BadInputException.class, () -> TrainingJob.resume(dir, other));
        assertTrue(e.getMessage().contains("data.maxLength 20 vs 30") && e.getMessage().contains("units 8 vs 16"),
                e.getMessage());
        assertFalse(e.getMessage().contains("epochs"), e.getMessage());
        assertEquals(4, TrainingJob.resume(dir, settings.withEpochs(4)).settings().training().epochs());
    }
}
