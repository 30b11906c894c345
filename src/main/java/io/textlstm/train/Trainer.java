package io.textlstm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.Percentiles;
import io.textlstm.data.VectorizedSplit;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Keras' {@code fit}: seeded per-epoch shuffling, every batch including the last partial one, evaluation
 * after each epoch, a checkpoint after each epoch, early stopping with restore-best, and resume.
 *
 * <p>Everything random is derived from the seed and the epoch/step number, so a run resumed from the
 * checkpoint of epoch e continues exactly as the uninterrupted run would have.
 */
public final class Trainer {
    static final String STATE_FILE = "epoch-%d.bin";
    static final String BEST_FILE = "best.bin";
    static final String PROGRESS_FILE = "trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelConfig model;
    private final TrainingConfig config;
    private final TrainingListener listener;

    /** Outcome of {@link #fit}: per-epoch history, final weights and timings. */
    public record FitResult(List<EpochRecord> history, ModelWeights weights, ClassificationMetrics finalEval,
            int bestEpoch, boolean stoppedEarly, double graphBuildSeconds, double firstStepSeconds, List<Double> stepMillis) {}

    /** Training progress saved with each checkpoint. */
    record Progress(int epochsDone, String stateFile, List<EpochRecord> history, int bestEpoch, double bestLoss,
            int epochsWithoutImprovement) {}

    public Trainer(ModelConfig model, TrainingConfig config, TrainingListener listener) {
        this.model = model;
        this.config = config;
        this.listener = listener == null ? TrainingListener.SILENT : listener;
    }

    /**
     * Trains on {@code train}, evaluating on {@code eval} after every epoch.
     *
     * @param checkpointDir where checkpoints go (null: none)
     * @param resume continue from the checkpoint in {@code checkpointDir}
     */
    public FitResult fit(VectorizedSplit train, VectorizedSplit eval, Path checkpointDir, boolean resume) {
        checkCompatible(train, "training");
        checkCompatible(eval, "evaluation");
        if (train.size() == 0) {
            throw new BadInputException("the training split is empty");
        }
        long start = System.nanoTime();
        try (TrainingSession session = new TrainingSession(model, config.adam(), config.chains(),
                config.intraOpThreads(), config.interOpThreads())) {
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            List<EpochRecord> history = new ArrayList<>();
            int firstEpoch = 1;
            int bestEpoch = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            int stale = 0;
            Map<String, float[]> bestWeights = null;
            if (resume) {
                Progress p = readProgress(checkpointDir);
                session.restoreState(Checkpoint.read(checkpointDir.resolve(p.stateFile())));
                history.addAll(p.history());
                firstEpoch = p.epochsDone() + 1;
                bestEpoch = p.bestEpoch();
                bestLoss = p.bestLoss();
                stale = p.epochsWithoutImprovement();
                if (Files.exists(checkpointDir.resolve(BEST_FILE))) {
                    bestWeights = Checkpoint.read(checkpointDir.resolve(BEST_FILE));
                }
                listener.message("Resuming after epoch " + p.epochsDone() + " from " + checkpointDir);
            } else {
                session.initialize(ModelWeights.initial(model, config.seed()));
            }
            int steps = (train.size() + config.batchSize() - 1) / config.batchSize();
            double firstStepSeconds = Double.NaN;
            List<Double> allStepMillis = new ArrayList<>();
            boolean stoppedEarly = false;
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                listener.onEpochStart(epoch, config.epochs(), steps);
                int[] order = shuffledOrder(train.size(), config.seed(), epoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                double[] stepMillis = new double[steps];
                long epochStart = System.nanoTime();
                for (int step = 0; step < steps; step++) {
                    int from = step * config.batchSize();
                    int to = Math.min(train.size(), from + config.batchSize());
                    Batch batch = batch(train, order, from, to, epoch, step);
                    long t0 = System.nanoTime();
                    TrainingSession.StepResult result = session.trainStep(batch);
                    long t1 = System.nanoTime();
                    stepMillis[step] = (t1 - t0) / 1e6;
                    if (Double.isNaN(firstStepSeconds)) {
                        firstStepSeconds = (t1 - start) / 1e9;
                    }
                    if (!Float.isFinite(result.loss())) {
                        throw new TrainingDivergedException(String.format(
                                "loss became %s at epoch %d step %d; stopped. %s", result.loss(), epoch, step + 1,
                                checkpointDir == null || epoch == 1 ? "No earlier epoch was checkpointed."
                                        : "The checkpoint of epoch " + (epoch - 1) + " in " + checkpointDir + " is intact (resuming the run continues from it)."
                                        + " Try a lower learning rate."));
                    }
                    lossSum += (double) result.loss() * batch.size();
                    correct += countCorrect(result.logits(), batch.labels());
                    seen += batch.size();
                    listener.onStep(step + 1, steps, lossSum / seen, (double) correct / seen);
                }
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                for (double ms : stepMillis) {
                    allStepMillis.add(ms);
                }
                long evalStart = System.nanoTime();
                ClassificationMetrics metrics = evaluate(session, eval);
                double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
                double[] sorted = stepMillis.clone();
                Arrays.sort(sorted);
                EpochRecord record = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, metrics, seconds,
                        Percentiles.nearestRank(sorted, 0.5), Percentiles.nearestRank(sorted, 0.9), evalSeconds);
                history.add(record);
                boolean improved = metrics.loss() < bestLoss;
                if (improved) {
                    bestLoss = metrics.loss();
                    bestEpoch = epoch;
                    stale = 0;
                    if (config.patience() > 0) {
                        bestWeights = session.weights().asMap();
                        if (checkpointDir != null) {
                            Checkpoint.write(checkpointDir.resolve(BEST_FILE), bestWeights);
                        }
                    }
                } else {
                    stale++;
                }
                listener.onEpochEnd(record, improved);
                if (checkpointDir != null) {
                    saveCheckpoint(checkpointDir, session, new Progress(epoch, STATE_FILE.formatted(epoch), history,
                            bestEpoch, bestLoss, stale));
                }
                if (config.patience() > 0 && stale >= config.patience() && epoch < config.epochs()) {
                    listener.message("Early stopping: validation loss has not improved for " + stale + " epochs.");
                    stoppedEarly = true;
                    break;
                }
            }
            ClassificationMetrics finalEval = history.get(history.size() - 1).eval();
            if (config.patience() > 0 && config.restoreBest() && bestWeights != null && bestEpoch != history.size()) {
                session.restoreState(bestWeights);
                finalEval = history.get(bestEpoch - 1).eval();
                listener.message("Restored the weights of epoch " + bestEpoch + " (best validation loss).");
            }
            return new FitResult(List.copyOf(history), session.weights(), finalEval, bestEpoch, stoppedEarly, buildSeconds,
                    firstStepSeconds, allStepMillis);
        }
    }

    /** Metrics of the current weights on a split, in inference mode (no dropout). */
    ClassificationMetrics evaluate(TrainingSession session, VectorizedSplit split) {
        float[] probabilities = predict(session, split, config.evalBatchSize());
        return ClassificationMetrics.compute(probabilities, split.labels(), model.numClasses());
    }

    /**
     * Probabilities for every row of {@code split}, row-major [n, outputUnits]. Rows are batched by length (the
     * inference graph skips the padding a batch has in common), and results are returned in the split's order.
     */
    public static float[] predict(TrainingSession session, VectorizedSplit split, int batchSize) {
        int width = session.config().outputUnits();
        int n = split.size();
        int len = split.maxLength();
        Integer[] byLength = new Integer[n];
        int[] padding = new int[n];
        for (int i = 0; i < n; i++) {
            byLength[i] = i;
            int k = 0;
            while (k < len && split.ids()[i * len + k] == 0) {
                k++;
            }
            padding[i] = k;
        }
        Arrays.sort(byLength, (a, b) -> padding[b] != padding[a] ? Integer.compare(padding[b], padding[a]) : Integer.compare(a, b));
        float[] out = new float[n * width];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] ids = new int[(to - from) * len];
            for (int r = from; r < to; r++) {
                System.arraycopy(split.ids(), byLength[r] * len, ids, (r - from) * len, len);
            }
            float[] p = session.predictProbabilities(ids, to - from);
            for (int r = from; r < to; r++) {
                System.arraycopy(p, (r - from) * width, out, byLength[r] * width, width);
            }
        }
        return out;
    }

    private Batch batch(VectorizedSplit data, int[] order, int from, int to, int epoch, int step) {
        int n = to - from;
        int len = data.maxLength();
        int[] ids = new int[n * len];
        int[] labels = new int[n];
        float[] weights = new float[n];
        for (int i = 0; i < n; i++) {
            int row = order[from + i];
            System.arraycopy(data.ids(), row * len, ids, i * len, len);
            labels[i] = data.labels()[row];
            weights[i] = config.classWeight(labels[i]);
        }
        SplittableRandom random = DropoutMasks.forStep(config.seed(), epoch, step);
        float[] inputMask = DropoutMasks.sample(random, n, model.embeddingDim(), model.dropout());
        float[] recurrentMask = DropoutMasks.sample(random, n, model.units(), model.recurrentDropout());
        return new Batch(n, ids, labels, weights, inputMask, recurrentMask);
    }

    /** A Fisher-Yates permutation seeded by (seed, epoch). */
    static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(DropoutMasks.mix(seed * 31 + epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private long countCorrect(float[] logits, int[] labels) {
        int width = model.outputUnits();
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int predicted = width == 1 ? (logits[i] >= 0 ? 1 : 0) : ClassificationMetrics.argmax(logits, i * width, width);
            if (predicted == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    private void checkCompatible(VectorizedSplit split, String what) {
        if (split.maxLength() != model.maxLength()) {
            throw new IllegalArgumentException(what + " sequences have length " + split.maxLength() + ", model expects " + model.maxLength());
        }
        for (int label : split.labels()) {
            if (label < 0 || label >= model.numClasses()) {
                throw new IllegalArgumentException(what + " label " + label + " outside [0, " + model.numClasses() + ")");
            }
        }
    }

    private static void saveCheckpoint(Path dir, TrainingSession session, Progress progress) {
        Checkpoint.write(dir.resolve(progress.stateFile()), session.state());
        try {
            // The state file is on disk (synced) before the progress file that points at it is renamed into place.
            DurableFiles.write(dir.resolve(PROGRESS_FILE), JSON.writeValueAsBytes(progress));
            // Older epoch states are no longer referenced; the progress file now points at the new one.
            for (int e = 1; e < progress.epochsDone(); e++) {
                Files.deleteIfExists(dir.resolve(STATE_FILE.formatted(e)));
            }
            // temporary files of writes a kill interrupted (only one process trains a run folder at a time)
            try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(dir, ".*.tmp-*")) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint progress in " + dir + ": " + DurableFiles.cause(e), e);
        }
    }

    static Progress readProgress(Path dir) {
        Path file = dir == null ? null : dir.resolve(PROGRESS_FILE);
        if (file == null || !Files.isRegularFile(file)) {
            throw new BadInputException("nothing to resume: no " + PROGRESS_FILE + " in " + dir);
        }
        try {
            return JSON.readValue(file.toFile(), Progress.class);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The weights of the last completed epoch in a checkpoint folder (what {@code export --checkpoint} loads). */
    public static ModelWeights latestWeights(Path checkpointDir) {
        Progress p = readProgress(checkpointDir);
        Map<String, float[]> state = Checkpoint.read(checkpointDir.resolve(p.stateFile()));
        Map<String, float[]> w = new LinkedHashMap<>();
        for (String name : ModelWeights.NAMES) {
            w.put(name, state.get(name));
        }
        return new ModelWeights(w);
    }
}
