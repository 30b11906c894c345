package io.textlstm.serve;

import java.nio.file.attribute.FileTime;

/**
 * One version of a served model as {@link ModelManager} tracks it: TF Serving's state and status for the status API,
 * the loaded version once it serves, and the folder stamp of a failed load (so it is not retried until the folder
 * changes). The fields are guarded by the manager's lock.
 */
final class VersionEntry {

    /** TF Serving's {@code ModelVersionStatus.State}. */
    enum State { START, LOADING, AVAILABLE, UNLOADING, END }

    final long version;
    State state = State.START;
    String errorCode = "OK";
    String errorMessage = "";
    LoadedVersion loaded;
    FileTime failedStamp;

    VersionEntry(long version) {
        this.version = version;
    }
}
