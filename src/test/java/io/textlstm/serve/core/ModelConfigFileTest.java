package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.serve.proto.FileSystemStoragePathSource.FileSystemStoragePathSourceConfig.ServableVersionPolicy;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelConfig;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TF Serving's model config file, read as TF Serving reads it; a bad one is refused naming the line and field. */
class ModelConfigFileTest {

    @TempDir Path tmp;

    /** The example of TF Serving's docs (serving_config.md), with every policy and labels. */
    static final String TWO_MODELS = """
            model_config_list {
              config {
                name: 'imdb'
                base_path: '/models/imdb'
                model_platform: 'tensorflow'
                model_version_policy {
                  specific {
                    versions: 1
                    versions: 2
                  }
                }
                version_labels {
                  key: 'stable'
                  value: 1
                }
                version_labels {
                  key: 'canary'
                  value: 2
                }
              }
              config {
                name: "topics"
                base_path: "models/topics"
                model_platform: "tensorflow"
                model_version_policy { latest { num_versions: 2 } }
              }
              config {
                name: "all"
                base_path: "/models/all"
                model_type: TENSORFLOW
                model_version_policy: { all: {} }
              }
            }
            """;

    @Test
    void readsTfServingsTextFormat() throws Exception {
        Path file = tmp.resolve("models.config");
        Files.writeString(file, TWO_MODELS);
        ModelServerConfig c = ModelConfigFile.read(file);
        List<ModelConfig> models = c.getModelConfigList().getConfigList();
        assertEquals(List.of("imdb", "topics", "all"), models.stream().map(ModelConfig::getName).toList());
        assertEquals("/models/imdb", models.get(0).getBasePath());
        assertEquals(List.of(1L, 2L), models.get(0).getModelVersionPolicy().getSpecific().getVersionsList());
        assertEquals(Map.of("stable", 1L, "canary", 2L), models.get(0).getVersionLabelsMap());
        assertEquals(List.of("stable", "canary"), List.copyOf(models.get(0).getVersionLabelsMap().keySet()),
                "entries keep the file's order");
        assertEquals(2, models.get(1).getModelVersionPolicy().getLatest().getNumVersions());
        assertEquals(ServableVersionPolicy.PolicyChoiceCase.ALL,
                models.get(2).getModelVersionPolicy().getPolicyChoiceCase());
    }

    static String refusal(String text) {
        return assertThrows(BadInputException.class, () -> ModelConfigFile.parse(text, "m.config")).getMessage();
    }

    @Test
    void aSyntaxErrorNamesTheLineColumnAndField() {
        String m = refusal("model_config_list {\n  config {\n    name: 'a'\n    basepath: '/x'\n  }\n}\n");
        assertTrue(m.startsWith("m.config:4:"), m);
        assertTrue(m.contains("basepath"), m);
        m = refusal("model_config_list {\n  config {\n    name: 'a'\n    base_path: '/x'\n");
        assertTrue(m.startsWith("m.config:"), m);
        m = refusal("model_config_list { config { name: 'a' base_path: '/x' model_version_policy { latest { num_versions: -1 } } } }");
        assertTrue(m.startsWith("m.config:1:"), m);
    }

    @Test
    void tfServingsRulesAreCheckedWithTheLine() {
        String m = refusal("""
                model_config_list {
                  config { name: 'a' base_path: '/x' model_platform: 'tensorflow' }
                  config {
                    name: 'a'
                    base_path: '/y'
                    model_platform: 'tensorflow'
                  }
                }
                """);
        assertEquals("m.config:4:5: model 'a' is listed twice (first at m.config:2:12)", m);
        m = refusal("model_config_list {\n  config {\n    name: 'a'\n    base_path: '/x'\n  }\n}\n");
        assertTrue(m.startsWith("m.config:2:3: model 'a': model_platform is missing"), m);
        m = refusal("model_config_list {\n config {\n  name: 'a'\n  base_path: '/x'\n  model_platform: 'pytorch'\n }\n}\n");
        assertTrue(m.startsWith("m.config:5:3: model 'a': platform 'pytorch' is not served"), m);
        m = refusal("model_config_list {\n config {\n  name: 'a'\n  base_path: '/x'\n  model_type: TENSORFLOW\n"
                + "  model_platform: 'tensorflow'\n }\n}\n");
        assertTrue(m.startsWith("m.config:6:3:") && m.contains("not both"), m);
    }

    @Test
    void textlstmsOwnRulesAreCheckedWithTheLineAndEveryProblemIsListed() {
        String m = refusal("""
                model_config_list {
                  config {
                    name: 'a/b'
                    model_platform: 'tensorflow'
                    model_version_policy { specific { } }
                    version_labels { key: 'stable' value: -3 }
                    logging_config { sampling_config { sampling_rate: 0.5 } }
                  }
                }
                """);
        List<String> lines = m.lines().toList();
        assertEquals(5, lines.size(), m);
        assertTrue(lines.get(0).startsWith("m.config:3:5: name 'a/b' must be non-empty without '/' or ':'"), m);
        assertTrue(lines.get(1).startsWith("m.config:2:3: model 'a/b': base_path is missing"), m);
        assertTrue(lines.get(2).startsWith("m.config:5:5: model 'a/b': model_version_policy specific { } lists no versions"), m);
        assertTrue(lines.get(3).startsWith("m.config:6:5: model 'a/b': version label 'stable' names version -3"), m);
        assertTrue(lines.get(4).startsWith("m.config:7:5: model 'a/b': logging_config (request logging) is not supported"), m);
    }

    @Test
    void anEmptyOrCustomConfigIsRefused() {
        assertTrue(refusal("# nothing\n").startsWith("m.config: names no models"));
        assertTrue(refusal("custom_model_config { type_url: 'x' }").contains("custom_model_config needs a custom model loader"));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = tmp.resolve("nope.config");
        String m = assertThrows(BadInputException.class, () -> ModelConfigFile.read(missing)).getMessage();
        assertTrue(m.contains(missing.toString()), m);
    }

    @Test
    void aConfigWithoutAFileNamesTheFieldPath() {
        ModelServerConfig c = ModelServerConfig.newBuilder().setModelConfigList(
                io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelConfigList.newBuilder()
                        .addConfig(ModelConfig.newBuilder().setName("a").setBasePath("/x").setModelPlatform("tensorflow"))
                        .addConfig(ModelConfig.newBuilder().setName("b").setModelPlatform("onnx").setBasePath("/y")))
                .build();
        String m = assertThrows(BadInputException.class, () -> ModelConfigFile.check(c)).getMessage();
        assertEquals("model_config_list.config[1].model_platform: model 'b': platform 'onnx' is not served: textlstm "
                + "serves SavedModels, model_platform: \"tensorflow\"", m);
        ModelConfigFile.check(c.toBuilder().setModelConfigList(c.getModelConfigList().toBuilder().removeConfig(1)).build());
    }
}
