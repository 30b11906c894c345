package io.textlstm.serve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One served model as {@link ModelManager} tracks it: its name, its base path and an entry per version it has seen.
 * Everything here is guarded by the manager's lock.
 */
final class ServedModel {

    final String name;
    final Path base;
    final TreeMap<Long, VersionEntry> entries = new TreeMap<>();
    /** Set while the base path cannot be listed, so that the warning is logged once, not every poll. */
    boolean missingReported;

    ServedModel(String name, Path base) {
        this.name = name;
        this.base = base;
    }

    /** The entries of all versions ({@code version} null) or of one, newest first. */
    List<VersionEntry> newestFirst(Long version) {
        List<VersionEntry> list = new ArrayList<>();
        for (VersionEntry e : entries.descendingMap().values()) {
            if (version == null || e.version == version) {
                list.add(e);
            }
        }
        return list;
    }

    /** The versions that are serving, oldest first. */
    List<Long> available() {
        List<Long> vs = new ArrayList<>();
        for (VersionEntry e : entries.values()) {
            if (e.state == VersionEntry.State.AVAILABLE) {
                vs.add(e.version);
            }
        }
        return vs;
    }
}
