package io.textlstm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.data.ClassWeights;
import io.textlstm.data.DataFormat;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.VectorizedSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedDatasetTest {

    @TempDir Path dir;

    private Path csv(int perClassA, int perClassB, int perClassC) throws Exception {
        StringBuilder sb = new StringBuilder("review,sentiment\n");
        int[] n = {perClassA, perClassB, perClassC};
        String[] labels = {"games", "science", "sound"};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < n[c]; i++) {
                sb.append("\"").append(labels[c]).append(" word").append(i % 7).append(" common text\",")
                        .append(labels[c]).append('\n');
            }
        }
        Path f = dir.resolve("d.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void vectorizesDeterministicallyWithTrainOnlyVocabulary() throws Exception {
        DataSettings o = DataSettings.builder().data(csv(40, 30, 30)).numWords(10).maxLength(6).testFraction(0.25).build();
        RawDataset raw = DatasetLoader.load(o);
        PreparedDataset a = PreparedDataset.prepare(raw, o);
        PreparedDataset b = PreparedDataset.prepare(DatasetLoader.load(o), o);
        // round(n * 0.25) per class: 10 + 8 (7.5) + 8 held out
        assertEquals(74, a.train().size());
        assertEquals(26, a.evaluation().size());
        assertSame(a.evaluation(), a.test());
        assertFalse(a.validating());
        assertEquals(List.of("games", "science", "sound"), a.labels().labels());
        assertEquals(10, a.vocabulary().size());
        assertArrayEquals(a.train().ids(), b.train().ids());
        assertArrayEquals(a.evaluation().labels(), b.evaluation().labels());
        assertEquals(74 * 6, a.train().ids().length);
        SequenceEncoder enc = new SequenceEncoder(
                Vocabulary.build(raw.train().stream().map(LabeledText::text).toList(), 10), 6);
        for (int i = 0; i < raw.train().size(); i++) {
            assertArrayEquals(enc.encode(raw.train().get(i).text()), a.train().row(i), "row " + i);
        }
        // "games word3 common text" -> [0, 1, games, word3?, common, text]
        int[] row = a.train().row(0);
        assertEquals(0, row[0]);
        assertEquals(1, row[1]);
        assertEquals(a.vocabulary().id("common"), row[4]);
        assertEquals(0, a.train().label(0));
        PreparedDataset.Stats s = a.stats();
        assertEquals(74L * 4, s.trainTokens());
        assertTrue(s.coverage() > 0.5 && s.coverage() < 1, "coverage " + s.coverage());
        assertEquals(4, s.splits().get(0).p50());
        assertEquals(0.0, s.splits().get(0).truncatedShare());
        PreparedDataset.Stats shorter = PreparedDataset.prepare(raw, o.toBuilder().maxLength(4).build()).stats();
        assertEquals(1.0, shorter.splits().get(0).truncatedShare());
    }

    @Test
    void validationSplitReplacesTestAndKeepsTheTestSplit() throws Exception {
        DataSettings o = DataSettings.builder().data(csv(40, 40, 20)).validationSplit(0.25).build();
        RawDataset raw = DatasetLoader.load(o);
        // test 20% of (40, 40, 20) = 8 + 8 + 4; validation 25% of the remaining (32, 32, 16) = 8 + 8 + 4
        assertEquals(20, raw.test().size());
        assertEquals(20, raw.validation().size());
        assertEquals(60, raw.train().size());
        PreparedDataset p = PreparedDataset.prepare(raw, o);
        assertTrue(p.validating());
        assertEquals(20, p.evaluation().size());
        assertEquals(20, p.test().size());
        assertFalse(p.evaluation() == p.test());
        assertArrayEquals(new int[] {8, 8, 4}, p.evaluation().classCounts(3));
        assertArrayEquals(new int[] {24, 24, 12}, p.train().classCounts(3));
    }

    @Test
    void balancedClassWeightsLikeSklearn() {
        VectorizedSplit s = new VectorizedSplit(new int[6], new int[] {0, 0, 0, 0, 1, 2}, 6, 1);
        // n / (k * count): 6/(3*4), 6/(3*1), 6/(3*1)
        assertArrayEquals(new float[] {0.5f, 2f, 2f}, ClassWeights.balanced(s, 3));
    }

    @Test
    void optionsAreValidated() throws Exception {
        Path f = csv(5, 5, 5);
        assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(f).testFraction(1.5).build()));
        assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(f).numWords(3).build()));
        assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(f).maxLength(0).build()));
        BadSettingException e = assertThrows(BadSettingException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(f).testData(f).format(DataFormat.IMDB_JSON).build()));
        assertEquals("testData", e.setting());
        assertTrue(e.getMessage().contains("separate test set"), e.getMessage());
    }
}
