package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.model.TestWeights;
import io.textlstm.text.SequenceEncoder;
import io.textlstm.text.Vocabulary;
import io.textlstm.train.Adam;
import io.textlstm.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported LSTM computes bit for bit what the training session's inference computes, from raw text in a
 * fresh JVM with TF Java only (the C++ loader TF Serving uses), and from ids in process.
 */
@Tag("slow") // starts a JVM
class LstmExportTest {
    @TempDir Path tmp;

    @ParameterizedTest(name = "classes={0}")
    @ValueSource(ints = {2, 3})
    void exportedModelMatchesTrainingSessionBitwise(int classes) throws Exception {
        List<String> texts = new ArrayList<>(TestCorpus.texts());
        texts.addAll(ExportRequest.DEFAULT_WARMUP_TEXTS);
        Vocabulary vocab = Vocabulary.build(TestCorpus.texts(), 50);
        ModelConfig config = ModelConfig.builder().numWords(vocab.size()).maxLength(20).embeddingDim(8).units(8)
                .numClasses(classes).build();
        // Non-default weights so that every output differs noticeably.
        ModelWeights weights = TestWeights.scaled(ModelWeights.initial(config, 5), 4f);
        SequenceEncoder encoder = new SequenceEncoder(vocab, 20);
        int[] ids = new int[texts.size() * 20];
        for (int i = 0; i < texts.size(); i++) {
            System.arraycopy(encoder.encode(texts.get(i)), 0, ids, i * 20, 20);
        }
        float[] expected;
        try (TrainingSession s = new TrainingSession(config, Adam.Config.keras(), 1, 1, 1)) {
            s.initialize(weights);
            expected = s.predictProbabilities(ids, texts.size());
        }
        List<String> labels = classes == 2 ? List.of("negative", "positive") : List.of("a", "b", "c");
        ExportResult export = ModelExport.export(tmp.resolve("m"), OptionalLong.empty(), config, weights, vocab.tokens(),
                labels, vocab.sha256(), Map.of("note", "test"), ExportLayout.DEFAULT_EXAMPLE_FEATURE);
        int width = config.outputUnits();

        String out = ChildJvm.freshJvmLoad(tmp, export.directory(), texts);
        List<String> rows = out.lines().filter(l -> l.startsWith("row ")).toList();
        assertEquals(texts.size(), rows.size(), out);
        List<String> labelsTxt = Files.readAllLines(export.directory().resolve("assets/labels.txt"));
        assertEquals(labels, labelsTxt);
        for (int i = 0; i < texts.size(); i++) {
            String[] f = rows.get(i).split(" ");
            // the served label is labels.txt's line for the served class id
            assertEquals(labelsTxt.get(Integer.parseInt(f[f.length - 2])), f[f.length - 1], "label of text " + i);
            for (int k = 0; k < width; k++) {
                assertEquals(Float.floatToRawIntBits(expected[i * width + k]), (int) Long.parseLong(f[1 + k], 16),
                        "text " + i + " class " + k + ": " + texts.get(i));
            }
        }
        try (TextClassifier c = TextClassifier.load(tmp.resolve("m"))) {
            List<Prediction> p = c.predict(texts);
            int[][] rowsIds = new int[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                rowsIds[i] = encoder.encode(texts.get(i));
                assertEquals(expected[i * width], p.get(i).probabilities()[0], 0f, "client, text " + i);
            }
            float[][] fromIds = c.predictIds(rowsIds);
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(expected[i * width], fromIds[i][0], 0f, "predict_ids, text " + i);
            }
        }
    }
}
