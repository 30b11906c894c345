package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.data.DataSettings;
import io.textlstm.export.ExportResult;
import io.textlstm.export.ModelExport;
import io.textlstm.model.ModelConfig;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.train.RunConfig;
import io.textlstm.train.RunFolder;
import io.textlstm.train.TrainingConfig;
import io.textlstm.train.TrainingJob;
import io.textlstm.train.TrainingJobSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code textlstm train}: the tutorial's job — load, vectorize, fit, evaluate, write a run folder ({@link TrainingJob}),
 * then export ({@link ModelExport}).
 */
@Command(
        name = "train",
        description = {
            "Train an LSTM text classifier (Embedding -> LSTM -> Dense) and export it as a SavedModel.",
            "The defaults reproduce the Keras IMDB tutorial's model and training (docs/model.md)."
        })
public final class TrainCommand implements Callable<Integer> {

    // --version names the SavedModel version to write (docs/cli.md), so only --help comes from picocli here
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private static final TrainingConfig DEFAULTS = TrainingConfig.builder().build();

    @Mixin DataOptions data = new DataOptions();

    @Mixin ModelOptions layers = new ModelOptions();

    @Option(names = "--epochs", description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--batch-size", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--learning-rate", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate = DEFAULTS.adam().learningRate();

    @Option(names = "--patience",
            description = "Stop after this many epochs without a lower validation loss and restore the best weights; 0 = off.")
    int patience = DEFAULTS.patience();

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

    @Option(names = "--runs-dir", description = "Where run folders go (default: ${DEFAULT-VALUE}).")
    Path runsDir = TrainingJobSettings.DEFAULT_RUNS_DIR;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed "
            + "epoch, with the options stored in its config.json (an option that contradicts them is refused).")
    Path resume;

    @Mixin ExportOptions exported = new ExportOptions();

    @Option(names = "--no-export", description = "Do not export a SavedModel.")
    boolean noExport;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Spec CommandSpec spec;

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
            if (!Files.isDirectory(new RunFolder(resume).checkpointDir())) {
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
            effective.exported.base = exported.base;
            effective.noExport = noExport;
        }
        if (given.hasMatchedOption("--version")) {
            effective.exported.version = exported.version;
        }
        effective.validateOptions(true);
        return effective.train(out, new RunFolder(resume), stored.get());
    }

    /**
     * Builds the settings, runs the {@link TrainingJob} and exports its model: a step of its own, since {@code train}
     * comes before {@code export} in the flow.
     *
     * @param existing the run folder of {@code --resume}, or null for a new run
     * @param stored   its config.json, or null
     */
    private int train(PrintWriter out, RunFolder existing, RunConfig stored) {
        int cores = threads != null ? threads : defaultThreads();
        // built before the data are read, so a bad setting fails at once; the class weights come from the data
        DataSettings dataSettings = data.settings();
        TrainingConfig config = TrainingConfig.builder()
                .epochs(epochs).batchSize(batchSize).seed(dataSettings.seed()).learningRate(learningRate)
                .patience(patience).restoreBest(!noRestoreBest)
                .cores(cores)
                .build();
        String modelName = name != null ? name : TrainingJob.defaultName(dataSettings);
        Path base = exported.base(modelName);
        TrainingJob.Result result = new TrainingJob(layers.applyTo(TrainingJobSettings.builder())
                .data(dataSettings).training(config)
                .balancedClassWeights(classWeights == ClassWeighting.BALANCED)
                .name(modelName).runsDir(runsDir).resume(existing, stored)
                .options(StoredOptions.of(spec, NOT_STORED, Map.of("--threads", cores, "--name", modelName)))
                .quiet(quiet)
                .resumeCommand(dir -> "textlstm train --resume " + dir)
                .beforeRunFolder(() -> {
                    if (!noExport) {
                        ModelExport.requireWritable(base);
                    }
                })
                .build()).run(out);
        printSummary(out, result);
        if (!noExport) {
            ExportResult export = ModelExport.export(base, exported.version(), result.model(), result.weights(),
                    result.vocabulary().tokens(), result.labels(), result.vocabulary().sha256(), result.metrics().toMap(),
                    exported.exampleFeature);
            out.printf("Exported SavedModel: %s%n", displayPath(export.directory()));
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
        exported.version();
    }

    private static void printSummary(PrintWriter out, TrainingJob.Result result) {
        ClassificationMetrics m = result.finalEval();
        out.printf(Locale.ROOT, "%s: loss %.4f, accuracy %.2f%%, precision %.4f, recall %.4f, F1 %.4f%s%n",
                result.evalName(), m.loss(), 100 * m.accuracy(), m.precision(), m.recall(), m.f1(),
                Double.isNaN(m.rocAuc()) ? "" : String.format(Locale.ROOT, ", ROC AUC %.4f", m.rocAuc()));
        ClassificationMetrics heldOut = result.heldOutTest();
        if (heldOut != null) {
            out.printf(Locale.ROOT, "test: loss %.4f, accuracy %.2f%%, F1 %.4f%n", heldOut.loss(), 100 * heldOut.accuracy(), heldOut.f1());
        }
        out.printf("Run folder: %s%n", result.run().dir());
        out.flush();
    }
}
