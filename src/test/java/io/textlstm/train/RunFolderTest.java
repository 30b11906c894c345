package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

    /** The name a run folder was created with comes back without its timestamp, also for a second run that second. */
    @Test
    void nameIsTheFolderNameWithoutItsTimestamp(@TempDir Path tmp) {
        RunFolder first = RunFolder.create(tmp, "reviews_lstm-2");
        RunFolder second = RunFolder.create(tmp, "reviews_lstm-2");
        assertNotEquals(first.dir(), second.dir());
        assertEquals("reviews_lstm-2", first.name());
        assertEquals("reviews_lstm-2", second.name());
        assertEquals("plain", new RunFolder(tmp.resolve("plain")).name());
    }
}
