package io.textlstm.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.BadInputException;
import io.textlstm.data.TextFiles;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A textlstm export read back into what made it: the network's configuration (model.json's {@code config}), its
 * trained weights (the graph's {@code network/*} variables, as {@link ServingGraph} names them), the vocabulary,
 * labels and run metrics. {@code textlstm export --savedmodel DIR} exports it again with the current exporter, so an
 * export made before a signature existed (such as {@code classify}) gains it without its run folder.
 */
public record ExportedModel(Path directory, ModelConfig config, ModelWeights weights, List<String> vocabulary,
        List<String> labels, Map<String, Object> metrics) {

    /** The variable scope of the network in the serving graph ({@link ServingGraph}). */
    static final String NETWORK_SCOPE = "network";

    /**
     * Reads the version folder {@code dir}.
     *
     * @throws BadInputException naming what is missing: model.json or its {@code config}, vocab.txt, labels.txt, or a
     *     weight the graph lacks
     */
    public static ExportedModel read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is not a folder (give a version folder, such as savedmodel/imdb_lstm/1)");
        }
        Path json = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.MODEL_JSON);
        JsonNode info;
        try {
            info = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + json + ": " + e.getMessage(), e);
        }
        if (ModelJson.facts(info).isMissingNode()) {
            throw new BadInputException(json + " is not a textlstm export's model.json");
        }
        JsonNode configNode = info.get("config");
        if (configNode == null || !configNode.isObject()) {
            throw new BadInputException(json + " has no network configuration ('config'): export from the run folder "
                    + "instead (textlstm export --checkpoint RUN_DIR)");
        }
        ObjectMapper mapper = new ObjectMapper();
        ModelConfig config;
        try {
            config = mapper.convertValue(configNode, ModelConfig.class);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(json + ": 'config' is not a network configuration: " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = info.has(ModelJson.METRICS)
                ? mapper.convertValue(info.get(ModelJson.METRICS), LinkedHashMap.class) : null;
        Path assets = dir.resolve(ExportLayout.ASSETS_DIR);
        List<String> vocabulary = TextFiles.readLines(assets.resolve(ExportLayout.VOCAB_FILE), "the export's vocabulary");
        List<String> labels = TextFiles.readLines(assets.resolve(ExportLayout.LABELS_FILE), "the export's labels");
        Map<String, float[]> values = new LinkedHashMap<>();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            Session s = bundle.session();
            for (String name : ModelWeights.NAMES) {
                String op = NETWORK_SCOPE + "/" + name;
                if (bundle.graph().operation(op) == null) {
                    throw new BadInputException(dir + " has no variable " + op + ": not an export of textlstm's LSTM");
                }
                try (Result r = s.runner().fetch(op).run()) {
                    TFloat32 t = (TFloat32) r.get(0);
                    float[] v = new float[(int) t.shape().size()];
                    t.copyTo(DataBuffers.of(v, false, false));
                    values.put(name, v);
                }
            }
        }
        return new ExportedModel(dir, config, new ModelWeights(values), vocabulary, labels, metrics);
    }

    /** The vocabulary's hash as the exporter checks it (model.json's {@code vocabulary_sha256}). */
    public String vocabularySha256() {
        return ExportAssets.sha256(ExportAssets.lines(vocabulary));
    }
}
