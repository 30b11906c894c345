package io.textlstm.train;

import io.textlstm.Percentiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the time of a fit goes, step by step: the median and 90th percentile step time of each epoch (in its
 * {@link EpochRecord}), every step's time of the run, and the time from the start of the fit to the end of the first
 * step (graph building and TensorFlow's first-run optimization, docs/model.md).
 */
public final class StepTimes implements TrainingListener {
    private final long startNanos;
    private final List<Double> all = new ArrayList<>();
    private double[] epoch = new double[0];
    private int count;
    private double firstStepSeconds = Double.NaN;

    /** @param startNanos {@link System#nanoTime()} when the fit started */
    public StepTimes(long startNanos) {
        this.startNanos = startNanos;
    }

    @Override
    public void onEpochStart(int epochNumber, int epochs, int steps) {
        epoch = new double[steps];
        count = 0;
    }

    @Override
    public void onStep(StepEnd step) {
        if (Double.isNaN(firstStepSeconds)) {
            firstStepSeconds = (System.nanoTime() - startNanos) / 1e9;
        }
        epoch[count++] = step.millis();
        all.add(step.millis());
    }

    /** Median step time of the current epoch. */
    public double epochMedianMillis() {
        return percentile(0.5);
    }

    /** 90th percentile step time of the current epoch. */
    public double epochP90Millis() {
        return percentile(0.9);
    }

    /** Every step's time in this process, in order (a resumed run's earlier epochs are not included). */
    public List<Double> allMillis() {
        return List.copyOf(all);
    }

    /** Seconds from the start of the fit to the end of its first step; NaN before that step. */
    public double firstStepSeconds() {
        return firstStepSeconds;
    }

    private double percentile(double q) {
        double[] sorted = Arrays.copyOf(epoch, count);
        Arrays.sort(sorted);
        return Percentiles.nearestRank(sorted, q);
    }
}
