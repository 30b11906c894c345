package io.textlstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelSetTest {

    private static LabelSet of(String... labels) {
        return LabelSet.fromLabels(List.of(labels), "test.csv");
    }

    @Test
    void binaryPairsMapToZeroAndOne() {
        assertEquals(List.of("negative", "positive"), of("positive", "negative", "positive").labels());
        assertEquals(List.of("neg", "pos"), of("pos", "neg").labels());
        assertEquals(List.of("0", "1"), of("1", "0").labels());
        assertEquals(1, of("positive", "negative").id("positive"));
    }

    @Test
    void otherLabelsAreSorted() {
        LabelSet s = of("sound", "games", "net", "games", "admin");
        assertEquals(List.of("admin", "games", "net", "sound"), s.labels());
        assertEquals(2, s.id("net"));
        assertEquals("sound", s.label(3));
        assertEquals(4, s.size());
        assertEquals(List.of("good", "negative"), of("negative", "good").labels());
    }

    @Test
    void unknownLabelIsNamed() {
        BadInputException e = assertThrows(BadInputException.class, () -> of("a", "b").id("c"));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
    }

    @Test
    void oneClassOnly() {
        BadInputException e = assertThrows(BadInputException.class, () -> of("x", "x"));
        assertTrue(e.getMessage().contains("only one class ('x')"), e.getMessage());
    }

    @Test
    void labelsDifferingByCaseOrWhitespace() {
        BadInputException e = assertThrows(BadInputException.class, () -> of("Games", "net", "games"));
        assertTrue(e.getMessage().contains("'Games'") && e.getMessage().contains("'games'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> of("net ", "net", "games"));
        assertTrue(e.getMessage().contains("'net '") && e.getMessage().contains("'net'"), e.getMessage());
    }

    @Test
    void tooManyLabelsSuggestTheWrongColumn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            ids.add("id" + i);
        }
        BadInputException e = assertThrows(BadInputException.class, () -> LabelSet.fromLabels(ids, "x.csv"));
        assertTrue(e.getMessage().contains("1001 distinct labels") && e.getMessage().contains("label column"),
                e.getMessage());
        ids.remove(0);
        assertEquals(1000, LabelSet.fromLabels(ids, "x.csv").size());
    }

    @Test
    void emptyLabel() {
        assertThrows(BadInputException.class, () -> of("a", "", "b"));
    }

    @Test
    void saveAndLoad(@TempDir Path dir) throws Exception {
        LabelSet s = of("sound", "games", "net");
        Path f = dir.resolve("labels.txt");
        s.save(f);
        assertEquals(List.of("games", "net", "sound"), java.nio.file.Files.readAllLines(f));
        assertEquals(s.labels(), LabelSet.load(f).labels());
    }
}
