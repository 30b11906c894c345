package io.textlstm.train;

import io.textlstm.eval.ClassificationMetrics;

/**
 * What one epoch produced: training loss and accuracy (running, with dropout, as Keras reports them), the
 * evaluation metrics, and timings.
 *
 * @param epoch 1-based epoch number
 * @param seconds wall time of the training steps of this epoch (evaluation excluded)
 * @param medianStepMillis median step time; {@code p90StepMillis} its 90th percentile
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, ClassificationMetrics eval,
        double seconds, double medianStepMillis, double p90StepMillis, double evalSeconds) {}
