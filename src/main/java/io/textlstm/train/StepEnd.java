package io.textlstm.train;

/**
 * One finished training step, as {@link TrainingListener#onStep} hears it.
 *
 * @param epoch           1-based epoch
 * @param step            1-based step within the epoch
 * @param steps           steps in the epoch
 * @param loss            this step's mean loss (with dropout)
 * @param millis          wall time of the step
 * @param runningLoss     the epoch's loss so far, weighted by batch size (what Keras' progress bar shows)
 * @param runningAccuracy the epoch's training accuracy so far
 */
public record StepEnd(int epoch, int step, int steps, float loss, double millis, double runningLoss,
        double runningAccuracy) {}
