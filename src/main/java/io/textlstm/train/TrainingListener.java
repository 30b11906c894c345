package io.textlstm.train;

/** Hears about training progress; {@link ProgressBar} draws it like Keras. */
public interface TrainingListener {
    default void onEpochStart(int epoch, int epochs, int steps) {}

    /** After step {@code step} (1-based) with the epoch's running loss and accuracy so far. */
    default void onStep(int step, int steps, double runningLoss, double runningAccuracy) {}

    default void onEpochEnd(EpochRecord record, boolean improved) {}

    default void message(String text) {}

    TrainingListener SILENT = new TrainingListener() {};
}
