package io.textlstm.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.ModelJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SavedModel;

/**
 * A textlstm SavedModel on disk, checked: resolves a base path to its highest <em>complete</em> numeric version
 * and says clearly what is missing when a folder is not a complete textlstm export. Like TF Serving's file-system
 * source, a higher version that is empty, incomplete or does not load is skipped (and the reason kept in
 * {@link #skipped()}) rather than hiding a good lower one.
 *
 * @param directory the version folder
 * @param version   its number, or -1 when the folder name is not numeric
 * @param labels    {@code assets/labels.txt}
 * @param modelInfo {@code assets.extra/model.json}
 * @param skipped   higher versions passed over, each as "{@code <folder>: <why>}"
 */
public record ModelDirectory(Path directory, long version, List<String> labels, JsonNode modelInfo, List<String> skipped) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelDirectory {
        skipped = List.copyOf(skipped);
    }

    /** {@code path} is a version folder (holds saved_model.pb) or a base path (holds numeric version folders). */
    public static ModelDirectory resolve(Path path) {
        return open(path, model -> model);
    }

    /**
     * Opens {@code path} with {@code opener}: a version folder as it is, a base path at its highest version that
     * passes the file checks and {@code opener} (which throws {@link BadInputException} saying why a version cannot
     * be used); the versions passed over are in the {@link #skipped()} of the model given to {@code opener}.
     */
    public static <T> T open(Path path, java.util.function.Function<ModelDirectory, T> opener) {
        if (!Files.exists(path)) {
            throw new BadInputException("model folder " + path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw new BadInputException(path + " is not a folder; give a SavedModel version folder or its base path");
        }
        if (Files.exists(path.resolve(ExportLayout.SAVED_MODEL_PB))) {
            return opener.apply(check(path, List.of()));
        }
        List<Long> versions = versions(path);
        if (versions.isEmpty()) {
            throw new BadInputException(path + " has no " + ExportLayout.SAVED_MODEL_PB
                    + " and no numeric version folders: not a SavedModel (expected savedmodel/<name> or savedmodel/<name>/<version>)");
        }
        List<String> skipped = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            Path dir = path.resolve(Long.toString(versions.get(i)));
            try {
                return opener.apply(check(dir, skipped));
            } catch (BadInputException e) {
                skipped.add(dir + ": " + e.getMessage());
            }
        }
        throw new BadInputException(path + " has no complete version: " + String.join("; ", skipped));
    }

    /** Numeric version folders, ascending. */
    static List<Long> versions(Path base) {
        List<Long> versions = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ExportLayout.isVersionName(name) && Files.isDirectory(p)) {
                    versions.add(Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + base + ": " + DurableFiles.cause(e), e);
        }
        java.util.Collections.sort(versions);
        return versions;
    }

    private static ModelDirectory check(Path dir, List<String> skipped) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is not a folder");
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                throw new BadInputException(dir + " is empty");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + DurableFiles.cause(e), e);
        }
        require(dir, ExportLayout.SAVED_MODEL_PB, "the graph");
        require(dir, ExportLayout.VARIABLES_DIR + "/variables.index", "the trained weights");
        require(dir, ExportLayout.VARIABLES_DIR + "/variables.data-00000-of-00001", "the trained weights");
        Path modelJson = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.MODEL_JSON);
        if (!Files.isRegularFile(modelJson)) {
            throw new BadInputException(dir + " is not a textlstm export: " + ExportLayout.ASSETS_EXTRA_DIR + "/"
                    + ExportLayout.MODEL_JSON + " is missing");
        }
        JsonNode info;
        try {
            info = JSON.readTree(modelJson.toFile());
        } catch (IOException e) {
            throw new BadInputException(modelJson + " is not valid JSON: " + e.getMessage(), e);
        }
        if (ModelJson.facts(info).isMissingNode()) {
            throw new BadInputException(dir + " is not a textlstm export: " + modelJson
                    + " has no \"format\": \"" + ExportLayout.FORMAT + "\"");
        }
        require(dir, ExportLayout.ASSETS_DIR + "/" + ExportLayout.LABELS_FILE, "the class names");
        require(dir, ExportLayout.ASSETS_DIR + "/" + ExportLayout.VOCAB_FILE, "the vocabulary");
        List<String> labels;
        try {
            labels = new ArrayList<>(Files.readAllLines(dir.resolve(ExportLayout.ASSETS_DIR).resolve(ExportLayout.LABELS_FILE),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException("cannot read labels of " + dir + ": " + DurableFiles.cause(e), e);
        }
        labels.removeIf(String::isEmpty);
        if (labels.size() < 2) {
            throw new BadInputException(dir.resolve(ExportLayout.ASSETS_DIR).resolve(ExportLayout.LABELS_FILE)
                    + " must list at least 2 labels, one per line; found " + labels.size());
        }
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        long version = ExportLayout.isVersionName(name) ? Long.parseLong(name) : -1;
        return new ModelDirectory(dir, version, List.copyOf(labels), info, skipped);
    }

    private static void require(Path dir, String relative, String what) {
        if (!Files.isRegularFile(dir.resolve(relative))) {
            throw new BadInputException(dir + " is incomplete: " + relative + " (" + what + ") is missing");
        }
    }

    /** {@code max_length} from model.json. */
    public int maxLength() {
        return ModelJson.facts(modelInfo).path(ModelJson.MAX_LENGTH).asInt(-1);
    }

    /** {@code vocabulary_size} from model.json. */
    public int vocabularySize() {
        return ModelJson.facts(modelInfo).path(ModelJson.VOCABULARY_SIZE).asInt(-1);
    }

    /** model.json as plain Java maps and lists. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> modelInfoMap() {
        return JSON.convertValue(modelInfo, Map.class);
    }

    /** The export's {@code saved_model.pb}, parsed: its MetaGraphs and their SignatureDefs. */
    public SavedModel savedModel() {
        Path pb = directory.resolve(ExportLayout.SAVED_MODEL_PB);
        try {
            return SavedModel.parseFrom(Files.readAllBytes(pb));
        } catch (InvalidProtocolBufferException e) {
            throw new BadInputException(pb + " is not a valid SavedModel: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + pb + ": " + DurableFiles.cause(e), e);
        }
    }
}
