package io.textlstm.train;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * While training runs, a JVM shutdown hook that explains an interruption (Ctrl-C / SIGINT, SIGTERM): where the run
 * stopped, which epoch its checkpoint holds and how to continue it. A kill -9 runs no hook; the run folder then says
 * the same thing when the run is resumed.
 */
public final class InterruptionNotice implements TrainingListener, AutoCloseable {
    private final Path runDir;
    private final String resumeHint;
    private final Thread hook;
    private volatile int epoch;
    private volatile int step;
    private volatile int steps;
    private volatile boolean done;

    /**
     * Registers the hook; {@link #close()} removes it (call it when training has finished or failed).
     *
     * @param resumeHint how the user continues this run (a front end's command), or null to say it in general terms
     */
    public InterruptionNotice(Path runDir, PrintStream err, String resumeHint) {
        this.runDir = runDir;
        this.resumeHint = resumeHint;
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
        int completed = new RunFolder(runDir).checkpoint().completedEpochs();
        String where = epoch == 0 ? "before the first step" : "in epoch " + epoch + ", step " + step + "/" + steps;
        String kept = completed == 0
                ? "No epoch was completed, so resuming starts the run again from epoch 1 with its stored options."
                : "The checkpoint holds epoch " + completed + "; resuming continues from there with the run's stored options.";
        return "Interrupted " + where + ". " + kept + "\nContinue with: "
                + (resumeHint != null ? resumeHint : "a training job that resumes the run folder " + runDir);
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        this.epoch = epoch;
        this.step = 0;
        this.steps = steps;
    }

    @Override
    public void onStep(StepEnd s) {
        this.step = s.step();
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
