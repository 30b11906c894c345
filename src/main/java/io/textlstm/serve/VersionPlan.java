package io.textlstm.serve;

import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one poll of a base path changes (docs/serving.md, "Versions"): the versions the {@link VersionPolicy} wants
 * among the folders on disk (a failed version only once its folder changed) that are not loaded yet, and the
 * serving versions it no longer wants, to unload once a wanted version serves, or at once when their folder is gone.
 *
 * @param toLoad   entries now {@code LOADING}
 * @param toUnload entries now {@code UNLOADING}
 */
record VersionPlan(List<VersionEntry> toLoad, List<VersionEntry> toUnload) {

    /** Plans the poll and moves the chosen entries to their new state; the caller holds the manager's lock. */
    static VersionPlan make(Map<Long, VersionEntry> entries, Map<Long, FileTime> onDisk, VersionPolicy policy) {
        NavigableSet<Long> candidates = new TreeSet<>();
        for (Map.Entry<Long, FileTime> d : onDisk.entrySet()) {
            VersionEntry e = entries.get(d.getKey());
            if (e == null || e.failedStamp == null || !e.failedStamp.equals(d.getValue())) {
                candidates.add(d.getKey());
            }
        }
        Set<Long> wanted = policy.select(candidates);
        List<VersionEntry> toLoad = new ArrayList<>();
        for (long v : wanted) {
            VersionEntry e = entries.computeIfAbsent(v, VersionEntry::new);
            if (e.state == VersionEntry.State.START || e.state == VersionEntry.State.END) {
                e.state = VersionEntry.State.LOADING;
                e.errorCode = "OK";
                e.errorMessage = "";
                e.failedStamp = null;
                toLoad.add(e);
            }
        }
        boolean wantedServing = wanted.stream().anyMatch(v -> entries.get(v).state == VersionEntry.State.AVAILABLE);
        List<VersionEntry> toUnload = new ArrayList<>();
        for (VersionEntry e : entries.values()) {
            if (e.state == VersionEntry.State.AVAILABLE && !wanted.contains(e.version)
                    && (wantedServing || !onDisk.containsKey(e.version))) {
                e.state = VersionEntry.State.UNLOADING;
                toUnload.add(e);
            }
        }
        return new VersionPlan(toLoad, toUnload);
    }
}
