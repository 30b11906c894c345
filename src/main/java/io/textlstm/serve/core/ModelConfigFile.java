package io.textlstm.serve.core;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormat;
import com.google.protobuf.TextFormatParseInfoTree;
import com.google.protobuf.TextFormatParseLocation;
import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import io.textlstm.serve.proto.FileSystemStoragePathSource.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelConfig;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelConfigList;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF Serving's model config file ({@code --model-config-file}): a {@code ModelServerConfig} in protobuf's text format,
 * read with protobuf's own {@link TextFormat} parser over our declaration of TF Serving's proto
 * ({@code src/main/proto/tensorflow_serving/config/model_server_config.proto}), then checked as TF Serving's
 * {@code ServerCore} checks it, plus what textlstm does not do. A file that fails is refused with every problem on its
 * own line, each starting {@code FILE:LINE:COLUMN:} and naming the field; a config sent over gRPC
 * ({@code HandleReloadConfigRequest}) is checked by {@link #check(ModelServerConfig)} with the field's path in place
 * of the line (docs/serving.md, "Model config file").
 *
 * <p>Rules, TF Serving's first: the config is a {@code model_config_list} ({@code custom_model_config} needs a custom
 * loader, which textlstm has not); model names are unique; {@code model_platform} is {@code tensorflow} (or the
 * deprecated {@code model_type: TENSORFLOW}, not both). textlstm's own: a name is non-empty without {@code /} or
 * {@code :} (it is part of REST URLs), every model has a {@code base_path} (TF Serving wants it absolute; textlstm
 * also takes one relative to its working directory), a {@code specific} policy lists at least one version, a version
 * label is non-empty without {@code /} and names a version number of 0 or more, and {@code logging_config} (request
 * logging) is refused, since textlstm does not log requests. Whether a label's version is available is checked when
 * the config is applied, as TF Serving does.
 */
public final class ModelConfigFile {
    private ModelConfigFile() {}

    /** The only model platform there is in textlstm (TF Serving's name for SavedModels). */
    public static final String TENSORFLOW_PLATFORM = "tensorflow";

    /**
     * Reads and checks {@code file}.
     *
     * @throws BadInputException when the file cannot be read, does not parse, or breaks a rule above
     */
    public static ModelServerConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read the model config file " + file + ": " + DurableFiles.cause(e), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and checks the text of a model config file; {@code source} names it in messages. */
    public static ModelServerConfig parse(String text, String source) {
        ModelServerConfig.Builder builder = ModelServerConfig.newBuilder();
        TextFormatParseInfoTree.Builder tree = TextFormatParseInfoTree.builder();
        try {
            TextFormat.Parser.newBuilder().setParseInfoTreeBuilder(tree).build().merge(text, builder);
        } catch (TextFormat.ParseException e) {
            // protobuf's message starts with "LINE:COLUMN: "
            throw new BadInputException(source + ":" + e.getMessage(), e);
        }
        ModelServerConfig config = builder.build();
        if (config.getConfigCase() == ModelServerConfig.ConfigCase.CONFIG_NOT_SET) {
            throw new BadInputException(source + ": names no models: expected model_config_list { config { name: ... "
                    + "base_path: ... model_platform: \"tensorflow\" } ... }");
        }
        List<String> problems = problems(config, new FileLocations(source, tree.build()));
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
        return config;
    }

    /**
     * Checks a config that came without a file (HandleReloadConfigRequest); messages name the field's path.
     *
     * @throws BadInputException naming every problem
     */
    public static void check(ModelServerConfig config) {
        List<String> problems = problems(config, new FieldPaths());
        if (!problems.isEmpty()) {
            throw new BadInputException(String.join("\n", problems));
        }
    }

    /** The models of a checked config, for {@link ServingCore}: relative base paths are taken from the working folder. */
    public static List<ServedModelConfig> models(ModelServerConfig config) {
        List<ServedModelConfig> out = new ArrayList<>();
        for (ModelConfig m : config.getModelConfigList().getConfigList()) {
            out.add(new ServedModelConfig(m.getName(), Path.of(m.getBasePath()), policy(m.getModelVersionPolicy())));
        }
        return out;
    }

    /** The version labels of a checked config, by model (models without labels are absent). */
    public static Map<String, Map<String, Long>> labels(ModelServerConfig config) {
        Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
        for (ModelConfig m : config.getModelConfigList().getConfigList()) {
            if (m.getVersionLabelsCount() > 0) {
                out.put(m.getName(), Map.copyOf(m.getVersionLabelsMap()));
            }
        }
        return out;
    }

    /** TF Serving's policy: latest (num_versions 0 counts as 1, as TF Serving's source takes it), all or specific. */
    static VersionPolicy policy(ServableVersionPolicy p) {
        return switch (p.getPolicyChoiceCase()) {
            case ALL -> new VersionPolicy.All();
            case SPECIFIC -> new VersionPolicy.Specific(new java.util.TreeSet<>(p.getSpecific().getVersionsList()));
            case LATEST -> new VersionPolicy.Latest(Math.max(1, p.getLatest().getNumVersions()));
            default -> VersionPolicy.latest();
        };
    }

    /** Where a field is: a file's line and column, or a field path. */
    private interface Locations {
        /** The place of {@code field}'s {@code index}-th value inside the {@code config} entry {@code model}. */
        String of(int model, FieldDescriptor field, int index);

        /** The place of the {@code config} entry {@code model} itself. */
        String of(int model);

        /** The place of the whole config. */
        String top();
    }

    private static final FieldDescriptor LIST_FIELD = ModelServerConfig.getDescriptor()
            .findFieldByNumber(ModelServerConfig.MODEL_CONFIG_LIST_FIELD_NUMBER);
    private static final FieldDescriptor CONFIG_FIELD = ModelConfigList.getDescriptor()
            .findFieldByNumber(ModelConfigList.CONFIG_FIELD_NUMBER);

    private static FieldDescriptor field(int number) {
        return ModelConfig.getDescriptor().findFieldByNumber(number);
    }

    private static List<String> problems(ModelServerConfig config, Locations at) {
        List<String> problems = new ArrayList<>();
        if (config.getConfigCase() == ModelServerConfig.ConfigCase.CUSTOM_MODEL_CONFIG) {
            problems.add(at.top() + "custom_model_config needs a custom model loader, which textlstm serve has not; "
                    + "use model_config_list");
            return problems;
        }
        if (config.getConfigCase() != ModelServerConfig.ConfigCase.MODEL_CONFIG_LIST) {
            return problems;
        }
        Map<String, String> names = new HashMap<>();
        List<ModelConfig> models = config.getModelConfigList().getConfigList();
        for (int i = 0; i < models.size(); i++) {
            ModelConfig m = models.get(i);
            FieldDescriptor nameField = field(ModelConfig.NAME_FIELD_NUMBER);
            String nameAt = m.getName().isEmpty() ? at.of(i) : at.of(i, nameField, 0);
            if (m.getName().isEmpty() || !m.getName().matches("[^/:]+")) {
                problems.add(nameAt + "name '" + m.getName() + "' must be non-empty without '/' or ':'");
            } else {
                String first = names.putIfAbsent(m.getName(), nameAt);
                if (first != null) {
                    problems.add(nameAt + "model '" + m.getName() + "' is listed twice (first at " + first.strip()
                            .replaceAll(":$", "") + ")");
                }
            }
            String model = "model '" + m.getName() + "': ";
            if (m.getBasePath().isEmpty()) {
                problems.add(at.of(i) + model + "base_path is missing: the folder that holds the numbered versions");
            }
            String platformAt = m.getModelPlatform().isEmpty()
                    ? at.of(i, field(ModelConfig.MODEL_TYPE_FIELD_NUMBER), 0)
                    : at.of(i, field(ModelConfig.MODEL_PLATFORM_FIELD_NUMBER), 0);
            if (m.getModelType() != ModelType.MODEL_TYPE_UNSPECIFIED && !m.getModelPlatform().isEmpty()) {
                problems.add(platformAt + model + "set model_platform or the deprecated model_type, not both");
            } else if (m.getModelType() == ModelType.MODEL_TYPE_UNSPECIFIED && m.getModelPlatform().isEmpty()) {
                problems.add(at.of(i) + model + "model_platform is missing: textlstm serves SavedModels, model_platform: "
                        + "\"" + TENSORFLOW_PLATFORM + "\"");
            } else if (m.getModelType() == ModelType.OTHER || m.getModelType() == ModelType.UNRECOGNIZED
                    || !(m.getModelPlatform().isEmpty() || m.getModelPlatform().equals(TENSORFLOW_PLATFORM))) {
                problems.add(platformAt + model + "platform '" + (m.getModelPlatform().isEmpty() ? m.getModelType()
                        : m.getModelPlatform()) + "' is not served: textlstm serves SavedModels, model_platform: \""
                        + TENSORFLOW_PLATFORM + "\"");
            }
            ServableVersionPolicy policy = m.getModelVersionPolicy();
            if (policy.getPolicyChoiceCase() == ServableVersionPolicy.PolicyChoiceCase.SPECIFIC
                    && policy.getSpecific().getVersionsCount() == 0) {
                problems.add(at.of(i, field(ModelConfig.MODEL_VERSION_POLICY_FIELD_NUMBER), 0) + model
                        + "model_version_policy specific { } lists no versions: add versions: N");
            }
            FieldDescriptor labelsField = field(ModelConfig.VERSION_LABELS_FIELD_NUMBER);
            List<Map.Entry<String, Long>> labels = new ArrayList<>(m.getVersionLabelsMap().entrySet());
            for (int j = 0; j < labels.size(); j++) {
                String label = labels.get(j).getKey();
                long version = labels.get(j).getValue();
                if (label.isEmpty() || label.contains("/")) {
                    problems.add(at.of(i, labelsField, j) + model + "version label '" + label
                            + "' must be non-empty without '/'");
                }
                if (version < 0) {
                    problems.add(at.of(i, labelsField, j) + model + "version label '" + label + "' names version "
                            + version + "; versions are 0 or more");
                }
            }
            if (m.hasLoggingConfig()) {
                problems.add(at.of(i, field(ModelConfig.LOGGING_CONFIG_FIELD_NUMBER), 0) + model
                        + "logging_config (request logging) is not supported by textlstm serve; remove it");
            }
        }
        return problems;
    }

    /** Lines and columns from protobuf's parse info (1-based, as editors count). */
    private static final class FileLocations implements Locations {
        private final String source;
        private final TextFormatParseInfoTree tree;

        FileLocations(String source, TextFormatParseInfoTree tree) {
            this.source = source;
            this.tree = tree;
        }

        @Override
        public String of(int model, FieldDescriptor field, int index) {
            TextFormatParseInfoTree entry = tree.getNestedTree(LIST_FIELD, 0).getNestedTree(CONFIG_FIELD, model);
            // protobuf's maps keep the order their entries were read in, so the index of an entry is its place
            List<TextFormatParseLocation> found = entry.getLocations(field);
            return found.isEmpty() ? of(model) : where(found.get(Math.min(index, found.size() - 1)));
        }

        @Override
        public String of(int model) {
            return where(tree.getNestedTree(LIST_FIELD, 0).getLocation(CONFIG_FIELD, model));
        }

        @Override
        public String top() {
            return source + ": ";
        }

        private String where(TextFormatParseLocation l) {
            return source + ":" + (l.getLine() + 1) + ":" + (l.getColumn() + 1) + ": ";
        }
    }

    /** Field paths, for a config that has no file. */
    private static final class FieldPaths implements Locations {
        @Override
        public String of(int model, FieldDescriptor field, int index) {
            return "model_config_list.config[" + model + "]." + field.getName() + ": ";
        }

        @Override
        public String of(int model) {
            return "model_config_list.config[" + model + "]: ";
        }

        @Override
        public String top() {
            return "";
        }
    }
}
