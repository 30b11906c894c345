package io.textlstm.serve.core;

/**
 * One version of a served model as the {@link VersionManager} tracks it, guarded by the manager's lock: where it
 * stands in the state machine, whether the source still wants it, the loaded version once it serves, and what to
 * remember of a failed load (the stamp of the files that failed, and when a changed copy may be tried again).
 *
 * <pre>
 *   NEW ──load──▶ LOADING ──▶ AVAILABLE ──unload──▶ UNLOADING ──last request──▶ END
 *                    │                                                          │
 *                    └──▶ ERROR ──files changed, back-off over──▶ NEW ◀── wanted again
 * </pre>
 */
final class VersionState {

    enum Phase { NEW, LOADING, AVAILABLE, UNLOADING, END, ERROR }

    final long version;
    VersionFolder folder;
    Phase phase = Phase.NEW;
    boolean aspired;
    String error = "";
    LoadedVersion loaded;
    VersionFolder.Stamp failedStamp;
    int failures;
    long retryAtNanos;

    VersionState(VersionFolder folder) {
        this.version = folder.version();
        this.folder = folder;
    }

    /** The immutable status the APIs report. */
    VersionStatus status() {
        return switch (phase) {
            case NEW -> new VersionStatus(version, VersionStatus.State.START, ServeStatus.OK, "");
            case LOADING -> new VersionStatus(version, VersionStatus.State.LOADING, ServeStatus.OK, "");
            case AVAILABLE -> new VersionStatus(version, VersionStatus.State.AVAILABLE, ServeStatus.OK, "");
            case UNLOADING -> new VersionStatus(version, VersionStatus.State.UNLOADING, ServeStatus.OK, "");
            case END -> new VersionStatus(version, VersionStatus.State.END, ServeStatus.OK, "");
            case ERROR -> new VersionStatus(version, VersionStatus.State.END, ServeStatus.UNKNOWN, error);
        };
    }
}
