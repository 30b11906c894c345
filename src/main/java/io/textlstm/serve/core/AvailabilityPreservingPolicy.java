package io.textlstm.serve.core;

import java.util.Collection;

/**
 * The next load or unload for one model, as TF Serving's {@code AvailabilityPreservingPolicy} decides it: a version
 * the source no longer wants keeps serving until a wanted one serves (or nothing is wanted any more), so renaming or
 * replacing the served version never leaves a gap; new wanted versions load highest first.
 */
final class AvailabilityPreservingPolicy {

    private AvailabilityPreservingPolicy() {}

    enum Kind { LOAD, UNLOAD }

    record Action(Kind kind, VersionState version) {}

    /** The next action among {@code versions}, or null when there is none. */
    static Action next(Collection<VersionState> versions) {
        boolean hasAspired = false;
        boolean aspiredServing = false;
        int unaspiredServing = 0;
        VersionState lowestUnaspired = null;
        VersionState highestNew = null;
        for (VersionState v : versions) {
            if (v.aspired) {
                hasAspired = true;
                aspiredServing |= v.phase == VersionState.Phase.AVAILABLE;
                if (v.phase == VersionState.Phase.NEW && (highestNew == null || v.version > highestNew.version)) {
                    highestNew = v;
                }
            } else if (v.phase == VersionState.Phase.AVAILABLE) {
                unaspiredServing++;
                if (lowestUnaspired == null || v.version < lowestUnaspired.version) {
                    lowestUnaspired = v;
                }
            }
        }
        if (lowestUnaspired != null && (!hasAspired || aspiredServing || unaspiredServing > 1)) {
            return new Action(Kind.UNLOAD, lowestUnaspired);
        }
        return highestNew == null ? null : new Action(Kind.LOAD, highestNew);
    }
}
