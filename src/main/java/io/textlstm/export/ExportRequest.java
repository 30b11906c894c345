package io.textlstm.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What to export: an immutable value, built with {@link #builder()}.
 *
 * @param basePath    {@code savedmodel/<name>}: the folder TF Serving polls; versions go below it
 * @param version     explicit version, or empty for highest existing + 1
 * @param network     the trained network
 * @param vocabulary  tokens, index = id; 0 {@code <pad>}, 1 {@code <start>}, 2 {@code <unk>}
 * @param labels      class names, index = class id (2 for a binary model whose network outputs one column)
 * @param maxLength   sequence length the network was trained with
 * @param config      the network's configuration for {@code assets.extra/model.json}, or null to leave it out
 * @param metrics     the training run's metrics for {@code assets.extra/model.json}, or null to leave them out
 * @param warmupTexts texts for {@code assets.extra/tf_serving_warmup_requests} and the export's self-check
 * @param exampleFeature the tf.Example feature that holds the text in the {@code classify} and {@code regress}
 *     signatures' serialized Examples ({@link ExportLayout#DEFAULT_EXAMPLE_FEATURE} unless set)
 */
public record ExportRequest(
        Path basePath,
        OptionalLong version,
        InferenceNetwork network,
        List<String> vocabulary,
        List<String> labels,
        int maxLength,
        Object config,
        Map<String, Object> metrics,
        List<String> warmupTexts,
        String exampleFeature) {

    /** Used when the caller gives no warmup texts. */
    public static final List<String> DEFAULT_WARMUP_TEXTS = List.of(
            "I loved it",
            "Dull.",
            "One of the best films I have seen this year.<br /><br />The cast is wonderful.",
            "",
            "A waste of two hours: the plot makes no sense and the acting is wooden.");

    public ExportRequest {
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(network, "network");
        vocabulary = List.copyOf(Objects.requireNonNull(vocabulary, "vocabulary"));
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        metrics = metrics == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        warmupTexts = List.copyOf(Objects.requireNonNull(warmupTexts, "warmupTexts"));
        if (version.isPresent() && version.getAsLong() < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version.getAsLong());
        }
        if (exampleFeature == null || exampleFeature.isEmpty()) {
            throw new IllegalArgumentException("the tf.Example feature that holds the text needs a name");
        }
        if (warmupTexts.isEmpty()) {
            throw new IllegalArgumentException("at least one warmup text is needed (it also drives the self-check)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Path basePath;
        private OptionalLong version = OptionalLong.empty();
        private InferenceNetwork network;
        private List<String> vocabulary;
        private List<String> labels;
        private int maxLength;
        private Object config;
        private Map<String, Object> metrics;
        private List<String> warmupTexts = DEFAULT_WARMUP_TEXTS;
        private String exampleFeature = ExportLayout.DEFAULT_EXAMPLE_FEATURE;

        private Builder() {}

        public Builder basePath(Path basePath) { this.basePath = basePath; return this; }
        public Builder version(long version) { this.version = OptionalLong.of(version); return this; }
        public Builder version(OptionalLong version) { this.version = version; return this; }
        public Builder network(InferenceNetwork network) { this.network = network; return this; }
        public Builder vocabulary(List<String> vocabulary) { this.vocabulary = vocabulary; return this; }
        /** The training vocabulary; its {@code sha256()} equals model.json's {@code vocabulary_sha256}. */
        public Builder vocabulary(io.textlstm.text.Vocabulary vocabulary) { this.vocabulary = vocabulary.tokens(); return this; }
        public Builder labels(List<String> labels) { this.labels = labels; return this; }
        public Builder maxLength(int maxLength) { this.maxLength = maxLength; return this; }
        /** Written as model.json's {@code config} with Jackson (a record, a map). */
        public Builder config(Object config) { this.config = config; return this; }
        /** Written as model.json's {@code metrics}. */
        public Builder metrics(Map<String, Object> metrics) { this.metrics = metrics; return this; }
        public Builder warmupTexts(List<String> warmupTexts) { this.warmupTexts = warmupTexts; return this; }
        public Builder exampleFeature(String exampleFeature) { this.exampleFeature = exampleFeature; return this; }

        public ExportRequest build() {
            return new ExportRequest(basePath, version, network, vocabulary, labels, maxLength, config, metrics, warmupTexts,
                    exampleFeature);
        }
    }
}
