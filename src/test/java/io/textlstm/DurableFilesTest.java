package io.textlstm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir Path tmp;

    /** A write that fails half way (a full disk, a crash) leaves the old content and no temporary file. */
    @Test
    void aFailedWriteLeavesTheOldContentAndNoLitter() throws Exception {
        Path f = tmp.resolve("labels.txt");
        DurableFiles.write(f, "negative\npositive\n".getBytes());
        assertThrows(IOException.class, () -> DurableFiles.write(f, out -> {
            out.write("half".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("negative\npositive\n", Files.readString(f));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
        DurableFiles.write(f, new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(f));
    }

    @Test
    void causeIsTheOperatingSystemsReason() {
        assertEquals("Permission denied", DurableFiles.cause(new AccessDeniedException("/x")));
        assertEquals("Read-only file system", DurableFiles.cause(new FileSystemException("/x", null, "Read-only file system")));
        assertEquals("No such file or directory", DurableFiles.cause(new java.nio.file.NoSuchFileException("/x")));
    }
}
