package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.BadInputException;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

class SavedModelExporterTest {

    @TempDir Path tmp;

    @Test
    void writesTheServingLayout() throws Exception {
        Path base = tmp.resolve("imdb_lstm");
        ExportResult r = ExportFixtures.exportBinary(base);
        assertEquals(1, r.version());
        assertEquals(base.toAbsolutePath().resolve("1"), r.directory());
        Path dir = r.directory();
        for (String f : List.of("saved_model.pb", "variables/variables.index", "assets/vocab.txt", "assets/labels.txt",
                "assets.extra/model.json", "assets.extra/tf_serving_warmup_requests")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(TestCorpus.vocabulary(), Files.readAllLines(dir.resolve("assets/vocab.txt"), StandardCharsets.UTF_8));
        assertEquals(ExportFixtures.BINARY_LABELS, Files.readAllLines(dir.resolve("assets/labels.txt")));
        JsonNode info = new ObjectMapper().readTree(dir.resolve("assets.extra/model.json").toFile());
        assertEquals(ExportLayout.FORMAT, info.path("format").asText());
        assertEquals(ExportLayout.FORMAT_VERSION, info.path("format_version").asInt());
        assertEquals(0.5, info.path("metrics").path("test_accuracy").asDouble());
        assertEquals(ExportFixtures.MAX_LENGTH, info.path("config").path("max_length").asInt());
        assertEquals(ExportFixtures.MAX_LENGTH, info.path("max_length").asInt());
        assertEquals(ExportFixtures.BINARY_LABELS.get(1), info.path("labels").path(1).asText());
        assertEquals(TestCorpus.vocabulary().size(), info.path("vocabulary_size").asInt());
        assertEquals(ExportAssets.sha256(Files.readAllBytes(dir.resolve("assets/vocab.txt"))),
                info.path("vocabulary_sha256").asText());
        assertEquals(InGraphTokenizer.NON_TOKEN_PATTERN, info.path("tokenizer").path("non_token").asText());
        assertEquals("imdb_lstm", info.path("model_name").asText());
        assertEquals("text", info.path("example_feature").asText());
        assertEquals(List.of("classify", "predict_ids", "regress", "serving_default"), fieldNames(info.path("signatures")));
        // one flat object: every fact once, no nested copy
        assertEquals(List.of("format", "format_version", "created", "textlstm_version", "tensorflow_version",
                "model_name", "tag", "signatures", "example_feature", "labels", "max_length", "vocabulary_size", "vocabulary_sha256",
                "tokenizer", "config", "metrics"), fieldNames(info));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(List.of("1"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
        }

        assertEquals(2, ExportFixtures.exportBinary(base).version(), "next export takes highest + 1");
        Files.createDirectories(base.resolve("17"));
        Files.createDirectories(base.resolve("not-a-version-99"));
        assertEquals(18, ExportFixtures.exportBinary(base).version());
    }

    /** TF Serving's rules for a predict SignatureDef, checked on the proto as written. */
    @Test
    void signatureDefsFollowTfServingRules() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("m")).directory();
        checkSignatures(dir, ExportFixtures.MAX_LENGTH, 1);
        checkSignatures(ExportFixtures.exportThreeClasses(tmp.resolve("k")).directory(), 12, 3);
    }

    static void checkSignatures(Path dir, int maxLength, int k) throws Exception {
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
        assertEquals(1, sm.getMetaGraphsCount());
        MetaGraphDef mg = sm.getMetaGraphs(0);
        assertEquals(List.of("serve"), mg.getMetaInfoDef().getTagsList());
        assertEquals(k == 3 ? Set.of("serving_default", "predict_ids", "classify")
                : Set.of("serving_default", "predict_ids", "classify", "regress"), mg.getSignatureDefMap().keySet());
        Set<String> nodes = new HashSet<>();
        for (NodeDef n : mg.getGraphDef().getNodeList()) {
            nodes.add(n.getName());
            assertFalse(n.getOp().startsWith("Apply") || n.getOp().startsWith("ResourceApply"), "optimizer op " + n.getName());
            assertNotEquals("VarHandleOp", n.getOp(), "resource variables are not saved by TF Java");
            assertFalse(n.getOp().contains("Dropout") || n.getOp().startsWith("Random"), "training-only op " + n.getName());
            assertFalse(n.getOp().contains("HashTable"), "no table state: " + n.getName());
        }
        java.util.Map<String, org.tensorflow.proto.OpDef> opDefs = new java.util.HashMap<>();
        org.tensorflow.TensorFlow.registeredOpList().getOpList().forEach(o -> opDefs.put(o.getName(), o));
        for (NodeDef n : mg.getGraphDef().getNodeList()) {
            for (org.tensorflow.proto.OpDef.AttrDef a : opDefs.get(n.getOp()).getAttrList()) {
                assertFalse(a.hasDefaultValue() && a.getDefaultValue().equals(n.getAttrMap().get(a.getName())),
                        "default-valued attr " + a.getName() + " of " + n.getName() + " is stripped (older servers)");
            }
        }
        assertEquals(org.tensorflow.TensorFlow.version(), mg.getMetaInfoDef().getTensorflowVersion());
        assertFalse(mg.containsCollectionDef("saved_model_main_op"), "the graph needs no init op");
        assertFalse(mg.getSignatureDefMap().containsKey("__saved_model_init_op"));

        SignatureDef sd = mg.getSignatureDefOrThrow("serving_default");
        assertEquals("tensorflow/serving/predict", sd.getMethodName());
        assertEquals(Set.of("text"), sd.getInputsMap().keySet());
        assertEquals(Set.of("probabilities", "class_ids", "labels"), sd.getOutputsMap().keySet());
        checkTensor(sd.getInputsOrThrow("text"), DataType.DT_STRING, nodes, -1);
        checkTensor(sd.getOutputsOrThrow("probabilities"), DataType.DT_FLOAT, nodes, -1, k);
        checkTensor(sd.getOutputsOrThrow("class_ids"), DataType.DT_INT64, nodes, -1);
        checkTensor(sd.getOutputsOrThrow("labels"), DataType.DT_STRING, nodes, -1);

        SignatureDef ids = mg.getSignatureDefOrThrow("predict_ids");
        assertEquals("tensorflow/serving/predict", ids.getMethodName());
        assertEquals(Set.of("ids"), ids.getInputsMap().keySet());
        assertEquals(Set.of("probabilities"), ids.getOutputsMap().keySet());
        checkTensor(ids.getInputsOrThrow("ids"), DataType.DT_INT32, nodes, -1, maxLength);
        checkTensor(ids.getOutputsOrThrow("probabilities"), DataType.DT_FLOAT, nodes, -1, k);

        // TF Serving's Classify (classifier.cc): one input "inputs", DT_STRING [batch] of serialized Examples; one or
        // two outputs, "classes" DT_STRING [batch, K] and/or "scores" DT_FLOAT [batch, K], nothing else
        int classes = k == 1 ? 2 : k;
        SignatureDef classify = mg.getSignatureDefOrThrow("classify");
        assertEquals("tensorflow/serving/classify", classify.getMethodName());
        assertEquals(Set.of("inputs"), classify.getInputsMap().keySet());
        assertEquals(Set.of("classes", "scores"), classify.getOutputsMap().keySet());
        checkTensor(classify.getInputsOrThrow("inputs"), DataType.DT_STRING, nodes, -1);
        checkTensor(classify.getOutputsOrThrow("classes"), DataType.DT_STRING, nodes, -1, classes);
        checkTensor(classify.getOutputsOrThrow("scores"), DataType.DT_FLOAT, nodes, -1, classes);
        // TF Serving's Regress (regressor.cc): one input "inputs", exactly one output "outputs", DT_FLOAT [batch]
        if (k == 1) {
            SignatureDef regress = mg.getSignatureDefOrThrow("regress");
            assertEquals("tensorflow/serving/regress", regress.getMethodName());
            assertEquals(Set.of("inputs"), regress.getInputsMap().keySet());
            assertEquals(Set.of("outputs"), regress.getOutputsMap().keySet());
            checkTensor(regress.getInputsOrThrow("inputs"), DataType.DT_STRING, nodes, -1);
            checkTensor(regress.getOutputsOrThrow("outputs"), DataType.DT_FLOAT, nodes, -1);
        }
        // the Example parser is in the graph (TF Serving runs nothing outside it)
        assertTrue(mg.getGraphDef().getNodeList().stream().anyMatch(n -> n.getOp().equals("ParseExampleV2")));
    }

    static void checkTensor(TensorInfo info, DataType type, Set<String> nodes, long... dims) {
        assertEquals(type, info.getDtype(), info.getName());
        assertFalse(info.getTensorShape().getUnknownRank(), info.getName());
        long[] got = info.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
        assertArrayEquals(dims, got, info.getName() + " shape");
        String name = info.getName();
        assertTrue(name.matches(".+:\\d+"), name);
        assertTrue(nodes.contains(name.substring(0, name.lastIndexOf(':'))), "tensor " + name + " is in the graph");
    }

    @Test
    void textPredictionsEqualIdPredictions() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("m")).directory();
        List<String> texts = TestCorpus.texts();
        try (TextClassifier c = TextClassifier.load(dir)) {
            List<Prediction> fromText = c.predict(texts);
            int[][] ids = texts.stream().map(t -> ExportFixtures.javaIds(t, c.maxLength())).toArray(int[][]::new);
            float[][] fromIds = c.predictIds(ids);
            for (int i = 0; i < texts.size(); i++) {
                assertArrayEquals(fromIds[i], fromText.get(i).probabilities(), "text " + i);
                float p = fromIds[i][0];
                assertEquals(p >= 0.5f ? 1 : 0, fromText.get(i).classId());
                assertEquals(ExportFixtures.BINARY_LABELS.get(fromText.get(i).classId()), fromText.get(i).label());
            }
        }
    }

    @Test
    void threeClassModelUsesArgMax() throws Exception {
        try (TextClassifier c = TextClassifier.load(ExportFixtures.exportThreeClasses(tmp.resolve("k")).directory())) {
            for (Prediction p : c.predict(TestCorpus.texts())) {
                float[] pr = p.probabilities();
                assertEquals(3, pr.length);
                int best = 0;
                for (int j = 1; j < 3; j++) {
                    if (pr[j] > pr[best]) {
                        best = j;
                    }
                }
                assertEquals(best, p.classId());
                assertEquals(List.of("bad", "meh", "good").get(best), p.label());
                assertEquals(1.0, pr[0] + pr[1] + pr[2], 1e-5);
            }
        }
    }

    @Test
    void explicitVersionIsUsedOnceAndNeverOverwritten() throws Exception {
        Path base = tmp.resolve("m");
        ExportResult r = new SavedModelExporter().export(ExportFixtures.binary(base).version(5).build());
        assertEquals(5, r.version());
        byte[] before = Files.readAllBytes(r.directory().resolve("saved_model.pb"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SavedModelExporter().export(ExportFixtures.binary(base).version(5).build()));
        assertTrue(e.getMessage().contains("version 5 already exists"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(r.directory().resolve("saved_model.pb")));
        assertEquals(6, ExportFixtures.exportBinary(base).version());
    }

    @Test
    void aLostRaceTakesTheNextVersion() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("m"));
        Path taken = Files.createDirectories(base.resolve("3"));
        Files.writeString(taken.resolve("marker"), "first");
        Path staged = Files.createDirectories(base.resolve(".tmp-3-x"));
        Files.writeString(staged.resolve("marker"), "second");
        // as if the other exporter renamed into 3 between our existence check and our rename
        assertEquals(4, VersionPublisher.moveIntoPlace(staged, base, 3, false));
        assertEquals("first", Files.readString(taken.resolve("marker")));
        assertEquals("second", Files.readString(base.resolve("4/marker")));

        Path staged2 = Files.createDirectories(base.resolve(".tmp-3-y"));
        Files.writeString(staged2.resolve("marker"), "third");
        assertThrows(BadInputException.class, () -> VersionPublisher.moveIntoPlace(staged2, base, 3, true));
        assertEquals("first", Files.readString(taken.resolve("marker")));
    }

    @Test
    void racingExportsNeverOverwriteEachOther() throws Exception {
        Path base = tmp.resolve("m");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<ExportResult>> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(() -> ExportFixtures.exportBinary(base));
            }
            Set<Long> versions = new HashSet<>();
            for (Future<ExportResult> f : pool.invokeAll(jobs)) {
                versions.add(f.get().version());
            }
            assertEquals(Set.of(1L, 2L, 3L), versions);
        } finally {
            pool.shutdownNow();
        }
        for (String v : List.of("1", "2", "3")) {
            try (TextClassifier c = TextClassifier.load(base.resolve(v))) {
                assertEquals(1, c.predict("fine").size());
            }
        }
    }

    @Test
    void modelJsonIdentifiesTheJavaVocabulary() throws Exception {
        io.textlstm.text.Vocabulary vocab = TestCorpus.javaVocabulary();
        Path dir = new SavedModelExporter().export(ExportFixtures.binary(tmp.resolve("m")).vocabulary(vocab).build())
                .directory();
        JsonNode info = new ObjectMapper().readTree(dir.resolve("assets.extra/model.json").toFile());
        assertEquals(vocab.sha256(), info.path("vocabulary_sha256").asText());
        assertEquals(vocab.tokens(), io.textlstm.text.Vocabulary.load(dir.resolve("assets/vocab.txt")).tokens());
    }

    /** TF Java 1.1 saves only VariableV2: a network with resource variables must fail loudly, not export zeros. */
    @Test
    void rejectsResourceVariables() throws Exception {
        InferenceNetwork resourceVars = new InferenceNetwork() {
            @Override
            public org.tensorflow.Operand<org.tensorflow.types.TFloat32> probabilities(org.tensorflow.op.Ops tf,
                    org.tensorflow.Operand<org.tensorflow.types.TInt32> ids) {
                var handle = tf.varHandleOp(org.tensorflow.types.TFloat32.class, org.tensorflow.ndarray.Shape.of(1, 1));
                var w = tf.readVariableOp(handle, org.tensorflow.types.TFloat32.class);
                var x = tf.reshape(tf.dtypes.cast(tf.sum(ids, tf.constant(1)), org.tensorflow.types.TFloat32.class),
                        tf.constant(new int[] {-1, 1}));
                return tf.math.sigmoid(tf.linalg.matMul(x, w));
            }

            @Override
            public void restoreWeights(org.tensorflow.Session session) {}
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SavedModelExporter()
                .export(ExportFixtures.binary(tmp.resolve("m")).network(resourceVars).build()));
        assertTrue(e.getMessage().contains("VarHandleOp"), e.getMessage());
        try (Stream<Path> s = Files.list(tmp.resolve("m"))) {
            assertEquals(0, s.count(), "nothing left behind");
        }
    }

    @Test
    void rejectsAMismatchBetweenLabelsAndOutputs() {
        List<String> vocab = TestCorpus.vocabulary();
        ExportRequest r = ExportRequest.builder().basePath(tmp.resolve("m"))
                .network(new StandInNetwork(vocab.size(), 4, 3, 1)).vocabulary(vocab)
                .labels(ExportFixtures.BINARY_LABELS).maxLength(10).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SavedModelExporter().export(r));
        assertTrue(e.getMessage().contains("3 output column(s)"), e.getMessage());
        assertThrows(BadInputException.class, () -> new SavedModelExporter().export(ExportFixtures.binary(tmp.resolve("x"))
                .labels(List.of("only")).build()));
    }

    @Test
    void modelExportRejectsAVocabularyHashThatIsNotVocabTxts() {
        List<String> vocab = TestCorpus.vocabulary();
        io.textlstm.model.ModelConfig config = io.textlstm.model.ModelConfig.builder().numWords(vocab.size())
                .maxLength(20).embeddingDim(8).units(8).numClasses(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelExport.export(
                tmp.resolve("m"), java.util.OptionalLong.empty(), config, io.textlstm.model.ModelWeights.initial(config, 1),
                vocab, ExportFixtures.BINARY_LABELS, "0123abcd", java.util.Map.of(), ExportLayout.DEFAULT_EXAMPLE_FEATURE));
        assertTrue(e.getMessage().contains("0123abcd"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
