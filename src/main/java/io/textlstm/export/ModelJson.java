package io.textlstm.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.textlstm.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code assets.extra/model.json}: what an export is and how it was made. The schema's one home: written once per
 * export by {@link #write}, read through {@link #facts}; documented in docs/savedmodel.md ("model.json").
 *
 * @param created           ISO-8601 UTC time of the export
 * @param modelName         the base folder's name
 * @param labels            class names, as in {@code labels.txt}
 * @param maxLength         sequence length
 * @param vocabularySize    lines of {@code vocab.txt}
 * @param vocabularySha256  SHA-256 (hex) of {@code vocab.txt}
 * @param config            the network's configuration, or null to leave it out
 * @param metrics           the training run's metrics, or null to leave them out
 * @param exampleFeature    the tf.Example feature that holds the text in the classify and regress signatures
 */
public record ModelJson(String created, String modelName, List<String> labels, int maxLength, int vocabularySize,
        String vocabularySha256, Object config, Map<String, Object> metrics, String exampleFeature) {

    public static final String FORMAT = "format";
    public static final String FORMAT_VERSION = "format_version";
    public static final String TEXTLSTM_VERSION = "textlstm_version";
    public static final String TENSORFLOW_VERSION = "tensorflow_version";
    public static final String MAX_LENGTH = "max_length";
    public static final String VOCABULARY_SIZE = "vocabulary_size";
    public static final String METRICS = "metrics";
    public static final String EXAMPLE_FEATURE = "example_feature";
    /** Where format_version 1 exports kept the exporter's facts (docs/savedmodel.md). */
    private static final String LEGACY_EXPORT = "export";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** model.json for {@code request}, exported now into {@code modelName}, with {@code vocab.txt} of that hash. */
    static ModelJson of(ExportRequest request, String modelName, String vocabularySha256) {
        return new ModelJson(Instant.now().toString(), modelName, request.labels(), request.maxLength(),
                request.vocabulary().size(), vocabularySha256, request.config(), request.metrics(),
                request.exampleFeature());
    }

    /** The file's content, in the documented field order. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FORMAT, ExportLayout.FORMAT);
        m.put(FORMAT_VERSION, ExportLayout.FORMAT_VERSION);
        m.put("created", created);
        m.put(TEXTLSTM_VERSION, Versions.textlstm());
        m.put(TENSORFLOW_VERSION, Versions.tensorflow());
        m.put("model_name", modelName);
        m.put("tag", ExportLayout.TAG);
        Map<String, String> signatures = new TreeMap<>();
        signatures.put(ExportLayout.SERVING_DEFAULT,
                "text string[-1] -> probabilities float[-1,K], class_ids int64[-1], labels string[-1]");
        signatures.put(ExportLayout.PREDICT_IDS, "ids int32[-1," + maxLength + "] -> probabilities float[-1,K]");
        String examples = "inputs string[-1] (serialized tf.Example, text in feature '" + exampleFeature + "') -> ";
        signatures.put(ExportLayout.CLASSIFY, examples + "classes string[-1," + labels.size() + "], scores float[-1,"
                + labels.size() + "]");
        if (ExampleSignatures.regresses(labels)) {
            signatures.put(ExportLayout.REGRESS, examples + "outputs float[-1] (P(" + labels.get(1) + "))");
        }
        m.put("signatures", signatures);
        m.put(EXAMPLE_FEATURE, exampleFeature);
        m.put("labels", labels);
        m.put(MAX_LENGTH, maxLength);
        m.put(VOCABULARY_SIZE, vocabularySize);
        m.put("vocabulary_sha256", vocabularySha256);
        Map<String, String> tokenizer = new LinkedHashMap<>();
        tokenizer.put("lowercase", "StringLower utf-8");
        tokenizer.put("line_breaks", InGraphTokenizer.BR_PATTERN);
        tokenizer.put("non_token", InGraphTokenizer.NON_TOKEN_PATTERN);
        tokenizer.put("lookup", "exact (sorted fingerprint search + string equality), unknown -> 2");
        tokenizer.put("sequence", "prepend 1, keep last max_length, left-pad 0");
        m.put("tokenizer", tokenizer);
        if (config != null) {
            m.put("config", config);
        }
        if (metrics != null) {
            m.put(METRICS, metrics);
        }
        return m;
    }

    void write(Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(toMap()));
    }

    /**
     * The object of a parsed model.json that holds the export's facts ({@link #MAX_LENGTH}, {@link #VOCABULARY_SIZE},
     * the versions): the file itself, or its {@code export} object in a format_version 1 export; a missing node when
     * {@code info} is not a textlstm export's model.json. {@link #METRICS} is at the top level in both.
     */
    public static JsonNode facts(JsonNode info) {
        if (ExportLayout.FORMAT.equals(info.path(FORMAT).asText())) {
            return info;
        }
        JsonNode legacy = info.path(LEGACY_EXPORT);
        if (ExportLayout.FORMAT.equals(legacy.path(FORMAT).asText())) {
            return legacy;
        }
        return MissingNode.getInstance();
    }
}
