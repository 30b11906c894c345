package io.textlstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.client.ModelDirectory;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.ExportResult;
import io.textlstm.export.ModelExport;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Writes the weights of an existing export again with this build's export code (graph, tokenizer, signatures): how
 * a change to the inference graph is compared with the committed model on the same weights (tools/profile-serving,
 * {@link ExportComparison}), and how the committed model is brought up to date without retraining.
 *
 * <p>Usage: {@code Reexport FROM_EXPORT TO_BASE_PATH [VERSION]}; prints the new version folder.
 */
public final class Reexport {
    private Reexport() {}

    public static void main(String[] args) throws Exception {
        ModelDirectory from = ModelDirectory.resolve(Path.of(args[0]));
        Path dir = from.directory();
        JsonNode info = new ObjectMapper().readTree(dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.MODEL_JSON).toFile());
        ModelConfig config = new ObjectMapper().convertValue(info.get("config"), ModelConfig.class);
        List<String> vocabulary = Files.readAllLines(dir.resolve(ExportLayout.ASSETS_DIR).resolve(ExportLayout.VOCAB_FILE),
                StandardCharsets.UTF_8);
        Map<String, float[]> values = new LinkedHashMap<>();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            for (String name : ModelWeights.NAMES) {
                try (Result r = bundle.session().runner().fetch("network/" + name).run()) {
                    TFloat32 t = (TFloat32) r.get(0);
                    float[] v = new float[(int) t.size()];
                    t.copyTo(DataBuffers.of(v, false, false));
                    values.put(name, v);
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = new ObjectMapper().convertValue(info.get("metrics"), Map.class);
        OptionalLong version = args.length > 2 ? OptionalLong.of(Long.parseLong(args[2])) : OptionalLong.empty();
        ExportResult result = ModelExport.export(Path.of(args[1]), version, config, new ModelWeights(values), vocabulary,
                from.labels(), info.get("vocabulary_sha256").asText(), metrics);
        System.out.println(result.directory());
    }
}
