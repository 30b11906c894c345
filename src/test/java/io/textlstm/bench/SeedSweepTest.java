package io.textlstm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.textlstm.bench.SeedSweep.EpochResult;
import io.textlstm.bench.SeedSweep.SeedResult;
import io.textlstm.bench.SeedSweep.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's statistics and its reading of a run's metrics.json (the sweep itself is a benchmark, not a test). */
class SeedSweepTest {

    @Test
    void statsAreMeanSampleDeviationAndRange() {
        double[] values = {0.81, 0.84, 0.83, 0.86};
        Stats s = Stats.of(values);
        double mean = (0.81 + 0.84 + 0.83 + 0.86) / 4;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        assertEquals(4, s.n());
        assertEquals(mean, s.mean(), 1e-15);
        assertEquals(Math.sqrt(ss / 3), s.sd(), 1e-15);
        assertEquals(0.81, s.min());
        assertEquals(0.86, s.max());
        assertEquals(0, Stats.of(new double[] {0.5}).sd());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
    }

    @Test
    void perEpochKeepsOnlyEpochsEverySeedReached() {
        SeedResult a = new SeedResult(1, 10, List.of(epoch(1, 0.70), epoch(2, 0.80), epoch(3, 0.82)));
        SeedResult b = new SeedResult(2, 10, List.of(epoch(1, 0.74), epoch(2, 0.84)));
        List<Map<String, Object>> rows = SeedSweep.perEpoch(List.of(a, b));
        assertEquals(2, rows.size());
        assertEquals(0.82, ((Stats) rows.get(1).get("test_accuracy")).mean(), 1e-12);
        assertEquals(0.72, ((Stats) rows.get(0).get("test_accuracy")).mean(), 1e-12);
    }

    @Test
    void readsTestFiguresOfEachEpoch(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("metrics.json");
        Files.writeString(metrics, """
                {"epochs": [
                  {"epoch": 1, "loss": 0.52, "accuracy": 0.73, "seconds": 51.6, "test": {"loss": 0.46, "accuracy": 0.79}},
                  {"epoch": 2, "loss": 0.38, "accuracy": 0.83, "seconds": 47.7, "test": {"loss": 0.37, "accuracy": 0.83}}
                ]}""");
        List<EpochResult> epochs = SeedSweep.readEpochs(metrics);
        assertEquals(new EpochResult(2, 47.7, 0.38, 0.83, 0.37, 0.83), epochs.get(1));
        Files.writeString(metrics, "{\"epochs\": [{\"epoch\": 1, \"loss\": 0.5}]}");
        IOException e = assertThrows(IOException.class, () -> SeedSweep.readEpochs(metrics));
        assertEquals(metrics + ": epoch 1 has no test figures", e.getMessage());
    }

    private static EpochResult epoch(int epoch, double testAccuracy) {
        return new EpochResult(epoch, 1, 0.5, 0.8, 0.4, testAccuracy);
    }
}
