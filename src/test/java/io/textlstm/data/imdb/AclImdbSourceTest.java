package io.textlstm.data.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.data.DataFiles;
import io.textlstm.data.DataFormat;
import io.textlstm.data.DataSettings;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.load.DatasetLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stanford's aclImdb/ folder, read through the loader as a user would. */
class AclImdbSourceTest {

    @TempDir Path dir;

    @Test
    void aclImdbKeepsTheOfficialSplitAndIgnoresUnsup() throws Exception {
        DataFiles.write(dir, "aclImdb/train/neg/10_2.txt", "Awful.<br /><br />Truly.");
        DataFiles.write(dir, "aclImdb/train/neg/2_1.txt", "Bad film");
        DataFiles.write(dir, "aclImdb/train/pos/0_9.txt", "Bromwell High is a cartoon comedy.");
        DataFiles.write(dir, "aclImdb/train/unsup/0_0.txt", "ignored");
        DataFiles.write(dir, "aclImdb/test/neg/0_2.txt", "meh");
        DataFiles.write(dir, "aclImdb/test/pos/0_10.txt", "Great");
        DataFiles.write(dir, "aclImdb/test/pos/1_8.txt", "  ");
        RawDataset d = DatasetLoader.load(DataSettings.builder().data(dir).build());
        assertEquals(DataFormat.ACLIMDB, DatasetLoader.detect(DataSettings.builder().data(dir).build()));
        assertEquals(List.of(new LabeledText("Bad film", "negative"), new LabeledText("Awful.<br /><br />Truly.", "negative"),
                new LabeledText("Bromwell High is a cartoon comedy.", "positive")), d.train());
        assertEquals(List.of(new LabeledText("meh", "negative"), new LabeledText("Great", "positive")), d.test());
        assertEquals(1, d.skipped().counts().get("empty text"));
        assertEquals(List.of("pos/1_8.txt"), d.skipped().examples("empty text"));
    }

    @Test
    void aclImdbWithoutATestFolder() throws Exception {
        DataFiles.write(dir, "train/neg/0_1.txt", "bad");
        DataFiles.write(dir, "train/pos/0_9.txt", "good");
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(dir).build()));
        assertTrue(e.getMessage().contains("test") && e.getMessage().contains("missing"), e.getMessage());
    }
}
