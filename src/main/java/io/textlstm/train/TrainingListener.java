package io.textlstm.train;

/**
 * A callback of {@link Trainer#fit}, as Keras' callbacks and DJL's training listeners are: it hears every epoch and
 * step and may steer the run through its {@link FitContext}. The trainer calls listeners in the order given, its own
 * ({@link StepTimes}, {@link DivergenceGuard}) first, then the caller's, then {@link EarlyStopping} and
 * {@link Checkpoint}, so that a progress line is printed before a decision about it and the best weights are on disk
 * before the checkpoint that refers to them. {@link ProgressBar} draws progress like Keras.
 */
public interface TrainingListener {

    /** Before the first epoch; on a resumed run the context already holds the restored history. */
    default void onTrainBegin(FitContext context) {}

    default void onEpochStart(int epoch, int epochs, int steps) {}

    /** After every training step. */
    default void onStep(StepEnd step) {}

    /** After an epoch's evaluation; {@code record} is already the last entry of {@link FitContext#history()}. */
    default void onEpochEnd(EpochRecord record, FitContext context) {}

    /**
     * After the {@link Checkpoint} of {@code epoch} is on disk (when the fit keeps checkpoints), after every
     * {@link #onEpochEnd}: from here on a resume continues after this epoch.
     */
    default void onCheckpointSaved(int epoch) {}

    /** After the last epoch (also after an early stop), before the trainer returns. */
    default void onTrainEnd(FitContext context) {}

    /** A line for the user (resuming, early stopping, restoring weights). */
    default void message(String text) {}
}
