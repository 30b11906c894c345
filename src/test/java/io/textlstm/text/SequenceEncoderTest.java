package io.textlstm.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceEncoderTest {

    // ids: the 3, cat 4, sat 5, a 6, apple 7, dog 8, end 9, zebra 10
    private final Vocabulary vocab =
            Vocabulary.build(List.of("the cat sat", "the dog sat", "a cat, the end", "zebra apple"), 100);

    @Test
    void shortSequencesArePaddedAtTheFront() {
        assertArrayEquals(new int[] {0, 0, 1, 3, 4}, new SequenceEncoder(vocab, 5).encode("The cat"));
    }

    @Test
    void exactLengthIsUnchanged() {
        assertArrayEquals(new int[] {1, 3, 4, 5}, new SequenceEncoder(vocab, 4).encode("the cat sat"));
    }

    @Test
    void longSequencesKeepTheirLastIds() {
        // [1, 3, 4, 5, 6, 2] truncating='pre' to 3 -> [5, 6, 2]; the start marker is cut
        assertArrayEquals(new int[] {5, 6, 2}, new SequenceEncoder(vocab, 3).encode("the cat sat a unknown"));
    }

    @Test
    void emptyTextIsTheStartMarkerOnly() {
        assertArrayEquals(new int[] {0, 0, 1}, new SequenceEncoder(vocab, 3).encode(""));
        assertArrayEquals(new int[] {1}, new SequenceEncoder(vocab, 1).encode("!!!"));
    }

    @Test
    void oovWordsBecomeTwo() {
        assertArrayEquals(new int[] {1, 2, 3, 2}, new SequenceEncoder(vocab, 4).encode("unknown the words"));
        // all counts 1: ties by word keep "cat" (id 3) with numWords 4; "the" is out of vocabulary
        assertArrayEquals(new int[] {1, 2, 3}, new SequenceEncoder(Vocabulary.build(List.of("the cat sat"), 4), 3)
                .encode("the cat"));
    }

    @Test
    void padSequencesLikeKeras() {
        int[][] out = SequenceEncoder.padSequences(new int[][] {{1, 2}, {1, 2, 3}, {1, 2, 3, 4, 5}, {}}, 3);
        assertArrayEquals(new int[] {0, 1, 2}, out[0]);
        assertArrayEquals(new int[] {1, 2, 3}, out[1]);
        assertArrayEquals(new int[] {3, 4, 5}, out[2]);
        assertArrayEquals(new int[] {0, 0, 0}, out[3]);
    }

    @Test
    void encodeAgreesWithIdsPlusPadSequences() {
        SequenceEncoder enc = new SequenceEncoder(vocab, 4);
        for (String text : List.of("", "the", "the cat sat a dog end zebra", "a a a a", "x y")) {
            assertArrayEquals(SequenceEncoder.padSequence(enc.ids(text), 4), enc.encode(text), text);
        }
    }
}
