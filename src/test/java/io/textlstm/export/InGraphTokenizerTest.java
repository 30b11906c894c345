package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.textlstm.BadInputException;
import io.textlstm.text.SequenceEncoder;
import io.textlstm.text.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

class InGraphTokenizerTest {

    /** Runs the in-graph tokenizer on {@code texts}. */
    static int[][] graphIds(List<String> vocab, int maxLength, List<String> texts) {
        InGraphTokenizer tok = InGraphTokenizer.create(vocab, maxLength);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TString> text = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            Operand<TInt32> ids = tok.ids(tf, text);
            assertArrayEquals(new long[] {-1, maxLength}, ids.shape().asArray());
            try (TString in = texts.isEmpty()
                            ? TString.tensorOf(Shape.of(0), org.tensorflow.ndarray.buffer.DataBuffers.ofObjects(String.class, 0))
                            : TString.vectorOf(texts.toArray(new String[0]));
                    var r = s.runner().feed(text, in).fetch(ids).run()) {
                TInt32 out = (TInt32) r.get(0);
                int[][] m = new int[texts.size()][maxLength];
                for (int i = 0; i < m.length; i++) {
                    for (int j = 0; j < maxLength; j++) {
                        m[i][j] = out.getInt(i, j);
                    }
                }
                return m;
            }
        }
    }

    @Test
    void handMadeCorpusMatchesJavaTokenizer() {
        List<String> vocab = TestCorpus.vocabulary();
        List<String> texts = TestCorpus.texts();
        for (int maxLength : new int[] {1, 3, 20, 500}) {
            int[][] got = graphIds(vocab, maxLength, texts);
            for (int i = 0; i < texts.size(); i++) {
                int[] want = new SequenceEncoder(TestCorpus.javaVocabulary(), maxLength).encode(texts.get(i));
                String shown = texts.get(i).length() > 80 ? texts.get(i).substring(0, 80) + "..." : texts.get(i);
                assertArrayEquals(want, got[i], "maxLength " + maxLength + ", text " + i + ": " + shown
                        + "\njava tokens: " + (texts.get(i).length() < 1000 ? Tokenizer.tokenize(texts.get(i)) : "(long)"));
            }
        }
    }

    @Test
    void emptyAndWhitespaceGiveOnlyTheStartMarker() {
        int[][] got = graphIds(TestCorpus.vocabulary(), 5, List.of("", " ", "\t\n", "!!! ---"));
        for (int[] row : got) {
            assertArrayEquals(new int[] {0, 0, 0, 0, 1}, row);
        }
    }

    @Test
    void truncatesAtTheFrontAndPadsAtTheFront() {
        List<String> vocab = List.of("<pad>", "<start>", "<unk>", "a", "b", "c");
        int[][] got = graphIds(vocab, 4, List.of("a b c a b c", "c", "a b c", "a zz b"));
        assertArrayEquals(new int[] {5, 3, 4, 5}, got[0]);
        assertArrayEquals(new int[] {0, 0, 1, 5}, got[1]);
        assertArrayEquals(new int[] {1, 3, 4, 5}, got[2]);
        assertArrayEquals(new int[] {1, 3, 2, 4}, got[3]);
    }

    @Test
    void emptyBatchGivesNoRows() {
        int[][] got = graphIds(TestCorpus.vocabulary(), 7, List.of());
        assertEquals(0, got.length);
    }

    @Test
    void rejectsBadVocabularies() {
        assertThrows(BadInputException.class, () -> InGraphTokenizer.create(List.of("<pad>", "<start>", "<unk>"), 10));
        assertThrows(BadInputException.class,
                () -> InGraphTokenizer.create(List.of("<pad>", "<start>", "<unk>", "a", "a"), 10));
        assertThrows(BadInputException.class, () -> InGraphTokenizer.create(List.of("<pad>", "<start>", "<unk>", "a"), 0));
    }
}
