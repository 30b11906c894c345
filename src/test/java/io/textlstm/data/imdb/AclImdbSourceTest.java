package io.textlstm.data.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.data.DataFormat;
import io.textlstm.data.DataOptions;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.load.DatasetLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AclImdbSourceTest {

    @TempDir Path dir;

    private void write(String rel, String text) throws Exception {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    @Test
    void aclImdbKeepsTheOfficialSplitAndIgnoresUnsup() throws Exception {
        write("aclImdb/train/neg/10_2.txt", "Awful.<br /><br />Truly.");
        write("aclImdb/train/neg/2_1.txt", "Bad film");
        write("aclImdb/train/pos/0_9.txt", "Bromwell High is a cartoon comedy.");
        write("aclImdb/train/unsup/0_0.txt", "ignored");
        write("aclImdb/test/neg/0_2.txt", "meh");
        write("aclImdb/test/pos/0_10.txt", "Great");
        write("aclImdb/test/pos/1_8.txt", "  ");
        RawDataset d = DatasetLoader.load(new DataOptions().data(dir));
        assertEquals(DataFormat.ACLIMDB, DatasetLoader.detect(new DataOptions().data(dir)));
        assertEquals(List.of(new LabeledText("Bad film", "negative"), new LabeledText("Awful.<br /><br />Truly.", "negative"),
                new LabeledText("Bromwell High is a cartoon comedy.", "positive")), d.train());
        assertEquals(List.of(new LabeledText("meh", "negative"), new LabeledText("Great", "positive")), d.test());
        assertEquals(1, d.skipped().counts().get("empty text"));
        assertEquals(List.of("pos/1_8.txt"), d.skipped().examples("empty text"));
    }

    @Test
    void aclImdbWithoutATestFolder() throws Exception {
        write("train/neg/0_1.txt", "bad");
        write("train/pos/0_9.txt", "good");
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetLoader.load(new DataOptions().data(dir)));
        assertTrue(e.getMessage().contains("test") && e.getMessage().contains("missing"), e.getMessage());
    }
}
