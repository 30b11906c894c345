package io.textlstm.train;

import io.textlstm.BadSettingException;
import io.textlstm.data.DataSettings;

/**
 * How to fit: the tutorial's schedule (3 epochs of batch 64, seed 7) and Keras' Adam by default.
 *
 * @param epochs passes over the training split [3]
 * @param batchSize examples per step [64]; the last partial batch is trained too
 * @param seed fixes initial weights, shuffling and dropout masks [7]
 * @param adam optimizer hyperparameters [Keras defaults]
 * @param patience stop after this many epochs without a lower validation loss; 0 disables [0]
 * @param restoreBest with patience, end with the weights of the best epoch [true]
 * @param chains independent forward/backward chains per batch [2]
 * @param intraOpThreads TF intra-op threads [1]
 * @param interOpThreads TF inter-op threads [2]
 * @param classWeights per-class loss weights, or null for none
 * @param evalBatchSize rows per inference call when evaluating [250]
 */
public record TrainingConfig(
        int epochs, int batchSize, long seed, Adam.Config adam, int patience, boolean restoreBest,
        int chains, int intraOpThreads, int interOpThreads, float[] classWeights, int evalBatchSize) {

    public TrainingConfig {
        require(epochs >= 1, "epochs", "the number of epochs must be at least 1, got " + epochs);
        require(batchSize >= 1, "batchSize", "the batch size must be at least 1, got " + batchSize);
        require(patience >= 0, "patience", "the patience must be 0 (off) or positive, got " + patience);
        require(chains >= 1, "chains", "the number of chains must be at least 1, got " + chains);
        require(intraOpThreads >= 1, "intraOpThreads", "the intra-op thread count must be at least 1, got " + intraOpThreads);
        require(interOpThreads >= 1, "interOpThreads", "the inter-op thread count must be at least 1, got " + interOpThreads);
        require(adam.learningRate() > 0 && Float.isFinite(adam.learningRate()), "learningRate",
                "the learning rate must be a positive number, got " + adam.learningRate());
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This configuration with {@code weights} as the per-class loss weights (null for none). */
    public TrainingConfig withClassWeights(float[] weights) {
        return new TrainingConfig(epochs, batchSize, seed, adam, patience, restoreBest, chains, intraOpThreads,
                interOpThreads, weights, evalBatchSize);
    }

    /** Loss weight of class {@code label}. */
    public float classWeight(int label) {
        return classWeights == null ? 1f : classWeights[label];
    }

    /** The one place the ranges are checked; a front end names the setting as its user spells it. */
    private static void require(boolean ok, String setting, String message) {
        if (!ok) {
            throw new BadSettingException(setting, message);
        }
    }

    /** Builder with the tutorial's defaults and the thread layout measured fastest on a 2-core machine. */
    public static final class Builder {
        private int epochs = 3;
        private int batchSize = 64;
        private long seed = DataSettings.DEFAULT_SEED;
        private Adam.Config adam = Adam.Config.keras();
        private int patience = 0;
        private boolean restoreBest = true;
        private int chains = 2;
        private int intraOpThreads = 1;
        private int interOpThreads = 2;
        private float[] classWeights;
        private int evalBatchSize = 250;
        private int cores;

        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder adam(Adam.Config v) { adam = v; return this; }
        public Builder learningRate(float v) { adam = adam.withLearningRate(v); return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder restoreBest(boolean v) { restoreBest = v; return this; }
        public Builder chains(int v) { chains = v; return this; }
        public Builder threads(int intra, int inter) { intraOpThreads = intra; interOpThreads = inter; cores = 0; return this; }

        /**
         * The layout measured fastest on a 2-core machine for {@code n} cores: one chain per core (but no more chains
         * than a batch has rows), 1 intra-op thread, {@code n} inter-op threads. Overrides {@link #chains} and
         * {@link #threads}.
         */
        public Builder cores(int n) { cores = n; return this; }
        public Builder classWeights(float[] v) { classWeights = v; return this; }
        public Builder evalBatchSize(int v) { evalBatchSize = v; return this; }

        public TrainingConfig build() {
            if (cores > 0) {
                chains = Math.min(cores, batchSize);
                intraOpThreads = 1;
                interOpThreads = cores;
            }
            return new TrainingConfig(epochs, batchSize, seed, adam, patience, restoreBest, chains, intraOpThreads,
                    interOpThreads, classWeights, evalBatchSize);
        }
    }
}
