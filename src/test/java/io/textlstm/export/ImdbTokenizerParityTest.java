package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.text.SequenceEncoder;
import io.textlstm.text.Tokenizer;
import io.textlstm.text.Vocabulary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/** docs/data.md, docs/savedmodel.md: the in-graph ids equal the Java tokenizer's ids for every one of the 25,000 IMDB test reviews. */
@Tag("slow") // reads all 50,000 IMDB reviews
class ImdbTokenizerParityTest {

    static RawDataset imdb;

    @BeforeAll
    static void load() {
        imdb = DatasetLoader.load(DataSettings.defaults());
        assertEquals(25_000, imdb.test().size());
    }

    @Test
    void defaultVocabularyAndLength() {
        check(Vocabulary.build(imdb.train().stream().map(LabeledText::text).toList(), 5000), 500);
    }

    /** Every training word has an id: exercises the lookup on ~75k words and the truncation of long reviews. */
    @Test
    void fullVocabularyShortSequences() {
        check(Vocabulary.build(imdb.train().stream().map(LabeledText::text).toList(), Integer.MAX_VALUE), 100);
    }

    static void check(Vocabulary vocab, int maxLength) {
        SequenceEncoder encoder = new SequenceEncoder(vocab, maxLength);
        InGraphTokenizer tok = InGraphTokenizer.create(vocab.tokens(), maxLength);
        List<String> texts = imdb.test().stream().map(LabeledText::text).toList();
        int mismatches = 0;
        StringBuilder report = new StringBuilder();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TString> text = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
            Operand<TInt32> ids = tok.ids(tf, text);
            int batch = 1000;
            for (int start = 0; start < texts.size(); start += batch) {
                List<String> b = texts.subList(start, Math.min(texts.size(), start + batch));
                try (TString in = TString.vectorOf(b.toArray(new String[0]));
                        var r = s.runner().feed(text, in).fetch(ids).run()) {
                    TInt32 out = (TInt32) r.get(0);
                    int[] row = new int[maxLength];
                    for (int i = 0; i < b.size(); i++) {
                        for (int j = 0; j < maxLength; j++) {
                            row[j] = out.getInt(i, j);
                        }
                        int[] want = encoder.encode(b.get(i));
                        if (!Arrays.equals(want, row)) {
                            if (mismatches++ < 3) {
                                report.append("\nreview ").append(start + i).append(": ")
                                        .append(Tokenizer.tokenize(b.get(i)).subList(0, 5)).append("...\n java  ")
                                        .append(Arrays.toString(want)).append("\n graph ").append(Arrays.toString(row));
                            }
                        }
                    }
                }
            }
        }
        if (mismatches > 0) {
            fail(mismatches + " of " + texts.size() + " reviews differ (vocabulary " + vocab.size() + ", max length "
                    + maxLength + ")" + report);
        }
    }
}
