package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing a base path as TF Serving's file-system source does, and the stamps that tell a changed version folder. */
class VersionFoldersTest {

    @TempDir Path base;

    @Test
    void numericNamesOnlyLeadingZerosReadFromTheirOwnFolderThePlainNameWinsATie() throws IOException {
        Files.createDirectories(base.resolve("3"));
        Files.createDirectories(base.resolve("007"));
        Files.createDirectories(base.resolve("0012"));
        Files.createDirectories(base.resolve("12"));
        Files.createDirectories(base.resolve(".tmp-4-123@host-uuid"));
        Files.createDirectories(base.resolve("v5"));
        Files.writeString(base.resolve("6"), "a file, not a folder");
        VersionFolders.Listing l = VersionFolders.scan(base);
        assertEquals(List.of(3L, 7L, 12L), List.copyOf(l.versions().keySet()));
        assertEquals(base.resolve("007"), l.versions().get(7L).dir());
        assertEquals(base.resolve("12"), l.versions().get(12L).dir());
        assertEquals(List.of("0012"), l.duplicates());
    }

    @Test
    void aMissingBasePathIsAnErrorNotAnEmptyListing() {
        assertThrows(IOException.class, () -> VersionFolders.scan(base.resolve("gone")));
    }

    @Test
    void theStampChangesWhenAFileDeepInsideIsRewrittenInPlace() throws IOException {
        Path v = Files.createDirectories(base.resolve("1").resolve("variables"));
        Path data = Files.write(v.resolve("variables.data-00000-of-00001"), new byte[100]);
        Files.setLastModifiedTime(data, FileTime.fromMillis(1_000_000));
        VersionFolder.Stamp before = VersionFolders.stamp(base.resolve("1"));
        assertEquals(before, VersionFolders.stamp(base.resolve("1")), "nothing written: the same stamp");
        Files.write(data, new byte[200]);
        assertNotEquals(before, VersionFolders.stamp(base.resolve("1")));
    }
}
