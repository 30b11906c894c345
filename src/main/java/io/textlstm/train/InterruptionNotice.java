package io.textlstm.train;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * What to tell a user whose training was interrupted (Ctrl-C / SIGINT, SIGTERM): where the run stopped, which epoch
 * its checkpoint holds and how to continue it. It follows the run as a listener; the front end calls
 * {@link #interrupt()} from the thread that handles the interruption (the command line: a JVM shutdown hook) and
 * prints what it returns.
 *
 * <p>The epoch it names is the one the trainer knows is on disk, not a read of the disk that could race a checkpoint
 * being written: {@link #interrupt()} waits for a checkpoint in progress to be written, and after it the trainer starts
 * no other one (it stops with {@link TrainingInterruptedException} at its next step or epoch end), so a resume
 * continues after exactly the epoch named. A kill -9 runs nothing; the run folder then says the same thing when the
 * run is resumed.
 */
public final class InterruptionNotice implements TrainingJob.Listener, AutoCloseable {
    /** How long an interruption waits for a checkpoint being written (a few milliseconds; the IMDB model's takes ~20). */
    private static final long SAVE_WAIT_MILLIS = 10_000;

    private final Function<Path, String> resumeCommand;
    private Path runDir;
    private int epoch;
    private int step;
    private int steps;
    private int checkpointed;
    private boolean saving;
    private boolean trained;
    private boolean closed;
    private boolean interrupted;
    private boolean stopped;

    /**
     * @param runDir        the run folder when it is known before the job starts (a resume), else null
     * @param resumeCommand how a user of the front end continues a run folder (the command line: its {@code train
     *                      --resume} command)
     */
    public InterruptionNotice(Path runDir, Function<Path, String> resumeCommand) {
        this.runDir = runDir;
        this.resumeCommand = resumeCommand;
    }

    /**
     * Stops the run at its next step or epoch end, after a checkpoint being written is on disk, and says where it
     * stopped, what the checkpoint holds and how to continue; null when the job had already ended, finished or failed
     * (then there is nothing to explain, or its error says it).
     */
    public synchronized String interrupt() {
        interrupted = true;
        long deadline = System.currentTimeMillis() + SAVE_WAIT_MILLIS;
        while (saving && !closed && System.currentTimeMillis() < deadline) {
            try {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return closed && !stopped ? null : message();
    }

    /** The notice for the run's present position. */
    synchronized String message() {
        if (runDir == null) {
            return "Interrupted while loading the data, before the run folder was made; nothing was trained.";
        }
        String where = trained ? "after the last epoch, while writing the results"
                : epoch == 0 ? "before the first step" : "in epoch " + epoch + ", step " + step + "/" + steps;
        String kept = checkpointed == 0
                ? "No epoch was completed, so resuming starts the run again from epoch 1 with its stored settings."
                : "The checkpoint holds epoch " + checkpointed + "; resuming continues from there with the run's stored "
                        + "settings" + (trained ? " and writes the results." : ".");
        return "Interrupted " + where + ". " + kept + "\nContinue with: " + resumeCommand.apply(runDir);
    }

    @Override
    public synchronized void onJobStart(TrainingJob.Start start) {
        runDir = start.run().dir();
        checkpointed = start.completedEpochs();
    }

    @Override
    public synchronized void onTrainBegin(FitContext context) {
        checkpointed = context.history().size();
        stopIfInterrupted();
    }

    @Override
    public synchronized void onEpochStart(int epoch, int epochs, int steps) {
        stopIfInterrupted();
        this.epoch = epoch;
        this.step = 0;
        this.steps = steps;
    }

    @Override
    public synchronized void onStep(StepEnd s) {
        stopIfInterrupted();
        this.step = s.step();
    }

    @Override
    public synchronized void onEpochEnd(EpochRecord record, FitContext context) {
        stopIfInterrupted();
        saving = true; // the checkpoint of this epoch is written next, by the trainer's last listener
    }

    @Override
    public synchronized void onCheckpointSaved(int epoch) {
        checkpointed = epoch;
        saving = false;
        notifyAll();
        stopIfInterrupted();
    }

    @Override
    public synchronized void onTrainEnd(FitContext context) {
        trained = true;
    }

    /** The job ended (finished or failed): nothing to explain any more. */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    private void stopIfInterrupted() {
        if (interrupted) {
            saving = false;
            stopped = true;
            notifyAll();
            throw new TrainingInterruptedException(epoch, checkpointed);
        }
    }
}
