package io.textlstm.serve.core;

/**
 * One version's state as TF Serving's status API reports it ({@code ModelVersionStatus}): immutable, part of the
 * snapshot the {@link VersionManager} publishes after every change. A version that failed to load is {@code END}
 * with the error code and reason.
 */
public record VersionStatus(long version, State state, ServeStatus errorCode, String errorMessage) {

    /** TF Serving's {@code ModelVersionStatus.State}. */
    public enum State { START, LOADING, AVAILABLE, UNLOADING, END }
}
