package io.textlstm.serve;

import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lists a base path's version folders as TF Serving's file-system source does (docs/serving.md): numeric folder
 * names only, so the exporter's hidden {@code .tmp-*} folders are never seen half written.
 */
final class VersionFolders {

    private VersionFolders() {}

    /** Version folders on disk, by number, with a stamp that changes when a folder is replaced. */
    static Map<Long, FileTime> scan(Path base) throws IOException {
        Map<Long, FileTime> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ExportLayout.isVersionName(n) && Files.isDirectory(p)) {
                    out.put(Long.parseLong(n), Files.getLastModifiedTime(p));
                }
            }
        }
        return out;
    }
}
