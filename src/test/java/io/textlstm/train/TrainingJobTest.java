package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.data.DataSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
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

    @Test
    void runsWritesTheRunFolderAndReturnsTypedMetrics() throws Exception {
        DataSettings data = DataSettings.builder().data(csv(40)).numWords(TinyData.VOCAB).maxLength(TinyData.LENGTH)
                .validationSplit(0.25).build();
        Path runs = tmp.resolve("runs");
        AtomicBoolean checkedBeforeRunFolder = new AtomicBoolean();
        StringWriter printed = new StringWriter();
        TrainingJob.Result result = new TrainingJob(TrainingJobSettings.builder()
                .data(data)
                .training(TrainingConfig.builder().epochs(2).batchSize(8).cores(1).build())
                .embeddingDim(4).units(8)
                .runsDir(runs)
                .options(Map.of("--epochs", "2"))
                .quiet(true)
                .beforeRunFolder(() -> checkedBeforeRunFolder.set(!Files.exists(runs)))
                .build()).run(new PrintWriter(printed));

        assertTrue(checkedBeforeRunFolder.get(), "the caller's check runs before the run folder is made");
        assertEquals("", printed.toString(), "quiet prints nothing");
        Path dir = result.run().dir();
        assertTrue(dir.getFileName().toString().startsWith("reviews_lstm-"), dir.toString());
        Map<String, float[]> saved = StateFile.read(dir.resolve(RunFolder.FINAL_WEIGHTS));
        assertEquals(result.weights().asMap().keySet(), saved.keySet());
        result.weights().asMap().forEach((name, w) -> assertArrayEquals(w, saved.get(name), name));
        assertEquals(Map.of("--epochs", "2"), RunConfig.read(dir).orElseThrow().options());
        assertEquals(result.model(), RunConfig.read(dir).orElseThrow().model());

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
}
