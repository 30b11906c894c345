package io.textlstm.train;

import java.nio.file.Path;

/**
 * Stops a run whose loss is no longer a number (Keras' {@code TerminateOnNaN}), by throwing
 * {@link TrainingDivergedException} with what is kept: the previous epoch's checkpoint is intact, since checkpoints are
 * written only after an epoch ends.
 */
public final class DivergenceGuard implements TrainingListener {
    private final Path checkpointDir;

    /** @param checkpointDir where the run's checkpoints go, or null when it writes none */
    public DivergenceGuard(Path checkpointDir) {
        this.checkpointDir = checkpointDir;
    }

    @Override
    public void onStep(StepEnd s) {
        if (Float.isFinite(s.loss())) {
            return;
        }
        String kept = checkpointDir == null || s.epoch() == 1 ? "No earlier epoch was checkpointed."
                : "The checkpoint of epoch " + (s.epoch() - 1) + " in " + checkpointDir
                        + " is intact (resuming the run continues from it).";
        throw new TrainingDivergedException(String.format("loss became %s at epoch %d step %d; stopped. %s Try a lower "
                + "learning rate.", s.loss(), s.epoch(), s.step(), kept));
    }
}
