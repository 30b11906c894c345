package io.textlstm.train;

/** The loss became NaN or infinite; the message says where and which checkpoint is still good. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
