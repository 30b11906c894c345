package io.textlstm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

    private static final List<String> TEXTS = List.of("the cat sat", "the dog sat", "a cat, the end", "zebra apple");

    @Test
    void idLayoutAndRankingByCountThenWord() {
        Vocabulary v = Vocabulary.build(TEXTS, 100);
        // the:3, cat:2, sat:2, then count 1 sorted: a, apple, dog, end, zebra
        assertEquals(List.of("<pad>", "<start>", "<unk>", "the", "cat", "sat", "a", "apple", "dog", "end", "zebra"),
                v.tokens());
        assertEquals(0, v.id("<pad>"));
        assertEquals(3, v.id("the"));
        assertEquals(4, v.id("cat"));
        assertEquals(5, v.id("sat"));
        assertEquals(Vocabulary.OOV_ID, v.id("unseen"));
        assertEquals(11, v.size());
    }

    @Test
    void numWordsKeepsIdsBelowIt() {
        Vocabulary v = Vocabulary.build(TEXTS, 6);
        assertEquals(List.of("<pad>", "<start>", "<unk>", "the", "cat", "sat"), v.tokens());
        assertEquals(2, v.id("a"), "rank 7 word is out of vocabulary with numWords 6");
        assertEquals(3, Vocabulary.build(List.of(), 5000).size());
    }

    @Test
    void tiesAreBrokenByWordNotByInputOrder() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            texts.add("w" + (i % 37) + " shared x" + (i % 11));
        }
        Vocabulary reference = Vocabulary.build(texts, 30);
        for (int seed = 0; seed < 5; seed++) {
            List<String> shuffled = new ArrayList<>(texts);
            Collections.shuffle(shuffled, new Random(seed));
            assertEquals(reference.tokens(), Vocabulary.build(shuffled, 30).tokens());
            assertEquals(reference.sha256(), Vocabulary.build(shuffled, 30).sha256());
        }
        // counts: shared 200; x0..x10 19 or 18; w0..w36 6 or 5. x0..x1 (19 each) before x10 (18) etc.
        assertEquals("shared", reference.tokens().get(3));
        List<String> x19 = reference.tokens().subList(4, 4 + 2);
        assertEquals(List.of("x0", "x1"), x19);
    }

    @Test
    void saveLoadRoundTripAndHash(@TempDir Path dir) throws Exception {
        Vocabulary v = Vocabulary.build(TEXTS, 100);
        Path file = dir.resolve("assets/vocab.txt");
        v.save(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(v.tokens(), lines);
        Vocabulary back = Vocabulary.load(file);
        assertEquals(v.tokens(), back.tokens());
        assertEquals(v.sha256(), back.sha256());
        assertEquals(64, v.sha256().length());
        assertNotEquals(v.sha256(), Vocabulary.build(TEXTS, 6).sha256());
        assertEquals(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))), v.sha256());
    }

    @Test
    void loadRejectsFilesThatAreNotVocabularies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vocab.txt");
        Files.writeString(file, "the\ncat\n");
        BadInputException e = assertThrows(BadInputException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("<pad>"), e.getMessage());
        Files.writeString(file, "<pad>\n<start>\n<unk>\ncat\ncat\n");
        e = assertThrows(BadInputException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("line 5"), e.getMessage());
        assertThrows(BadInputException.class, () -> Vocabulary.load(dir.resolve("missing.txt")));
    }
}
