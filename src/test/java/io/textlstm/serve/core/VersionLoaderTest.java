package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.ExportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warmup at load: the export's records, then one request on each signature no record ran. */
class VersionLoaderTest {

    @TempDir Path tmp;

    @Test
    void aVersionIsWarmedUpOnEverySignatureWithOrWithoutWarmupRecords() throws Exception {
        ExportResult export = ExportFixtures.exportBinary(tmp.resolve("tiny"));
        Path dir = export.directory();
        Path records = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.WARMUP_FILE);
        int recorded = io.textlstm.export.WarmupRequests.read(records).size();
        VersionLoader.Loaded withRecords = VersionLoader.load(dir);
        try {
            // the exporter's records are all serving_default: predict_ids gets one request of its own
            assertEquals(recorded + 1, withRecords.warmups());
        } finally {
            withRecords.servable().close();
        }
        Files.delete(records);
        VersionLoader.Loaded without = VersionLoader.load(dir);
        try {
            assertEquals(2, without.warmups());
        } finally {
            without.servable().close();
        }
    }
}
