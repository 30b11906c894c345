package io.textlstm.serve.core;

import java.nio.file.Path;

/**
 * One version folder under a base path, as the {@link VersionSource} saw it in a poll: the version number, the folder
 * it is loaded from (its real name: {@code 007} is version 7, loaded from {@code 007}) and a stamp of its files that
 * changes when any of them is written, added or removed (so a failed version is tried again once its files changed).
 *
 * @param stamp number of files, their total size and the newest modification time (ms) under the folder
 */
record VersionFolder(long version, Path dir, Stamp stamp) {

    /** What the files under a version folder looked like; equal stamps mean nothing was written in between. */
    record Stamp(long files, long bytes, long newestMillis) {}
}
