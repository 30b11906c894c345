package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportResult;
import io.textlstm.serve.ServeFixtures;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference counting of a loaded version: an unload waits for the last request, which still has its session. */
class LoadedVersionTest {

    @TempDir Path tmp;

    @Test
    void aRetiredVersionClosesOnlyAfterItsLastRequest() throws Exception {
        ExportResult v1 = ServeFixtures.export(tmp.resolve("m"), 1, 42);
        TextClassifierServable servable = (TextClassifierServable) VersionLoader.load(v1.directory()).servable();
        TextClassifier c = servable.classifier();
        LoadedVersion lv = new LoadedVersion("m", 1, servable, null);
        assertTrue(lv.acquire());
        AtomicBoolean closed = new AtomicBoolean();
        lv.retire(() -> closed.set(true));
        assertFalse(lv.acquire(), "no new requests once retired");
        assertFalse(closed.get());
        assertEquals(1, c.predict("still running").size(), "the request in flight still has its session");
        lv.retain(); // a run started through the open handle
        lv.release();
        assertFalse(closed.get(), "the run still holds a reference");
        lv.release();
        assertTrue(closed.get());
        assertThrows(IllegalStateException.class, () -> c.predict("x"), "the session is closed");
    }
}
