package io.textlstm.train;

import io.textlstm.BadInputException;
import io.textlstm.data.VectorizedSplit;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Keras' {@code fit}: seeded per-epoch shuffling, every batch including the last partial one, and evaluation after
 * each epoch. Everything else a run does around the loop is a {@link TrainingListener}: step timing
 * ({@link StepTimes}), stopping on a non-finite loss ({@link DivergenceGuard}), early stopping with restore-best
 * ({@link EarlyStopping}) and the per-epoch checkpoint that a resume continues from ({@link Checkpoint}).
 *
 * <p>Everything random is derived from the seed and the epoch/step number, so a run resumed from the
 * checkpoint of epoch e continues exactly as the uninterrupted run would have.
 */
public final class Trainer {
    private final ModelConfig model;
    private final TrainingConfig config;
    private final List<TrainingListener> listeners;

    /** Outcome of {@link #fit}: per-epoch history, final weights and timings. */
    public record FitResult(List<EpochRecord> history, ModelWeights weights, ClassificationMetrics finalEval,
            int bestEpoch, boolean stoppedEarly, double graphBuildSeconds, double firstStepSeconds, List<Double> stepMillis) {}

    /** @param listeners the caller's callbacks (progress, notices), called in this order; none may be null */
    public Trainer(ModelConfig model, TrainingConfig config, TrainingListener... listeners) {
        this.model = model;
        this.config = config;
        this.listeners = listeners == null ? List.of() : List.of(listeners);
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
            Checkpoint checkpoint = checkpointDir == null ? null : new Checkpoint(checkpointDir);
            StepTimes times = new StepTimes(start);
            EarlyStopping stopping = new EarlyStopping(config.patience(), config.restoreBest(), checkpoint);
            List<TrainingListener> all = new ArrayList<>(List.of(times, new DivergenceGuard(checkpointDir)));
            all.addAll(listeners);
            all.add(stopping);
            if (checkpoint != null) {
                all.add(checkpoint);
            }
            Run run = new Run(session, all, checkpoint != null);
            if (resume) {
                Checkpoint.Restored restored = checkpoint.restore();
                session.restoreState(restored.state());
                run.history.addAll(restored.history());
                run.message("Resuming after epoch " + restored.epochsDone() + " from " + checkpointDir);
            } else {
                session.initialize(ModelWeights.initial(model, config.seed()));
            }
            run.each(l -> l.onTrainBegin(run));
            for (int epoch = run.history.size() + 1; epoch <= config.epochs() && !run.stopped; epoch++) {
                runEpoch(epoch, train, eval, run, times);
            }
            run.each(l -> l.onTrainEnd(run));
            ClassificationMetrics finalEval = run.history.get(run.finalEpoch() - 1).eval();
            return new FitResult(List.copyOf(run.history), session.weights(), finalEval, stopping.bestEpoch(), run.stopped,
                    buildSeconds, times.firstStepSeconds(), times.allMillis());
        }
    }

    private void runEpoch(int epoch, VectorizedSplit train, VectorizedSplit eval, Run run, StepTimes times) {
        int steps = (train.size() + config.batchSize() - 1) / config.batchSize();
        run.each(l -> l.onEpochStart(epoch, config.epochs(), steps));
        int[] order = shuffledOrder(train.size(), config.seed(), epoch);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        long epochStart = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            int from = step * config.batchSize();
            Batch batch = batch(train, order, from, Math.min(train.size(), from + config.batchSize()), epoch, step);
            long t0 = System.nanoTime();
            TrainingSession.StepResult result = run.session.trainStep(batch);
            double millis = (System.nanoTime() - t0) / 1e6;
            lossSum += (double) result.loss() * batch.size();
            correct += countCorrect(result.logits(), batch.labels());
            seen += batch.size();
            StepEnd end = new StepEnd(epoch, step + 1, steps, result.loss(), millis, lossSum / seen, (double) correct / seen);
            run.each(l -> l.onStep(end));
        }
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        long evalStart = System.nanoTime();
        ClassificationMetrics metrics = SplitPredictor.evaluate(run.session, eval, config.evalBatchSize());
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        EpochRecord record = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, metrics, seconds,
                times.epochMedianMillis(), times.epochP90Millis(), evalSeconds);
        run.history.add(record);
        run.each(l -> l.onEpochEnd(record, run));
        if (run.checkpointed) {
            run.each(l -> l.onCheckpointSaved(epoch));
        }
    }

    /** The state of one fit as its listeners see it. */
    private final class Run implements FitContext {
        final TrainingSession session;
        final List<TrainingListener> callbacks;
        final boolean checkpointed;
        final List<EpochRecord> history = new ArrayList<>();
        boolean stopped;
        int restoredEpoch;

        Run(TrainingSession session, List<TrainingListener> callbacks, boolean checkpointed) {
            this.session = session;
            this.callbacks = callbacks;
            this.checkpointed = checkpointed;
        }

        void each(Consumer<TrainingListener> call) {
            callbacks.forEach(call);
        }

        /** The epoch whose weights the fit returns. */
        int finalEpoch() {
            return restoredEpoch > 0 ? restoredEpoch : history.size();
        }

        @Override
        public int epochs() {
            return config.epochs();
        }

        @Override
        public List<EpochRecord> history() {
            return List.copyOf(history);
        }

        @Override
        public ModelWeights weights() {
            return session.weights();
        }

        @Override
        public Map<String, float[]> state() {
            return session.state();
        }

        @Override
        public void restoreWeights(int epoch, Map<String, float[]> weights) {
            session.restoreState(weights);
            restoredEpoch = epoch;
        }

        @Override
        public void stopTraining() {
            stopped = true;
        }

        @Override
        public void message(String text) {
            each(l -> l.message(text));
        }
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
}
