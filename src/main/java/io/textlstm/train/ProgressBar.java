package io.textlstm.train;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Keras-style progress on a stream the caller gives: what the job trains on and where its run folder is, then on a
 * terminal a bar redrawn in place with step count, ETA, running loss and accuracy; elsewhere (logs, CI) one summary
 * line per epoch. Quiet mode prints nothing but messages.
 */
public final class ProgressBar implements TrainingJob.Listener {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean interactive;
    private final boolean quiet;
    private long epochStart;
    private long lastDraw;
    private int lastWidth;
    private int steps;

    /**
     * @param interactive redraw a bar in place (for a terminal), else one line per epoch
     * @param quiet       print only messages
     */
    public ProgressBar(PrintWriter out, boolean interactive, boolean quiet) {
        this.out = out;
        this.interactive = interactive;
        this.quiet = quiet;
    }

    @Override
    public void onJobStart(TrainingJob.Start s) {
        if (quiet) {
            return;
        }
        out.printf(Locale.ROOT, "%s: %d train / %d %s records, %d classes, vocabulary %d, length %d (%.1fs)%n",
                s.dataset(), s.trainRecords(), s.evaluationRecords(), s.evalName(), s.model().numClasses(),
                s.model().numWords(), s.model().maxLength(), s.dataSeconds());
        out.printf("Run folder: %s%n", s.run().dir());
        out.flush();
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        this.steps = steps;
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (!quiet) {
            out.printf("Epoch %d/%d%n", epoch, epochs);
            out.flush();
        }
    }

    @Override
    public void onStep(StepEnd s) {
        if (quiet || !interactive) {
            return;
        }
        int step = s.step();
        long now = System.nanoTime();
        if (step < steps && now - lastDraw < 100_000_000L) {
            return; // redraw at most 10 times a second
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / step * (steps - step);
        int filled = (int) ((long) WIDTH * step / steps);
        StringBuilder bar = new StringBuilder();
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        String line = String.format(Locale.ROOT, "%" + String.valueOf(steps).length() + "d/%d [%s] - ETA: %s - loss: %.4f - accuracy: %.4f",
                step, steps, bar, formatSeconds(eta), s.runningLoss(), s.runningAccuracy());
        lastWidth = line.length();
        out.print("\r" + line);
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r, FitContext context) {
        if (quiet) {
            return;
        }
        boolean improved = EarlyStopping.improved(context.history());
        if (interactive) {
            out.print("\r" + " ".repeat(lastWidth) + "\r"); // clear the bar, then the summary in its place
        }
        out.printf(Locale.ROOT, "%s - %.0fs %.0fms/step - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f%s%n",
                interactive ? steps + "/" + steps + " [" + "=".repeat(WIDTH) + "]" : "epoch " + r.epoch(), r.seconds(), r.medianStepMillis(), r.trainLoss(), r.trainAccuracy(),
                r.eval().loss(), r.eval().accuracy(), improved ? "" : " (no improvement)");
        out.flush();
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 60 ? String.format(Locale.ROOT, "%d:%02d", t / 60, t % 60) : t + "s";
    }
}
