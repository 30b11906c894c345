package io.textlstm.serve.core;

import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Lists a base path's version folders as TF Serving's file-system source does (docs/serving.md): folder names that
 * parse as a number only, so the exporter's hidden {@code .tmp-*} folders are never seen half written. A name with
 * leading zeros is that number ({@code 007} is version 7, read from {@code 007}); when two names give one number the
 * plain one ({@code 7}) wins.
 */
final class VersionFolders {

    private VersionFolders() {}

    /** What one listing found: the version folders by number, and the names passed over for another of their number. */
    record Listing(NavigableMap<Long, VersionFolder> versions, List<String> duplicates) {}

    /**
     * The version folders under {@code base}.
     *
     * @throws IOException when the base path cannot be listed (missing, not a folder, unreadable)
     */
    static Listing scan(Path base) throws IOException {
        NavigableMap<Long, VersionFolder> out = new TreeMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!ExportLayout.isVersionName(n) || !Files.isDirectory(p)) {
                    continue;
                }
                long v = Long.parseLong(n);
                VersionFolder other = out.get(v);
                if (other != null) {
                    boolean mineIsPlain = n.equals(Long.toString(v));
                    String loser = mineIsPlain ? other.dir().getFileName().toString() : n;
                    duplicates.add(loser);
                    if (!mineIsPlain) {
                        continue;
                    }
                }
                out.put(v, new VersionFolder(v, p, stamp(p)));
            }
        }
        java.util.Collections.sort(duplicates);
        return new Listing(out, duplicates);
    }

    /** The stamp of the files under {@code dir}; a folder that changes while it is walked gets a stamp of what was seen. */
    static VersionFolder.Stamp stamp(Path dir) {
        long[] acc = new long[3];
        try (Stream<Path> files = Files.walk(dir)) {
            files.forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    acc[0]++;
                    acc[1] += a.isRegularFile() ? a.size() : 0;
                    acc[2] = Math.max(acc[2], a.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    acc[0]--; // vanished while listed: being written; the next poll sees it settled
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            acc[0] = -1 - acc[0];
        }
        return new VersionFolder.Stamp(acc[0], acc[1], acc[2]);
    }
}
