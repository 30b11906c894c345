package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.data.DataSettings;
import io.textlstm.export.ExportResult;
import io.textlstm.export.ModelExport;
import io.textlstm.model.ModelConfig;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.train.InterruptionNotice;
import io.textlstm.train.ProgressBar;
import io.textlstm.train.RunConfig;
import io.textlstm.train.RunFolder;
import io.textlstm.train.TrainingConfig;
import io.textlstm.train.TrainingJob;
import io.textlstm.train.TrainingJobSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    @Option(names = "--epochs", description = "Passes over the training data (default: ${DEFAULT-VALUE}); with --resume, "
            + "continue the run to this many epochs.")
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
    Path runsDir = TrainingJob.DEFAULT_RUNS_DIR;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its last completed "
            + "epoch, with the settings stored in its config.json (options that contradict them are refused; --epochs "
            + "may go further).")
    Path resume;

    @Mixin ExportOptions exported = new ExportOptions();

    @Option(names = "--no-export", description = "Do not export a SavedModel.")
    boolean noExport;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Spec CommandSpec spec;

    /**
     * Options that may differ when a run is resumed: they change what is printed or exported, or (--epochs) how far the
     * run goes, which a longer run trains with the same bits (docs/training-runs.md).
     */
    static final List<String> MAY_CHANGE_ON_RESUME = List.of("--epochs", "--quiet", "--export", "--no-export", "--version",
            "--runs-dir");
    /** Not part of a run's configuration. */
    private static final List<String> NOT_STORED = List.of("--help", "--resume", "--quiet", "--runs-dir");

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TrainingJob job = resume != null ? resumedJob(out) : newJob();
        return train(out, job);
    }

    /** A new run with the options given. */
    private TrainingJob newJob() {
        validateOptions(false);
        return new TrainingJob(settings(), runsDir).withFrontEnd(frontEnd());
    }

    /**
     * {@code --resume RUN}: the run continues with the settings in its config.json, and the options given only add to
     * them: those that may change, and --epochs to continue it further; any other option given with another value than
     * the stored one is refused, all of them in one message.
     */
    private TrainingJob resumedJob(PrintWriter out) {
        if (!Files.isDirectory(resume)) {
            throw new BadInputException("--resume " + resume + ": no such folder");
        }
        Optional<RunConfig> config = RunConfig.read(resume);
        String what = "--resume " + resume + " (settings stored in " + resume.resolve(RunConfig.FILE) + ")";
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (config.isPresent() && config.get().settings() != null) {
            TrainingJob job = TrainingJob.resume(resume);
            TrainCommand stored = TrainCommand.of(job.settings(), job.frontEnd());
            StoredOptions.requireNoContradiction(spec, stored.spec, MAY_CHANGE_ON_RESUME, NOT_STORED, what);
            stored.adoptGiven(this, given);
            stored.validateOptions(true);
            copyFrom(stored);
            return (given.hasMatchedOption("--epochs") ? job.withEpochs(epochs) : job).withFrontEnd(frontEnd());
        }
        if (config.isEmpty()) {
            if (!Files.isDirectory(new RunFolder(resume).checkpointDir())) {
                throw new BadInputException("--resume " + resume + ": not a run folder, or one whose run stopped before it "
                        + "stored its settings (it has no " + RunConfig.FILE + " and no checkpoint/ subfolder); start a new run");
            }
            // made by a textlstm that did not store its options: continue with the options given, as it did
            validateOptions(true);
            out.println("note: " + resume + " has no " + RunConfig.FILE + " (an older textlstm made it); continuing with the "
                    + "options given on this command line");
            return TrainingJob.resume(resume, settings()).withFrontEnd(frontEnd());
        }
        // an earlier release stored the options as command-line strings: they are this command's to read
        TrainCommand effective = StoredOptions.parse(config.get().options(), new TrainCommand(),
                resume.resolve(RunConfig.FILE).toString());
        StoredOptions.requireNoContradiction(spec, effective.spec, MAY_CHANGE_ON_RESUME, NOT_STORED, what);
        effective.adoptGiven(this, given);
        effective.validateOptions(true);
        TrainingJob job = TrainingJob.resume(resume, effective.settings()).withFrontEnd(effective.frontEnd());
        copyFrom(effective);
        return job;
    }

    /** The options of the command line that may change on a resume, given on {@code given}, into this (stored) one. */
    private void adoptGiven(TrainCommand command, CommandLine.ParseResult given) {
        quiet = command.quiet;
        if (given.hasMatchedOption("--epochs")) {
            epochs = command.epochs;
        }
        if (given.hasMatchedOption("--export") || given.hasMatchedOption("--no-export")) {
            exported.base = command.exported.base;
            noExport = command.noExport;
        }
        if (given.hasMatchedOption("--version")) {
            exported.version = command.exported.version;
        }
    }

    /** The export choices of {@code other} (what a resumed run continues with) into this command, which runs the job. */
    private void copyFrom(TrainCommand other) {
        exported.base = other.exported.base;
        exported.version = other.exported.version;
        noExport = other.noExport;
        quiet = other.quiet;
    }

    /** The settings these options give; a value out of range fails here, before any data is read. */
    private TrainingJobSettings settings() {
        int cores = threads != null ? threads : defaultThreads();
        DataSettings dataSettings = data.settings();
        TrainingConfig config = TrainingConfig.builder()
                .epochs(epochs).batchSize(batchSize).seed(dataSettings.seed()).learningRate(learningRate)
                .patience(patience).restoreBest(!noRestoreBest)
                .cores(cores)
                .build();
        return layers.applyTo(TrainingJobSettings.builder())
                .data(dataSettings).training(config)
                .balancedClassWeights(classWeights == ClassWeighting.BALANCED)
                .name(name)
                .build();
    }

    /** What config.json keeps for this command beside the settings: where the result is exported, as typed. */
    private Map<String, String> frontEnd() {
        Map<String, String> kept = new LinkedHashMap<>();
        if (noExport) {
            kept.put("--no-export", "true");
        }
        if (exported.base != null) {
            kept.put("--export", exported.base.toAbsolutePath().normalize().toString());
        }
        if (exported.version != null) {
            kept.put("--version", exported.version.toString());
        }
        return kept;
    }

    /**
     * A command holding the options that give {@code settings} and {@code frontEnd} (what a run stored), for comparing
     * them with the options a user gives to a resume.
     */
    static TrainCommand of(TrainingJobSettings settings, Map<String, String> frontEnd) {
        TrainCommand c = new TrainCommand();
        c.data = DataOptions.of(settings.data());
        c.layers = ModelOptions.of(settings);
        TrainingConfig t = settings.training();
        c.epochs = t.epochs();
        c.batchSize = t.batchSize();
        c.learningRate = t.adam().learningRate();
        c.patience = t.patience();
        c.noRestoreBest = !t.restoreBest();
        c.classWeights = settings.balancedClassWeights() ? ClassWeighting.BALANCED : ClassWeighting.NONE;
        c.threads = t.interOpThreads(); // --threads N trains with N chains (at most the batch) and N inter-op threads
        c.name = settings.name();
        c.noExport = Boolean.parseBoolean(frontEnd.get("--no-export"));
        c.exported.base = frontEnd.containsKey("--export") ? Path.of(frontEnd.get("--export")) : null;
        c.exported.version = frontEnd.containsKey("--version") ? Long.valueOf(frontEnd.get("--version")) : null;
        new CommandLine(c); // binds c.spec to these values
        return c;
    }

    /**
     * Runs the {@link TrainingJob}, printing its progress, and exports its model: a step of its own, since
     * {@code train} comes before {@code export} in the flow. The export destination is checked before any training.
     */
    private int train(PrintWriter out, TrainingJob job) {
        Path base = exported.base(job.settings().name());
        if (!noExport) {
            ModelExport.requireWritable(base, exported.version());
        }
        PrintWriter err = spec.commandLine().getErr();
        String command = TextLstm.commandName();
        InterruptionNotice notice = new InterruptionNotice(job.runDir(),
                dir -> command + " train --resume " + shellWord(dir.toString()));
        Thread hook = new Thread(() -> {
            String message = notice.interrupt();
            if (message != null) {
                err.println();
                err.println(message);
                err.flush();
            }
        }, "textlstm-interruption-notice");
        TrainingJob.Listener warnings = new TrainingJob.Listener() {
            @Override
            public void warning(String text) {
                err.println("warning: " + text);
                err.flush();
            }
        };
        TrainingJob.Result result;
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            result = job.run(warnings, new ProgressBar(out, System.console() != null, quiet), notice);
        } finally {
            notice.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
        printSummary(out, result);
        if (!noExport) {
            ExportResult export = ModelExport.export(base, exported.version(), result.model(), result.weights(),
                    result.vocabulary().tokens(), result.labels(), result.vocabulary().sha256(), result.metrics().toMap());
            out.printf("Exported SavedModel: %s%n", displayPath(export.directory()));
            out.flush();
        }
        return 0;
    }

    /** {@code s} as one word of a POSIX shell command line: quoted when it holds anything but plain path characters. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
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
