package io.textlstm.data.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.data.DataFiles;
import io.textlstm.data.DataSettings;
import io.textlstm.data.RawDataset;
import io.textlstm.data.SkipReport;
import io.textlstm.data.load.DatasetLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdbJsonTest {

    @TempDir Path dir;

    private Path json(String content) throws Exception {
        return DataFiles.write(dir, "reviews.json", content);
    }

    private static BadInputException fails(Path f) {
        return assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(f).build()));
    }

    private static void mentions(BadInputException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void smallArrayIsSplitByTestFraction() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"t\":\"review ").append(i).append("\",\"s\":").append(i % 2).append('}');
        }
        sb.append(",{\"t\":\"\",\"s\":1}]");
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(json(sb.toString())).testFraction(0.2).build());
        assertEquals(16, d.train().size());
        assertEquals(4, d.test().size());
        assertEquals(1, d.skipped().total());
        assertTrue(d.splitNote().contains("test fraction 0."), d.splitNote());
    }

    @Test
    void fiftyThousandRecordsKeepTheOfficialSplitByIndex() throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 50_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"t\":\"r").append(i).append("\",\"s\":").append(i < 25_000 ? 0 : 1)
                    .append('}');
        }
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(json(sb.append(']').toString())).build());
        assertEquals(25_000, d.train().size());
        assertEquals(25_000, d.test().size());
        assertEquals("r12500", d.train().get(0).text());
        assertEquals("r24999", d.train().get(12_499).text());
        assertEquals("r37500", d.train().get(12_500).text());
        assertEquals("r0", d.test().get(0).text());
        assertEquals("r25000", d.test().get(12_500).text());
        assertEquals("positive", d.test().get(12_500).label());
        assertTrue(d.splitNote().startsWith("official split"), d.splitNote());
    }

    @Test
    void readsInOrderWithIndices() throws Exception {
        List<String> seen = new ArrayList<>();
        int n = ImdbJson.read(Files.newInputStream(json("[{\"s\":1,\"t\":\"a\",\"x\":[1,{}]},{\"t\":\"b\",\"s\":0}]")),
                "r", new SkipReport(), (i, r) -> seen.add(i + r.label() + r.text()));
        assertEquals(2, n);
        assertEquals(List.of("0positivea", "1negativeb"), seen);
    }

    @Test
    void truncatedJsonNamesTheRecord() throws Exception {
        mentions(fails(json("[{\"t\":\"good\",\"s\":1},{\"t\":\"bad\",\"s\":0},{\"t\":\"cut off her")), "reviews.json",
                "record 2", "line 1");
        mentions(fails(json("[{\"t\":\"good\",\"s\":1},{\"t\":\"bad\",\"s\":0}")), "record 2", "truncated");
    }

    @Test
    void malformedJson() throws Exception {
        mentions(fails(json("[{\"t\":\"good\",\"s\":1},\n{\"t\":\"bad\" \"s\":0}]")), "record 1", "line 2");
        mentions(fails(json("{\"t\":\"good\"}")), "expected a JSON array");
        mentions(fails(json("[{\"t\":\"good\",\"s\":1},{\"t\":\"bad\",\"s\":2}]")), "record 1", "\"s\" must be 0 or 1");
        mentions(fails(json("[{\"t\":\"good\",\"s\":1},{\"s\":0}]")), "record 1", "missing \"t\"");
        mentions(fails(json("[{\"t\":5,\"s\":1}]")), "record 0", "\"t\" must be a string");
    }
}
