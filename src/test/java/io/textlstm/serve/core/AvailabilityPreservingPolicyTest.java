package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TF Serving's availability-preserving decisions, one at a time. */
class AvailabilityPreservingPolicyTest {

    static VersionState version(long v, VersionState.Phase phase, boolean aspired) {
        VersionState s = new VersionState(new VersionFolder(v, Path.of(Long.toString(v)), new VersionFolder.Stamp(1, 1, 1)));
        s.phase = phase;
        s.aspired = aspired;
        return s;
    }

    static String next(VersionState... versions) {
        AvailabilityPreservingPolicy.Action a = AvailabilityPreservingPolicy.next(List.of(versions));
        return a == null ? null : a.kind() + " " + a.version().version;
    }

    @Test
    void anUnwantedVersionServesUntilAWantedOneServes() {
        // renamed or replaced: version 5 is wanted and loading, 2 is not wanted but is the only one serving
        assertNull(next(version(2, VersionState.Phase.AVAILABLE, false), version(5, VersionState.Phase.LOADING, true)));
        // a wanted version that failed does not take the serving one down either
        assertNull(next(version(2, VersionState.Phase.AVAILABLE, false), version(5, VersionState.Phase.ERROR, true)));
        assertEquals("UNLOAD 2", next(version(2, VersionState.Phase.AVAILABLE, false), version(5, VersionState.Phase.AVAILABLE, true)));
    }

    @Test
    void nothingWantedUnloadsTheLowestFirst() {
        assertEquals("UNLOAD 1", next(version(1, VersionState.Phase.AVAILABLE, false), version(2, VersionState.Phase.AVAILABLE, false)));
        // two unwanted versions serving: the lower goes even while the wanted one loads
        assertEquals("UNLOAD 1", next(version(1, VersionState.Phase.AVAILABLE, false), version(2, VersionState.Phase.AVAILABLE, false),
                version(3, VersionState.Phase.LOADING, true)));
    }

    @Test
    void newWantedVersionsLoadHighestFirst() {
        assertEquals("LOAD 3", next(version(1, VersionState.Phase.AVAILABLE, true), version(2, VersionState.Phase.NEW, true),
                version(3, VersionState.Phase.NEW, true)));
        assertNull(next(version(1, VersionState.Phase.AVAILABLE, true), version(2, VersionState.Phase.END, false)));
    }
}
