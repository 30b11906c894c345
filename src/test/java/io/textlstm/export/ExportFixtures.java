package io.textlstm.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Exports of the {@link StandInNetwork} for tests. */
public final class ExportFixtures {
    private ExportFixtures() {}

    public static final List<String> BINARY_LABELS = List.of("negative", "positive");
    public static final int MAX_LENGTH = 20;

    public static ExportRequest.Builder binary(Path base) {
        List<String> vocab = TestCorpus.vocabulary();
        return ExportRequest.builder()
                .basePath(base)
                .network(new StandInNetwork(vocab.size(), 8, 1, 42))
                .vocabulary(vocab)
                .labels(BINARY_LABELS)
                .maxLength(MAX_LENGTH)
                .config(Map.of("num_words", vocab.size(), "max_length", MAX_LENGTH))
                .metrics(Map.of("test_accuracy", 0.5));
    }

    public static ExportResult exportBinary(Path base) throws IOException {
        return new SavedModelExporter().export(binary(base).build());
    }

    public static ExportResult exportThreeClasses(Path base) throws IOException {
        List<String> vocab = TestCorpus.vocabulary();
        return new SavedModelExporter().export(ExportRequest.builder()
                .basePath(base)
                .network(new StandInNetwork(vocab.size(), 8, 3, 7))
                .vocabulary(vocab)
                .labels(List.of("bad", "meh", "good"))
                .maxLength(12)
                .build());
    }

    /** Java-side ids of {@code text} for the fixture vocabulary ({@link io.textlstm.text.SequenceEncoder}). */
    public static int[] javaIds(String text, int maxLength) {
        return new io.textlstm.text.SequenceEncoder(TestCorpus.javaVocabulary(), maxLength).encode(text);
    }
}
