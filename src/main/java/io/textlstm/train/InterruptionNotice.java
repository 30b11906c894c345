package io.textlstm.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * While training runs, a JVM shutdown hook that explains an interruption (Ctrl-C / SIGINT, SIGTERM): where the run
 * stopped, which epoch its checkpoint holds and the command that continues it. Passes every event on to the
 * listener it wraps. A kill -9 runs no hook; the run folder then says the same thing to {@code --resume}.
 */
public final class InterruptionNotice implements TrainingListener, AutoCloseable {
    private final TrainingListener delegate;
    private final Path runDir;
    private final PrintStream err;
    private final Thread hook;
    private volatile int epoch;
    private volatile int step;
    private volatile int steps;
    private volatile boolean done;

    /** Registers the hook; {@link #close()} removes it (call it when training has finished or failed). */
    public InterruptionNotice(TrainingListener delegate, Path runDir, PrintStream err) {
        this.delegate = delegate == null ? TrainingListener.SILENT : delegate;
        this.runDir = runDir;
        this.err = err;
        this.hook = new Thread(() -> {
            if (!done) {
                err.println();
                err.println(message());
                err.flush();
            }
        }, "textlstm-interruption-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What the hook prints: where training stopped, what the checkpoint holds, how to continue. */
    public String message() {
        int completed = completedEpochs(runDir.resolve("checkpoint"));
        String where = epoch == 0 ? "before the first step" : "in epoch " + epoch + ", step " + step + "/" + steps;
        String kept = completed == 0
                ? "No epoch was completed, so --resume starts the run again from epoch 1 with its stored options."
                : "The checkpoint holds epoch " + completed + "; --resume continues from there with the run's stored options.";
        return "Interrupted " + where + ". " + kept + "\nContinue with: textlstm train --resume " + runDir;
    }

    /** Epochs in a run's checkpoint (0 when it has none yet). */
    public static int completedEpochs(Path checkpointDir) {
        if (!Files.isRegularFile(checkpointDir.resolve(Trainer.PROGRESS_FILE))) {
            return 0;
        }
        try {
            return Trainer.readProgress(checkpointDir).epochsDone();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        this.epoch = epoch;
        this.step = 0;
        this.steps = steps;
        delegate.onEpochStart(epoch, epochs, steps);
    }

    @Override
    public void onStep(int step, int steps, double runningLoss, double runningAccuracy) {
        this.step = step;
        delegate.onStep(step, steps, runningLoss, runningAccuracy);
    }

    @Override
    public void onEpochEnd(EpochRecord record, boolean improved) {
        delegate.onEpochEnd(record, improved);
    }

    @Override
    public void message(String text) {
        delegate.message(text);
    }

    @Override
    public void close() {
        done = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }
}
