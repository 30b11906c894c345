package io.textlstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir Path tmp;

    @Test
    void copiesANestedTreeAndDeletesItWithoutFollowingLinks() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("from/a/b"));
        Files.writeString(from.resolve("x.txt"), "x");
        Files.writeString(tmp.resolve("from/top.txt"), "top");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep me");
        Files.createSymbolicLink(tmp.resolve("from/link.txt"), outside);

        Path to = FileTrees.copy(tmp.resolve("from"), tmp.resolve("to/copy"));
        assertEquals("x", Files.readString(to.resolve("a/b/x.txt")));
        assertEquals("top", Files.readString(to.resolve("top.txt")));
        assertTrue(Files.isSymbolicLink(to.resolve("link.txt")), "a link is copied as a link");

        FileTrees.delete(tmp.resolve("from"));
        FileTrees.delete(to);
        assertFalse(Files.exists(tmp.resolve("from")));
        assertFalse(Files.exists(to));
        assertEquals("keep me", Files.readString(outside), "the link's target is left alone");
        FileTrees.delete(tmp.resolve("no-such-folder")); // nothing to do
    }
}
