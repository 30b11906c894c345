package io.textlstm.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's {@code checkpoint/} folder (docs/training-runs.md), kept current after every epoch (Keras'
 * {@code BackupAndRestore}): the weights and optimizer state of the last completed epoch ({@code epoch-<e>.bin}), the
 * history so far ({@code trainer.json}, which names that state file), and the best epoch's weights ({@code best.bin})
 * when early stopping keeps them. The state file is on disk before the progress file that points at it, so a kill at
 * any moment leaves the previous epoch resumable.
 */
public final class Checkpoint implements TrainingListener {
    static final String STATE_FILE = "epoch-%d.bin";
    static final String BEST_FILE = "best.bin";
    static final String PROGRESS_FILE = "trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** trainer.json; fields that earlier releases wrote and that are now derived from the history are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Progress(int epochsDone, String stateFile, List<EpochRecord> history) {}

    /** What a resumed run continues from. */
    public record Restored(int epochsDone, Map<String, float[]> state, List<EpochRecord> history) {}

    private final Path dir;

    public Checkpoint(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void onEpochEnd(EpochRecord record, FitContext context) {
        save(record.epoch(), context.state(), context.history());
    }

    /** Writes epoch {@code epoch}'s state and the history, then removes what they replace. */
    public void save(int epoch, Map<String, float[]> state, List<EpochRecord> history) {
        Progress progress = new Progress(epoch, STATE_FILE.formatted(epoch), List.copyOf(history));
        StateFile.write(dir.resolve(progress.stateFile()), state);
        try {
            DurableFiles.write(dir.resolve(PROGRESS_FILE), JSON.writeValueAsBytes(progress));
            for (int e = 1; e < epoch; e++) {
                Files.deleteIfExists(dir.resolve(STATE_FILE.formatted(e)));
            }
            // temporary files of writes a kill interrupted (only one process trains a run folder at a time)
            try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".*.tmp-*")) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint progress in " + dir + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The last completed epoch's state and the history up to it. */
    public Restored restore() {
        Progress p = progress();
        return new Restored(p.epochsDone(), StateFile.read(dir.resolve(p.stateFile())), p.history());
    }

    /** Epochs completed so far: 0 when there is no (readable) progress file yet. */
    public int completedEpochs() {
        if (!Files.isRegularFile(dir.resolve(PROGRESS_FILE))) {
            return 0;
        }
        try {
            return progress().epochsDone();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The model weights of the last completed epoch (what exporting an unfinished run uses). */
    public ModelWeights latestWeights() {
        Map<String, float[]> state = restore().state();
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String name : ModelWeights.NAMES) {
            w.put(name, state.get(name));
        }
        return new ModelWeights(w);
    }

    void saveBestWeights(Map<String, float[]> weights) {
        StateFile.write(dir.resolve(BEST_FILE), weights);
    }

    Optional<Map<String, float[]>> bestWeights() {
        Path best = dir.resolve(BEST_FILE);
        return Files.exists(best) ? Optional.of(StateFile.read(best)) : Optional.empty();
    }

    private Progress progress() {
        Path file = dir.resolve(PROGRESS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("nothing to resume: no " + PROGRESS_FILE + " in " + dir);
        }
        try {
            return JSON.readValue(file.toFile(), Progress.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + DurableFiles.cause(e), e);
        }
    }
}
