package io.textlstm.train;

import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.data.ClassWeights;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.RawDataset;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.text.PreparedDataset;
import io.textlstm.text.Vocabulary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One training run, callable from Java without the command line: load and vectorize the data, configure the model,
 * write the run folder (config.json, vocabulary, labels), fit with checkpoints, save the final weights, score the
 * held-out test split in a session of its own, and write {@code metrics.json} and the history. Exporting the result is
 * the caller's step ({@code io.textlstm.export.ModelExport}), since {@code train} comes before {@code export} in the
 * flow.
 */
public final class TrainingJob {
    private final TrainingJobSettings settings;

    public TrainingJob(TrainingJobSettings settings) {
        this.settings = settings;
    }

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
     * Runs the job, printing progress to {@code out} (and the epoch progress bar and interruption notice to the
     * standard streams).
     *
     * @throws IllegalStateException when training diverged
     */
    public Result run(PrintWriter out) {
        TrainingJobSettings s = settings;
        long t0 = System.nanoTime();
        RawDataset raw = DatasetLoader.load(s.data());
        PreparedDataset prepared = PreparedDataset.prepare(raw, s.data());
        double dataSeconds = (System.nanoTime() - t0) / 1e9;
        String modelName = s.name() != null ? s.name() : defaultName(s.data());
        ModelConfig model = s.model(prepared.vocabulary().size(), s.data().maxLength(), prepared.labels().size());
        TrainingConfig config = s.training().withClassWeights(
                s.balancedClassWeights() ? ClassWeights.balanced(prepared.train(), model.numClasses()) : null);
        s.beforeRunFolder().run();
        RunFolder existing = s.resumeFrom();
        RunConfig stored = s.stored();
        RunFolder run = existing != null ? existing : RunFolder.create(s.runsDir(), modelName);
        if (existing != null) {
            requireSameVocabulary(run, prepared);
            if (stored != null && !stored.model().equals(model)) {
                throw new BadInputException("cannot resume " + run.dir() + ": the data now give the model " + model
                        + ", but the run trains " + stored.model() + " (" + run.file(RunConfig.FILE) + "); resume with the "
                        + "same data");
            }
        }
        if (stored == null) {
            RunConfig.of(s.options(), model).write(run.dir());
        }
        saveDataArtifacts(run, prepared);
        boolean continuing = existing != null && run.checkpoint().completedEpochs() > 0;
        String evalName = prepared.validating() ? "validation" : "test";
        if (!s.quiet()) {
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
        try (InterruptionNotice notice = new InterruptionNotice(run.dir(), System.err,
                s.resumeCommand() == null ? null : s.resumeCommand().apply(run.dir()))) {
            result = new Trainer(model, config, ProgressBar.forStdout(s.quiet()), notice)
                    .fit(prepared.train(), prepared.evaluation(), run.checkpointDir(), continuing);
        } catch (TrainingDivergedException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        StateFile.write(run.file(RunFolder.FINAL_WEIGHTS), result.weights().asMap());
        ClassificationMetrics heldOut = scoreHeldOutTest(model, config, result.weights(), prepared);
        List<String> labels = prepared.labels().labels();
        RunMetrics metrics = new RunMetrics(raw.name(), model, config,
                new RunMetrics.Data(s.data().numWords(), s.data().maxLength(), prepared.train().size(),
                        prepared.evaluation().size(), prepared.vocabulary().sha256(), labels),
                evalName, result.history(), result.bestEpoch(), result.stoppedEarly(), result.finalEval(), heldOut,
                new RunMetrics.Timings(dataSeconds, result.graphBuildSeconds(), result.firstStepSeconds()),
                RunMetrics.Software.current());
        run.writeMetrics(metrics.toMap());
        run.writeHistory(result.history(), result.finalEval(), labels, evalName);
        return new Result(run, model, result.weights(), prepared.vocabulary(), labels, evalName, result.finalEval(),
                heldOut, metrics);
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

    /** A resumed run must see the data it was trained on; a different vocabulary would silently scramble the ids. */
    private static void requireSameVocabulary(RunFolder run, PreparedDataset prepared) {
        Path vocab = run.file(RunFolder.VOCAB);
        if (Files.isRegularFile(vocab) && !Vocabulary.load(vocab).sha256().equals(prepared.vocabulary().sha256())) {
            throw new BadInputException("cannot resume " + run.dir() + ": these data and settings give a different vocabulary "
                    + "than " + vocab + "; resume with the same data, number of words and split settings as the original run");
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
}
