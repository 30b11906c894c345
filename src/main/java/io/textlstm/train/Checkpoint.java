package io.textlstm.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
            // every other state file: earlier epochs, and those of a run that started again without its trainer.json
            try (DirectoryStream<Path> states = Files.newDirectoryStream(dir, "epoch-*.bin")) {
                for (Path p : states) {
                    if (!p.getFileName().toString().equals(progress.stateFile())) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            // temporary files of writes a kill interrupted (only one process trains a run folder at a time)
            try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".*.tmp-*")) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write checkpoint progress in " + dir + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The last completed epoch's state and the history up to it. */
    public Restored restore() {
        Progress p = progress();
        return new Restored(p.epochsDone(), StateFile.read(dir.resolve(p.stateFile())), p.history());
    }

    /**
     * Epochs completed so far: 0 when there is no progress file yet (a run stopped in its first epoch).
     *
     * @throws BadInputException naming {@code trainer.json} when it exists but cannot be read (empty, cut, not
     *     the progress of a run): the epochs it records must not silently count as none, or a resume would train
     *     the run again from epoch 1 over its checkpoints
     */
    public int completedEpochs() {
        return Files.exists(dir.resolve(PROGRESS_FILE)) ? progress().epochsDone() : 0;
    }

    /**
     * The state files ({@code epoch-<e>.bin}) in a checkpoint folder that has no {@code trainer.json}: what a run left
     * when it was killed between its first state file and its first progress file, or when the progress file was
     * deleted. Without the history they cannot be resumed; a caller that starts the run again says so.
     */
    public List<Path> stateFilesWithoutProgress() {
        if (Files.exists(dir.resolve(PROGRESS_FILE)) || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "epoch-*.bin")) {
            List<Path> found = new ArrayList<>();
            files.forEach(found::add);
            found.sort(null);
            return found;
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + DurableFiles.cause(e), e);
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
        if (!Files.exists(file)) {
            throw new BadInputException("nothing to resume: no " + PROGRESS_FILE + " in " + dir);
        }
        Progress p;
        try {
            p = JSON.readValue(file.toFile(), Progress.class);
        } catch (IOException e) {
            throw damaged(file, DurableFiles.cause(e), e);
        }
        if (p == null || p.epochsDone() < 1 || p.stateFile() == null || p.history() == null
                || p.history().size() != p.epochsDone()) {
            throw damaged(file, "it does not hold the progress of a run (\"epochsDone\" at least 1, \"stateFile\" and "
                    + "one \"history\" entry per epoch done)", null);
        }
        return p;
    }

    /** trainer.json exists but cannot be used: never a reason to train the run again over its checkpoints. */
    private static BadInputException damaged(Path file, String why, Throwable cause) {
        return new BadInputException("cannot read " + file + ": " + why + ". It records the epochs this run completed, "
                + "so the run cannot continue without it: restore the file, or delete " + file.getParent()
                + " to train the run again from epoch 1", cause);
    }
}
