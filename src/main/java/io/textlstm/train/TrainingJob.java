package io.textlstm.train;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.DurableFiles;
import io.textlstm.data.ClassWeights;
import io.textlstm.data.DataSettings;
import io.textlstm.data.RawDataset;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.text.PreparedDataset;
import io.textlstm.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One training run, callable from Java without the command line: load and vectorize the data, configure the model,
 * write the run folder (config.json, vocabulary, labels), fit with checkpoints, save the final weights, score the
 * held-out test split in a session of its own, and write {@code metrics.json} and the history. A new run is
 * {@link #TrainingJob(TrainingJobSettings, Path)}; {@link #resume(Path)} continues a run folder with the settings its
 * {@code config.json} stores, and {@link #withEpochs} continues it to more epochs (Keras' {@code initial_epoch}).
 * What happens is told to {@link Listener}s; the job prints nothing. Exporting the result is the caller's step
 * ({@code io.textlstm.export.ModelExport}), since {@code train} comes before {@code export} in the flow.
 */
public final class TrainingJob {
    /** Where run folders go unless told otherwise. */
    public static final Path DEFAULT_RUNS_DIR = Path.of("runs");

    private final TrainingJobSettings settings;
    private final Map<String, String> frontEnd;
    private final Path runsDir;
    private final RunFolder resumed;
    private final RunConfig stored;

    /** A new run under {@code runsDir}, in a folder named after {@link TrainingJobSettings#name()}. */
    public TrainingJob(TrainingJobSettings settings, Path runsDir) {
        // the data paths as the caller gave them, for the messages it reads; config.json stores them absolute
        this(settings.named(), Map.of(), Objects.requireNonNull(runsDir, "runsDir"), null, null);
    }

    private TrainingJob(TrainingJobSettings settings, Map<String, String> frontEnd, Path runsDir, RunFolder resumed,
            RunConfig stored) {
        this.settings = settings;
        this.frontEnd = Map.copyOf(frontEnd);
        this.runsDir = runsDir;
        this.resumed = resumed;
        this.stored = stored;
    }

    /**
     * Continues {@code runDir} with the settings its {@code config.json} stores: after its last completed epoch, or
     * from epoch 1 when it completed none; a finished run only writes its results again.
     *
     * @throws BadInputException when the folder is not a run folder, or its config.json is unreadable or was written by
     *     an earlier release that stored command-line options instead of settings
     *     (continue such a run with {@link #resume(Path, TrainingJobSettings)})
     */
    public static TrainingJob resume(Path runDir) {
        RunConfig config = storedConfig(runDir);
        if (config == null || config.settings() == null) {
            throw new BadInputException("cannot resume " + runDir + ": " + (config == null ? "it has no " + RunConfig.FILE
                    : runDir.resolve(RunConfig.FILE) + " was written by an earlier textlstm and stores command-line "
                    + "options, not settings") + "; continue it with the settings it was started with");
        }
        return new TrainingJob(config.settings(), config.frontEnd(), null, new RunFolder(runDir), config);
    }

    /**
     * Continues {@code runDir} with {@code settings}: for a run folder whose {@code config.json} stores no settings (an
     * earlier release stored command-line options, or nothing). When it does store settings, {@code settings} must
     * equal them except for the number of epochs.
     *
     * @throws BadInputException naming every setting that differs from the stored ones
     */
    public static TrainingJob resume(Path runDir, TrainingJobSettings settings) {
        RunConfig config = storedConfig(runDir);
        TrainingJobSettings wanted = settings.resolved();
        if (config != null && config.settings() != null) {
            List<String> differences = config.settings().differences(wanted, true);
            if (!differences.isEmpty()) {
                throw new BadInputException("cannot resume " + runDir + " with other settings than it stores in "
                        + runDir.resolve(RunConfig.FILE) + " (stored vs given): " + String.join("; ", differences));
            }
        }
        return new TrainingJob(wanted, config == null ? Map.of() : config.frontEnd(), null, new RunFolder(runDir), config);
    }

    private static RunConfig storedConfig(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            throw new BadInputException("cannot resume " + runDir + ": no such folder");
        }
        RunConfig config = RunConfig.read(runDir).orElse(null);
        if (config == null && !Files.isDirectory(new RunFolder(runDir).checkpointDir())) {
            throw new BadInputException("cannot resume " + runDir + ": not a run folder (it has no " + RunConfig.FILE
                    + " and no checkpoint/ subfolder)");
        }
        return config;
    }

    /**
     * This job with {@code epochs} passes over the data in all: a resumed run continues (or a finished one goes on) to
     * that epoch, with the bits of a run started with {@code epochs} (shuffles and dropout masks depend only on the
     * seed, the epoch and the step).
     */
    public TrainingJob withEpochs(int epochs) {
        return new TrainingJob(settings.withEpochs(epochs), frontEnd, runsDir, resumed, stored);
    }

    /**
     * This job keeping {@code options} in the run's {@code config.json} for the program that runs it: what it needs to
     * finish a resumed run as the run was started, beside the settings (the command line: where it exports the
     * result). The job itself does not read them.
     */
    public TrainingJob withFrontEnd(Map<String, String> options) {
        return new TrainingJob(settings, options, runsDir, resumed, stored);
    }

    /** What the job trains with. */
    public TrainingJobSettings settings() {
        return settings;
    }

    /** The front end's options: those given to {@link #withFrontEnd}, or those a resumed run stored. */
    public Map<String, String> frontEnd() {
        return frontEnd;
    }

    /** The run folder a resumed job continues; null for a new run, whose folder is made when it runs. */
    public Path runDir() {
        return resumed == null ? null : resumed.dir();
    }

    /**
     * What a job tells its caller beyond the trainer's callbacks: a listener given to {@link #run} that implements this
     * also hears these.
     */
    public interface Listener extends TrainingListener {
        /** The data are read and the run folder is chosen and locked; training starts next. */
        default void onJobStart(Start start) {}

        /** Something the user should know that does not stop the run. */
        default void warning(String text) {}
    }

    /**
     * The start of a run.
     *
     * @param dataset         the data set's display name
     * @param completedEpochs epochs the run folder already holds (a resume continues after them)
     * @param dataSeconds     time to load and vectorize the data
     */
    public record Start(String dataset, int trainRecords, int evaluationRecords, String evalName, ModelConfig model,
            RunFolder run, int completedEpochs, int epochs, double dataSeconds) {}

    /**
     * What a finished run produced.
     *
     * @param vocabulary  the vocabulary the model reads
     * @param labels      the class names, in label-id order
     * @param heldOutTest the held-out test split's metrics, or null when there was none
     */
    public record Result(RunFolder run, ModelConfig model, ModelWeights weights, Vocabulary vocabulary, List<String> labels,
            String evalName, ClassificationMetrics finalEval, ClassificationMetrics heldOutTest, RunMetrics metrics) {}

    /** The model name for data read from {@code data}: {@code imdb_lstm} for IMDB, else from the data file's name. */
    public static String defaultName(DataSettings data) {
        if (data.data() == null) {
            return "imdb_lstm";
        }
        String file = data.data().toAbsolutePath().normalize().getFileName().toString();
        String stem = file.replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_-]+", "_");
        return stem.isEmpty() ? "model" : stem + "_lstm";
    }

    /**
     * Runs the job, telling {@code listeners} (in this order, before the trainer's own) what happens.
     *
     * @throws BadInputException for bad data, a run folder that cannot be continued (another process trains it, its
     *     checkpoint is damaged, it holds more epochs than asked for) or a file that cannot be written
     * @throws IllegalStateException when training diverged
     */
    public Result run(TrainingListener... listeners) {
        List<Listener> told = new ArrayList<>();
        for (TrainingListener l : listeners) {
            if (l instanceof Listener job) {
                told.add(job);
            }
        }
        if (resumed != null) {
            try (RunFolder.Lock lock = resumed.lock()) {
                Checkpoint checkpoint = resumed.checkpoint();
                int completed = checkpoint.completedEpochs(); // a damaged trainer.json stops here, before the data load
                requireEpochs(completed);
                return train(resumed, completed, told, listeners);
            }
        }
        Prepared data = prepare(told);
        RunFolder run = RunFolder.create(runsDir, settings.name());
        try (RunFolder.Lock lock = run.lock()) {
            return train(run, data, 0, told, listeners);
        }
    }

    private Result train(RunFolder run, int completed, List<Listener> told, TrainingListener[] listeners) {
        Prepared data = prepare(told);
        requireSameData(run, data);
        return train(run, data, completed, told, listeners);
    }

    /** The data loaded and vectorized, and the model and training they give. */
    private record Prepared(RawDataset raw, PreparedDataset prepared, ModelConfig model, TrainingConfig config,
            double seconds) {}

    private Prepared prepare(List<Listener> told) {
        long t0 = System.nanoTime();
        RawDataset raw = DatasetLoader.load(settings.data(), text -> told.forEach(l -> l.message(text)));
        PreparedDataset prepared = PreparedDataset.prepare(raw, settings.data());
        ModelConfig model = settings.model(prepared.vocabulary().size(), settings.data().maxLength(), prepared.labels().size());
        TrainingConfig config = settings.training().withClassWeights(
                settings.balancedClassWeights() ? ClassWeights.balanced(prepared.train(), model.numClasses()) : null);
        return new Prepared(raw, prepared, model, config, (System.nanoTime() - t0) / 1e9);
    }

    private Result train(RunFolder run, Prepared data, int completed, List<Listener> told, TrainingListener[] listeners) {
        PreparedDataset prepared = data.prepared();
        ModelConfig model = data.model();
        TrainingConfig config = data.config();
        boolean continuing = completed > 0;
        if (resumed != null && !continuing) {
            List<Path> orphans = run.checkpoint().stateFilesWithoutProgress();
            if (!orphans.isEmpty()) {
                told.forEach(l -> l.warning(run.checkpointDir() + " holds " + orphans.stream()
                        .map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")) + " but no "
                        + Checkpoint.PROGRESS_FILE + " (the run was killed while writing its first checkpoint, or the "
                        + "file was removed): without the history it cannot continue from there, so it trains again "
                        + "from epoch 1 and its first checkpoint replaces " + (orphans.size() == 1 ? "that file" : "those files")));
            }
        }
        int planned = stored != null && stored.settings() != null ? stored.settings().training().epochs() : completed;
        if (continuing && planned < settings.training().epochs() && Files.exists(run.file(RunFolder.METRICS))) {
            int from = completed;
            told.forEach(l -> l.message("Continuing the finished run " + run.dir() + " from epoch " + from + " to "
                    + settings.training().epochs() + "; its results (" + String.join(", ", RunFolder.RESULTS)
                    + ") are written again when it ends"));
            removeResults(run);
        }
        TrainingJobSettings kept = settings.resolved();
        if (stored == null || stored.settings() == null || !stored.settings().equals(kept)
                || !stored.frontEnd().equals(frontEnd)) {
            RunConfig.of(kept, frontEnd, model).write(run.dir());
        }
        saveDataArtifacts(run, prepared);
        String evalName = prepared.validating() ? "validation" : "test";
        Start start = new Start(data.raw().name(), prepared.train().size(), prepared.evaluation().size(), evalName, model,
                run, completed, config.epochs(), data.seconds());
        told.forEach(l -> l.onJobStart(start));
        if (resumed != null && !continuing) {
            told.forEach(l -> l.message(run.dir() + " has no completed epoch; starting it again from epoch 1"));
        }
        Trainer.FitResult result;
        try {
            result = new Trainer(model, config, listeners)
                    .fit(prepared.train(), prepared.evaluation(), run.checkpointDir(), continuing);
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        StateFile.write(run.file(RunFolder.FINAL_WEIGHTS), result.weights().asMap());
        ClassificationMetrics heldOut = scoreHeldOutTest(model, config, result.weights(), prepared);
        List<String> labels = prepared.labels().labels();
        DataSettings d = settings.data();
        RunMetrics metrics = new RunMetrics(data.raw().name(), model, config,
                new RunMetrics.Data(d.numWords(), d.maxLength(), prepared.train().size(), prepared.evaluation().size(),
                        prepared.vocabulary().sha256(), labels),
                evalName, result.history(), result.bestEpoch(), result.stoppedEarly(), result.finalEval(), heldOut,
                new RunMetrics.Timings(data.seconds(), result.graphBuildSeconds(), result.firstStepSeconds()),
                RunMetrics.Software.current());
        run.writeHistory(result.history(), result.finalEval(), labels, evalName);
        run.writeMetrics(metrics.toMap()); // last: metrics.json says the run finished
        return new Result(run, model, result.weights(), prepared.vocabulary(), labels, evalName, result.finalEval(),
                heldOut, metrics);
    }

    /** A run cannot be cut back: its checkpoint holds the weights after {@code completed} epochs. */
    private void requireEpochs(int completed) {
        int epochs = settings.training().epochs();
        if (completed > epochs) {
            throw new BadSettingException("epochs", resumed.dir() + " has completed " + completed + " epochs; it can "
                    + "continue to " + completed + " epochs or more, not to " + epochs);
        }
    }

    /**
     * A resumed run must see the data it was trained on: a different vocabulary would silently scramble the ids, and
     * other classes would not fit its output layer.
     */
    private void requireSameData(RunFolder run, Prepared data) {
        Path vocab = run.file(RunFolder.VOCAB);
        if (Files.isRegularFile(vocab) && !Vocabulary.load(vocab).sha256().equals(data.prepared().vocabulary().sha256())) {
            throw new BadInputException("cannot resume " + run.dir() + ": these data and settings give a different vocabulary "
                    + "than " + vocab + "; resume with the same data, number of words and split settings as the original run");
        }
        if (stored != null && !stored.model().equals(data.model())) {
            throw new BadInputException("cannot resume " + run.dir() + ": the data now give the model " + data.model()
                    + ", but the run trains " + stored.model() + " (" + run.file(RunConfig.FILE) + "); resume with the "
                    + "same data");
        }
    }

    /** A finished run that goes on to more epochs is unfinished until it ends: metrics.json (which says so) goes first. */
    private static void removeResults(RunFolder run) {
        try {
            for (String f : RunFolder.RESULTS) {
                Files.deleteIfExists(run.file(f));
            }
            DurableFiles.syncDirectory(run.dir());
        } catch (IOException e) {
            throw new BadInputException("cannot remove the results of " + run.dir() + " before continuing it: "
                    + DurableFiles.cause(e), e);
        }
    }

    /** The held-out test split, kept apart when a validation split steered training; null when there is none. */
    private static ClassificationMetrics scoreHeldOutTest(ModelConfig model, TrainingConfig config, ModelWeights weights,
            PreparedDataset prepared) {
        if (!prepared.validating() || prepared.test().size() == 0) {
            return null;
        }
        try (TrainingSession session = new TrainingSession(model, config.adam(), 1, 1, config.interOpThreads())) {
            session.initialize(weights);
            return SplitPredictor.evaluate(session, prepared.test(), config.evalBatchSize());
        }
    }

    private static void saveDataArtifacts(RunFolder run, PreparedDataset prepared) {
        try {
            prepared.vocabulary().save(run.file(RunFolder.VOCAB));
            prepared.labels().save(run.file(RunFolder.LABELS));
        } catch (IOException e) {
            throw new BadInputException("cannot write vocabulary/labels into " + run.dir() + ": " + DurableFiles.cause(e), e);
        }
    }
}
