package io.textlstm.spark;

import io.textlstm.export.ExportRequest;
import io.textlstm.export.ExportResult;
import io.textlstm.export.LstmInferenceNetwork;
import io.textlstm.export.SavedModelExporter;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny real exports (vocabulary 50, length 20, 8 units) made with the core's public export API. */
final class TinyExports {
    private TinyExports() {}

    static final List<String> THREE_LABELS = List.of("bad", "good", "meh");

    /** Words of the tiny vocabulary after the reserved ids 0-2. */
    static final List<String> WORDS = List.of("the", "movie", "was", "great", "bad", "plot", "actors", "loved",
            "it", "dull", "waste", "hours", "wonderful", "cast", "boring", "fun", "story", "music", "best", "worst");

    /** An LSTM export with three classes and seeded initial weights, at {@code base}/1. */
    static ExportResult threeClasses(Path base) throws IOException {
        List<String> vocab = new ArrayList<>(List.of("<pad>", "<start>", "<unk>"));
        for (int i = 0; vocab.size() < 50; i++) {
            vocab.add(i < WORDS.size() ? WORDS.get(i) : "w" + i);
        }
        ModelConfig config = ModelConfig.builder().numWords(vocab.size()).maxLength(20).embeddingDim(8).units(8)
                .numClasses(THREE_LABELS.size()).build();
        // scaled-up initial weights so that different texts land in different classes
        ModelWeights initial = ModelWeights.initial(config, 11);
        var scaled = new java.util.LinkedHashMap<String, float[]>();
        initial.asMap().forEach((name, values) -> {
            float[] v = values.clone();
            for (int i = 0; i < v.length; i++) {
                v[i] *= 20f;
            }
            scaled.put(name, v);
        });
        return new SavedModelExporter().export(ExportRequest.builder()
                .basePath(base)
                .version(1)
                .network(new LstmInferenceNetwork(config, new ModelWeights(scaled)))
                .vocabulary(vocab)
                .labels(THREE_LABELS)
                .maxLength(config.maxLength())
                .build());
    }
}
