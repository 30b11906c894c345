package io.textlstm.train;

import java.util.List;
import java.util.Map;

/**
 * Keras' {@code EarlyStopping(monitor="val_loss", patience=p, restore_best_weights=...)}: tracks the epoch with the
 * lowest evaluation loss; with a patience above 0 it keeps that epoch's weights (also in the {@link Checkpoint}, so a
 * resumed run can still restore them), stops the run after {@code patience} epochs without a lower loss, and at the
 * end puts the best weights back. With patience 0 it only tracks the best epoch, which {@code metrics.json} reports.
 *
 * <p>Its state is derived from the history, so a resumed run continues with the decisions the uninterrupted run
 * would have made.
 */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final boolean restoreBest;
    private final Checkpoint checkpoint;
    private int bestEpoch;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int stale;
    private Map<String, float[]> bestWeights;

    /**
     * @param patience    epochs without improvement before stopping; 0 = never stop
     * @param restoreBest put the best epoch's weights back at the end
     * @param checkpoint  where the best weights are kept across a resume, or null
     */
    public EarlyStopping(int patience, boolean restoreBest, Checkpoint checkpoint) {
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.checkpoint = checkpoint;
    }

    /** Whether the last epoch of {@code history} has a lower evaluation loss than every epoch before it. */
    public static boolean improved(List<EpochRecord> history) {
        double last = history.get(history.size() - 1).eval().loss();
        return history.subList(0, history.size() - 1).stream().allMatch(r -> last < r.eval().loss());
    }

    @Override
    public void onTrainBegin(FitContext context) {
        for (EpochRecord r : context.history()) {
            track(r);
        }
        if (patience > 0 && checkpoint != null) {
            bestWeights = checkpoint.bestWeights().orElse(null);
        }
        // a resumed run whose last epoch already used up the patience stops where the uninterrupted run stopped
        int done = context.history().size();
        if (patience > 0 && stale >= patience && done > 0 && done < context.epochs()) {
            context.message("Early stopping: validation loss has not improved for " + stale + " epochs.");
            context.stopTraining();
        }
    }

    @Override
    public void onEpochEnd(EpochRecord record, FitContext context) {
        if (track(record) && patience > 0) {
            bestWeights = context.weights().asMap();
            if (checkpoint != null) {
                checkpoint.saveBestWeights(bestWeights);
            }
        }
        if (patience > 0 && stale >= patience && record.epoch() < context.epochs()) {
            context.message("Early stopping: validation loss has not improved for " + stale + " epochs.");
            context.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(FitContext context) {
        if (patience > 0 && restoreBest && bestWeights != null && bestEpoch != context.history().size()) {
            context.restoreWeights(bestEpoch, bestWeights);
            context.message("Restored the weights of epoch " + bestEpoch + " (best validation loss).");
        }
    }

    /** The epoch with the lowest evaluation loss so far (0 before the first). */
    public int bestEpoch() {
        return bestEpoch;
    }

    private boolean track(EpochRecord r) {
        if (r.eval().loss() < bestLoss) {
            bestLoss = r.eval().loss();
            bestEpoch = r.epoch();
            stale = 0;
            return true;
        }
        stale++;
        return false;
    }
}
