package io.textlstm.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the small data files the data tests read, inside a test's temporary folder. */
public final class DataFiles {

    private DataFiles() {}

    /** Writes {@code text} as UTF-8 to {@code dir/relative}, creating the folders on the way; returns the file. */
    public static Path write(Path dir, String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
