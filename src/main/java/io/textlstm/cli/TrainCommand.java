package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.Versions;
import io.textlstm.data.ClassWeights;
import io.textlstm.data.DataOptions;
import io.textlstm.data.DatasetLoader;
import io.textlstm.data.RawDataset;
import io.textlstm.data.VectorizedSplit;
import io.textlstm.export.ExportResult;
import io.textlstm.export.ModelExport;
import io.textlstm.model.ModelConfig;
import io.textlstm.text.PreparedDataset;
import io.textlstm.train.Checkpoint;
import io.textlstm.train.ClassificationMetrics;
import io.textlstm.train.EpochRecord;
import io.textlstm.train.InterruptionNotice;
import io.textlstm.train.ProgressBar;
import io.textlstm.train.RunConfig;
import io.textlstm.train.RunFolder;
import io.textlstm.train.Trainer;
import io.textlstm.train.TrainingConfig;
import io.textlstm.train.TrainingDivergedException;
import io.textlstm.train.TrainingSession;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code textlstm train}: the tutorial's job — load, vectorize, fit, evaluate, write a run folder, export. */
@Command(
        name = "train",
        description = {
            "Train an LSTM text classifier (Embedding -> LSTM -> Dense) and export it as a SavedModel.",
            "Defaults reproduce the Keras IMDB tutorial: top 5000 words, length 500, Embedding(32), LSTM(100) with "
                    + "dropout 0.2 and recurrent dropout 0.2, Adam, batch 64, 3 epochs, seed 7."
        })
public final class TrainCommand implements Callable<Integer> {

    // --version names the SavedModel version to write (docs/cli.md), so only --help comes from picocli here
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--epochs", defaultValue = "3", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--embedding-dim", defaultValue = "32", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int embeddingDim;

    @Option(names = "--units", defaultValue = "100", description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--dropout", defaultValue = "0.2", description = "Dropout on the LSTM inputs (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--recurrent-dropout", defaultValue = "0.2",
            description = "Dropout on the LSTM's recurrent state (default: ${DEFAULT-VALUE}).")
    float recurrentDropout;

    @Option(names = "--head", converter = HeadChoice.Converter.class, description = "${COMPLETION-CANDIDATES} (default: auto = one sigmoid unit for two classes, "
            + "softmax for more).")
    HeadChoice head = HeadChoice.AUTO;

    @Option(names = "--patience", defaultValue = "0",
            description = "Stop after this many epochs without a lower validation loss and restore the best weights; 0 = off.")
    int patience;

    @Option(names = "--no-restore-best", negatable = false, description = "With --patience, keep the last weights, not the best.")
    boolean noRestoreBest;

    @Option(names = "--class-weights", defaultValue = "none", converter = ClassWeighting.Converter.class,
            description = "${COMPLETION-CANDIDATES} (balanced weights classes by n/(k*count), for skewed data; "
                    + "default: ${DEFAULT-VALUE}).")
    ClassWeighting classWeights;

    @Option(names = "--threads", description = "Number of chains the batch is split into, one per CPU core, at most the "
            + "cores available (default: all cores, at most 4); 1 intra-op thread, the measured fastest layout.")
    Integer threads;

    @Option(names = "--name", description = "Model name: run folder prefix and export name (default: imdb_lstm for IMDB, "
            + "else the data file's name).")
    String name;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path runsDir;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed "
            + "epoch, with the options stored in its config.json (an option that contradicts them is refused).")
    Path resume;

    @Option(names = "--export", paramLabel = "BASE_PATH",
            description = "Export the trained model as a SavedModel version under this folder (default: savedmodel/<name>).")
    Path export;

    @Option(names = "--no-export", description = "Do not export a SavedModel.")
    boolean noExport;

    @Option(names = "--version", paramLabel = "N", description = "SavedModel version to write (default: highest existing + 1).")
    Long version;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Spec CommandSpec spec;

    /** {@code --head}: the output layer, or {@code auto} to let the number of classes decide. */
    enum HeadChoice {
        AUTO(null), SIGMOID(ModelConfig.Head.SIGMOID), SOFTMAX(ModelConfig.Head.SOFTMAX);

        /** null for {@code auto}, which {@link ModelConfig} resolves. */
        final ModelConfig.Head head;

        HeadChoice(ModelConfig.Head head) {
            this.head = head;
        }

        /** As typed and as stored in config.json. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final class Converter extends ChoiceConverter<HeadChoice> {
            Converter() {
                super(HeadChoice.class);
            }
        }
    }

    /** {@code --class-weights}: none, or scikit-learn's "balanced" weights from the train split. */
    enum ClassWeighting {
        NONE, BALANCED;

        float[] weights(VectorizedSplit train, int numClasses) {
            return this == BALANCED ? ClassWeights.balanced(train, numClasses) : null;
        }

        /** As typed and as stored in config.json. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final class Converter extends ChoiceConverter<ClassWeighting> {
            Converter() {
                super(ClassWeighting.class);
            }
        }
    }

    /**
     * Reads a choice in any case (config.json stores it in lower case, as {@code toString} writes it); a bad value is
     * refused naming the choices as the user types them (picocli makes that exit code 2, docs/cli.md).
     */
    abstract static class ChoiceConverter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;

        ChoiceConverter(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E choice : type.getEnumConstants()) {
                if (choice.name().equalsIgnoreCase(value)) {
                    return choice;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of " + Arrays.toString(type.getEnumConstants())
                    + " (in any case) but was '" + value + "'");
        }
    }

    /** Options that may differ when a run is resumed: they change what is printed or exported, not the numbers. */
    static final List<String> MAY_CHANGE_ON_RESUME = List.of("--quiet", "--export", "--no-export", "--version", "--runs-dir");
    /** Not part of a run's configuration. */
    private static final List<String> NOT_STORED = List.of("--help", "--resume", "--quiet", "--runs-dir");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (resume != null) {
            return resumeRun(out);
        }
        validateOptions(false);
        return train(out, null, null);
    }

    /** {@code --resume RUN}: continues with the options in the run's config.json; a contradicting option is refused. */
    private int resumeRun(PrintWriter out) {
        if (!Files.isDirectory(resume)) {
            throw new BadInputException("--resume " + resume + ": no such folder");
        }
        Optional<RunConfig> stored = RunConfig.read(resume);
        if (stored.isEmpty()) {
            if (!Files.isDirectory(resume.resolve("checkpoint"))) {
                throw new BadInputException("--resume " + resume + ": not a run folder, or one whose run stopped before it "
                        + "stored its options (it has no " + RunConfig.FILE + " and no checkpoint/ subfolder); start a new run");
            }
            // made by a textlstm that did not store its options: continue with the options given, as it did
            validateOptions(true);
            out.println("note: " + resume + " has no " + RunConfig.FILE + " (an older textlstm made it); continuing with the "
                    + "options given on this command line");
            return train(out, new RunFolder(resume), null);
        }
        TrainCommand effective = StoredOptions.parse(stored.get().options(), new TrainCommand(),
                resume.resolve(RunConfig.FILE).toString());
        StoredOptions.requireNoContradiction(spec, effective.spec, MAY_CHANGE_ON_RESUME, NOT_STORED,
                "--resume " + resume + " (options stored in " + resume.resolve(RunConfig.FILE) + ")");
        effective.resume = resume;
        effective.quiet = quiet;
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--export") || given.hasMatchedOption("--no-export")) {
            effective.export = export;
            effective.noExport = noExport;
        }
        if (given.hasMatchedOption("--version")) {
            effective.version = version;
        }
        effective.validateOptions(true);
        return effective.train(out, new RunFolder(resume), stored.get());
    }

    /**
     * The job: load, vectorize, fit, evaluate, write the run folder, export.
     *
     * @param existing the run folder of {@code --resume}, or null for a new run
     * @param stored   its config.json, or null
     */
    private int train(PrintWriter out, RunFolder existing, RunConfig stored) {
        int cores = threads != null ? threads : defaultThreads();
        // built before the data are read, so a bad setting fails at once; the class weights come from the data
        TrainingConfig config = TrainingConfig.builder()
                .epochs(epochs).batchSize(batchSize).seed(data.seed()).learningRate(learningRate)
                .patience(patience).restoreBest(!noRestoreBest)
                .cores(cores)
                .build();
        long t0 = System.nanoTime();
        RawDataset raw = DatasetLoader.load(data);
        PreparedDataset prepared = PreparedDataset.prepare(raw, data);
        double dataSeconds = (System.nanoTime() - t0) / 1e9;
        String modelName = name != null ? name : defaultName();
        ModelConfig model = ModelConfig.builder()
                .numWords(prepared.vocabulary().size())
                .maxLength(data.maxLength())
                .embeddingDim(embeddingDim)
                .units(units)
                .numClasses(prepared.labels().size())
                .dropout(dropout)
                .recurrentDropout(recurrentDropout)
                .head(head.head)
                .build();
        config = config.withClassWeights(classWeights.weights(prepared.train(), model.numClasses()));
        Path base = export != null ? export : Path.of("savedmodel", modelName);
        if (!noExport) {
            ModelExport.requireWritable(base);
        }
        RunFolder run = existing != null ? existing : RunFolder.create(runsDir, modelName);
        if (existing != null) {
            requireSameVocabulary(run, prepared);
            if (stored != null && !stored.model().equals(model)) {
                throw new BadInputException("--resume " + run.dir() + ": the data now give the model " + model
                        + ", but the run trains " + stored.model() + " (" + run.file(RunConfig.FILE) + "); resume with the "
                        + "same data");
            }
        }
        if (stored == null) {
            RunConfig.of(StoredOptions.of(spec, NOT_STORED, Map.of("--threads", cores, "--name", modelName)), model)
                    .write(run.dir());
        }
        saveDataArtifacts(run, prepared);
        boolean continuing = existing != null && InterruptionNotice.completedEpochs(run.checkpointDir()) > 0;
        String evalName = prepared.validating() ? "validation" : "test";
        if (!quiet) {
            out.printf(Locale.ROOT, "%s: %d train / %d %s records, %d classes, vocabulary %d, length %d (%.1fs)%n",
                    raw.name(), prepared.train().size(), prepared.evaluation().size(), evalName, model.numClasses(),
                    model.numWords(), model.maxLength(), dataSeconds);
            out.printf("Run folder: %s%n", run.dir());
        }
        if (existing != null && !continuing) {
            out.printf("%s has no completed epoch; starting it again from epoch 1%n", run.dir());
        }
        out.flush();
        Trainer.FitResult result;
        try (InterruptionNotice notice = new InterruptionNotice(ProgressBar.forStdout(quiet), run.dir(), System.err)) {
            result = new Trainer(model, config, notice)
                    .fit(prepared.train(), prepared.evaluation(), run.checkpointDir(), continuing);
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Checkpoint.write(run.file(RunFolder.FINAL_WEIGHTS), result.weights().asMap());
        ClassificationMetrics heldOut = null;
        if (prepared.validating() && prepared.test().size() > 0) {
            try (TrainingSession session = new TrainingSession(model, config.adam(), 1, 1, cores)) {
                session.initialize(result.weights());
                float[] p = Trainer.predict(session, prepared.test(), config.evalBatchSize());
                heldOut = ClassificationMetrics.compute(p, prepared.test().labels(), model.numClasses());
            }
        }
        Map<String, Object> metrics = metricsJson(raw, prepared, model, config, result, heldOut, dataSeconds);
        run.writeMetrics(metrics);
        run.writeHistory(result.history(), result.finalEval(), prepared.labels().labels(), evalName);
        printSummary(out, result, heldOut, evalName, run);
        if (!noExport) {
            ExportResult exported = ModelExport.export(base, version == null ? OptionalLong.empty() : OptionalLong.of(version),
                    model, result.weights(), prepared.vocabulary().tokens(), prepared.labels().labels(),
                    prepared.vocabulary().sha256(), metrics);
            out.printf("Exported SavedModel: %s%n", displayPath(exported.directory()));
            out.flush();
        }
        return 0;
    }

    /** All cores, at most 4 (more chains than that were not faster). */
    static int defaultThreads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** A path relative to the working directory when it lies below it (what the user typed), else as is. */
    static Path displayPath(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : abs;
    }

    /**
     * What only the command can check: the machine's cores and the version. The ranges of the other settings are
     * checked where {@link TrainingConfig} and {@link ModelConfig} are built.
     *
     * @param resumed the options come from a run's config.json (made where they were valid)
     */
    private void validateOptions(boolean resumed) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads != null && (threads < 1 || (!resumed && threads > cores))) {
            throw new BadInputException("--threads must be between 1 and " + cores + " (the cores available), got " + threads);
        }
        if (version != null && version < 0) {
            throw new BadInputException("--version must not be negative, got " + version);
        }
    }

    private String defaultName() {
        if (data.data() == null) {
            return "imdb_lstm";
        }
        String file = data.data().toAbsolutePath().normalize().getFileName().toString();
        String stem = file.replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_-]+", "_");
        return stem.isEmpty() ? "model" : stem + "_lstm";
    }

    /** A resumed run must see the data it was trained on; a different vocabulary would silently scramble the ids. */
    private static void requireSameVocabulary(RunFolder run, PreparedDataset prepared) {
        Path vocab = run.file(RunFolder.VOCAB);
        if (Files.isRegularFile(vocab) && !io.textlstm.text.Vocabulary.load(vocab).sha256().equals(prepared.vocabulary().sha256())) {
            throw new BadInputException("--resume " + run.dir() + ": these data and options give a different vocabulary than "
                    + vocab + "; resume with the same --data, --num-words and split options as the original run");
        }
    }

    private static void saveDataArtifacts(RunFolder run, PreparedDataset prepared) {
        try {
            prepared.vocabulary().save(run.file(RunFolder.VOCAB));
            prepared.labels().save(run.file(RunFolder.LABELS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vocabulary/labels into " + run.dir() + ": " + DurableFiles.cause(e), e);
        }
    }

    private Map<String, Object> metricsJson(RawDataset raw, PreparedDataset prepared, ModelConfig model, TrainingConfig config,
            Trainer.FitResult result, ClassificationMetrics heldOut, double dataSeconds) {
        List<String> labels = prepared.labels().labels();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", raw.name());
        m.put("model", model);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", config.epochs());
        training.put("batch_size", config.batchSize());
        training.put("seed", config.seed());
        training.put("optimizer", config.adam());
        training.put("patience", config.patience());
        training.put("class_weights", config.classWeights());
        training.put("chains", config.chains());
        training.put("intra_op_threads", config.intraOpThreads());
        training.put("inter_op_threads", config.interOpThreads());
        m.put("training", training);
        m.put("data", Map.of("num_words", data.numWords(), "max_length", data.maxLength(),
                "train_records", prepared.train().size(), "eval_records", prepared.evaluation().size(),
                "vocabulary_sha256", prepared.vocabulary().sha256(), "labels", labels));
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (EpochRecord r : result.history()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", r.epoch());
            e.put("loss", r.trainLoss());
            e.put("accuracy", r.trainAccuracy());
            e.put(prepared.validating() ? "validation" : "test", r.eval().toMap(labels));
            e.put("seconds", r.seconds());
            e.put("ms_per_step_median", r.medianStepMillis());
            e.put("ms_per_step_p90", r.p90StepMillis());
            e.put("eval_seconds", r.evalSeconds());
            epochs.add(e);
        }
        m.put("epochs", epochs);
        m.put("best_epoch", result.bestEpoch());
        m.put("stopped_early", result.stoppedEarly());
        m.put(prepared.validating() ? "final_validation" : "final_test", result.finalEval().toMap(labels));
        if (heldOut != null) {
            m.put("final_test", heldOut.toMap(labels));
        }
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("data_seconds", dataSeconds);
        timings.put("graph_build_seconds", result.graphBuildSeconds());
        timings.put("first_step_seconds", result.firstStepSeconds());
        m.put("timings", timings);
        m.put("versions", Map.of("textlstm", Versions.textlstm(),
                "tensorflow", org.tensorflow.TensorFlow.version(), "java", System.getProperty("java.version")));
        return m;
    }

    private void printSummary(PrintWriter out, Trainer.FitResult result, ClassificationMetrics heldOut, String evalName,
            RunFolder run) {
        ClassificationMetrics m = result.finalEval();
        out.printf(Locale.ROOT, "%s: loss %.4f, accuracy %.2f%%, precision %.4f, recall %.4f, F1 %.4f%s%n",
                evalName, m.loss(), 100 * m.accuracy(), m.precision(), m.recall(), m.f1(),
                Double.isNaN(m.rocAuc()) ? "" : String.format(Locale.ROOT, ", ROC AUC %.4f", m.rocAuc()));
        if (heldOut != null) {
            out.printf(Locale.ROOT, "test: loss %.4f, accuracy %.2f%%, F1 %.4f%n", heldOut.loss(), 100 * heldOut.accuracy(), heldOut.f1());
        }
        out.printf("Run folder: %s%n", run.dir());
        out.flush();
    }
}
