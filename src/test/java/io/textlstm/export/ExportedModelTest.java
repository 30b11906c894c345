package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/** An export read back and exported again: the same weights and answers, bit for bit, with today's signatures. */
class ExportedModelTest {

    @TempDir Path tmp;

    @Test
    void anExportExportedAgainAnswersTheSameWithTheNewSignatures() throws Exception {
        List<String> vocab = TestCorpus.vocabulary();
        ModelConfig config = ModelConfig.builder().numWords(vocab.size()).maxLength(20).embeddingDim(8).units(8)
                .numClasses(2).build();
        ModelWeights weights = ModelWeights.initial(config, 3);
        Path base = tmp.resolve("m");
        String sha = ExportAssets.sha256(ExportAssets.lines(vocab));
        ExportResult first = ModelExport.export(base, OptionalLong.empty(), config, weights, vocab,
                ExportFixtures.BINARY_LABELS, sha, Map.of("note", "run"), ExportLayout.DEFAULT_EXAMPLE_FEATURE);

        ExportedModel read = ExportedModel.read(first.directory());
        assertEquals(config, read.config());
        assertEquals(vocab, read.vocabulary());
        assertEquals(ExportFixtures.BINARY_LABELS, read.labels());
        assertEquals("run", read.metrics().get("note"));
        for (String name : ModelWeights.NAMES) {
            assertEquals(java.util.Arrays.toString(weights.asMap().get(name)), java.util.Arrays.toString(read.weights().asMap().get(name)), name);
        }
        ExportResult again = ModelExport.export(base, OptionalLong.empty(), read.config(), read.weights(), read.vocabulary(),
                read.labels(), read.vocabularySha256(), read.metrics(), "review");
        assertEquals(2, again.version());
        float[][] a = first.warmupProbabilities();
        float[][] b = again.warmupProbabilities();
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i][0]), Float.floatToRawIntBits(b[i][0]), "text " + i);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(again.directory().toString(), ExportLayout.TAG)) {
            assertTrue(bundle.metaGraphDef().getSignatureDefMap().containsKey(ExportLayout.CLASSIFY));
        }
    }

    @Test
    void aFolderThatIsNotAnExportIsNamed() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("x/1"));
        String m = assertThrows(BadInputException.class, () -> ExportedModel.read(empty)).getMessage();
        assertTrue(m.contains("model.json"), m);
        String missing = assertThrows(BadInputException.class, () -> ExportedModel.read(tmp.resolve("nope"))).getMessage();
        assertTrue(missing.contains("is not a folder"), missing);
    }
}
