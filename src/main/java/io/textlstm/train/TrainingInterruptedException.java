package io.textlstm.train;

/** Training stopped because {@link InterruptionNotice#interrupt()} asked it to; the checkpoint is intact. */
public final class TrainingInterruptedException extends RuntimeException {
    private final int checkpointedEpoch;

    TrainingInterruptedException(int epoch, int checkpointedEpoch) {
        super("training was interrupted in epoch " + epoch + "; the checkpoint holds epoch " + checkpointedEpoch);
        this.checkpointedEpoch = checkpointedEpoch;
    }

    /** The last epoch on disk: a resume continues after it. */
    public int checkpointedEpoch() {
        return checkpointedEpoch;
    }
}
