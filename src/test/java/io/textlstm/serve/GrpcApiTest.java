package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import io.textlstm.serve.core.BatchingParameters;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.proto.Classification.ClassificationRequest;
import io.textlstm.serve.proto.Classification.ClassificationResponse;
import io.textlstm.serve.proto.Classification.Classifications;
import io.textlstm.serve.proto.GetModelMetadata.GetModelMetadataRequest;
import io.textlstm.serve.proto.GetModelMetadata.GetModelMetadataResponse;
import io.textlstm.serve.proto.GetModelMetadata.SignatureDefMap;
import io.textlstm.serve.proto.GetModelStatus.GetModelStatusRequest;
import io.textlstm.serve.proto.GetModelStatus.GetModelStatusResponse;
import io.textlstm.serve.proto.Inference.InferenceTask;
import io.textlstm.serve.proto.Inference.MultiInferenceRequest;
import io.textlstm.serve.proto.Inference.MultiInferenceResponse;
import io.textlstm.serve.proto.InputOuterClass.ExampleList;
import io.textlstm.serve.proto.InputOuterClass.ExampleListWithContext;
import io.textlstm.serve.proto.InputOuterClass.Input;
import io.textlstm.serve.proto.Model.ModelSpec;
import io.textlstm.serve.proto.ModelServiceGrpc;
import io.textlstm.serve.proto.Predict.PredictRequest;
import io.textlstm.serve.proto.Predict.PredictResponse;
import io.textlstm.serve.proto.PredictionServiceGrpc;
import io.textlstm.serve.proto.PredictionServiceGrpc.PredictionServiceBlockingStub;
import io.textlstm.serve.proto.RegressionOuterClass.RegressionRequest;
import io.textlstm.serve.proto.RegressionOuterClass.RegressionResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TF Serving's gRPC API against a running server (grpc-java on 127.0.0.1, ephemeral ports) on a tiny export: the same
 * answers as the REST API and {@link TextClassifier}, bit for bit, and TF Serving's status codes for bad requests.
 */
class GrpcApiTest {

    @TempDir static Path tmp;
    static ExportResult export;
    static ModelServer server;
    static TextClassifier reference;
    static ManagedChannel channel;
    static PredictionServiceBlockingStub predict;

    static final List<String> TEXTS = RestApiTest.TEXTS;

    @BeforeAll
    static void start() throws Exception {
        export = ExportFixtures.exportBinary(tmp.resolve("tiny"));
        // an export made before the classify and regress signatures: the same model without them
        Path older = tmp.resolve("older/1");
        io.textlstm.FileTrees.copy(export.directory(), older);
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(older.resolve("saved_model.pb")));
        SavedModel.Builder b = sm.toBuilder();
        for (MetaGraphDef.Builder mg : b.getMetaGraphsBuilderList()) {
            mg.removeSignatureDef("classify").removeSignatureDef("regress");
        }
        Files.write(older.resolve("saved_model.pb"), b.build().toByteArray());
        reference = TextClassifier.load(export.directory());
        server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny"))
                .model("older", tmp.resolve("older")).host("127.0.0.1").port(0).grpcPort(0)
                .limits(new RequestLimits(64 << 10, 1024, 100_000)).build());
        channel = channel(server.grpcPort());
        predict = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        server.close();
        reference.close();
    }

    static TensorProto strings(List<String> texts) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(texts.size())));
        texts.forEach(s -> t.addStringVal(ByteString.copyFrom(s, StandardCharsets.UTF_8)));
        return t.build();
    }

    static ModelSpec spec(String name, String signature) {
        return ModelSpec.newBuilder().setName(name).setSignatureName(signature).build();
    }

    static Example example(String text) {
        return Example.newBuilder().setFeatures(Features.newBuilder().putFeature("text", Feature.newBuilder()
                .setBytesList(BytesList.newBuilder().addValue(ByteString.copyFrom(text, StandardCharsets.UTF_8))).build()))
                .build();
    }

    static Input examples(List<String> texts) {
        ExampleList.Builder l = ExampleList.newBuilder();
        texts.forEach(t -> l.addExamples(example(t)));
        return Input.newBuilder().setExampleList(l).build();
    }

    static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    @Test
    void predictEqualsRestAndTextClassifierBitwise() throws Exception {
        PredictResponse r = predict.predict(PredictRequest.newBuilder().setModelSpec(spec("tiny", ""))
                .putInputs("text", strings(TEXTS)).build());
        assertEquals(ModelSpec.newBuilder().setName("tiny").setVersion(Int64Value.of(1)).setSignatureName("serving_default")
                .build(), r.getModelSpec(), "the answer's model_spec is filled in");
        TensorProto p = r.getOutputsOrThrow("probabilities");
        assertEquals(List.of((long) TEXTS.size(), 1L), p.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList());
        List<Prediction> want = reference.predict(TEXTS);
        Http.Reply rest = Http.post(server.port(), "/v1/models/tiny:predict", "{\"instances\": "
                + Http.JSON.writeValueAsString(TEXTS) + "}");
        JsonNode rows = rest.json().get("predictions");
        for (int i = 0; i < TEXTS.size(); i++) {
            assertEquals(bits(want.get(i).probabilities()[0]), bits(p.getFloatVal(i)), "vs TextClassifier, row " + i);
            assertEquals(bits(Http.asFloat(rows.get(i).get("probabilities").get(0))), bits(p.getFloatVal(i)), "vs REST, row " + i);
            assertEquals(want.get(i).classId(), r.getOutputsOrThrow("class_ids").getInt64Val(i));
            assertEquals(want.get(i).label(), r.getOutputsOrThrow("labels").getStringVal(i).toStringUtf8());
        }
        // output_filter, an explicit version, and tensor_content for ids
        PredictResponse only = predict.predict(PredictRequest.newBuilder().setModelSpec(spec("tiny", "serving_default")
                .toBuilder().setVersion(Int64Value.of(1))).putInputs("text", strings(TEXTS)).addOutputFilter("labels").build());
        assertEquals(List.of("labels"), List.copyOf(only.getOutputsMap().keySet()));
        int[] ids = ExportFixtures.javaIds(TEXTS.get(0), ExportFixtures.MAX_LENGTH);
        java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(ids.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int id : ids) {
            content.putInt(id);
        }
        PredictResponse byIds = predict.predict(PredictRequest.newBuilder().setModelSpec(spec("tiny", "predict_ids"))
                .putInputs("ids", TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(TensorShapeProto
                        .newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(ids.length)))
                        .setTensorContent(ByteString.copyFrom(content.array())).build()).build());
        assertEquals(bits(reference.predictIds(new int[][] {ids})[0][0]), bits(byIds.getOutputsOrThrow("probabilities").getFloatVal(0)));
    }

    @Test
    void classifyRegressAndMultiInferenceEqualPredict() {
        List<Prediction> want = reference.predict(TEXTS);
        ClassificationResponse c = predict.classify(ClassificationRequest.newBuilder().setModelSpec(spec("tiny", "classify"))
                .setInput(examples(TEXTS)).build());
        assertEquals("classify", c.getModelSpec().getSignatureName());
        assertEquals(1, c.getModelSpec().getVersion().getValue());
        RegressionResponse r = predict.regress(RegressionRequest.newBuilder().setModelSpec(spec("tiny", "regress"))
                .setInput(examples(TEXTS)).build());
        for (int i = 0; i < TEXTS.size(); i++) {
            float p = want.get(i).probabilities()[0];
            Classifications row = c.getResult().getClassifications(i);
            assertEquals("negative", row.getClasses(0).getLabel());
            assertEquals("positive", row.getClasses(1).getLabel());
            assertEquals(bits(1f - p), bits(row.getClasses(0).getScore()), "row " + i);
            assertEquals(bits(p), bits(row.getClasses(1).getScore()), "row " + i);
            assertEquals(bits(p), bits(r.getResult().getRegressions(i).getValue()), "row " + i);
        }
        // a context's text serves every example that has none; an example's own text wins
        Input withContext = Input.newBuilder().setExampleListWithContext(ExampleListWithContext.newBuilder()
                .setContext(example(TEXTS.get(1))).addExamples(example(TEXTS.get(0))).addExamples(Example.getDefaultInstance()))
                .build();
        RegressionResponse rc = predict.regress(RegressionRequest.newBuilder().setModelSpec(spec("tiny", "regress"))
                .setInput(withContext).build());
        assertEquals(bits(want.get(0).probabilities()[0]), bits(rc.getResult().getRegressions(0).getValue()));
        assertEquals(bits(want.get(1).probabilities()[0]), bits(rc.getResult().getRegressions(1).getValue()));
        MultiInferenceResponse m = predict.multiInference(MultiInferenceRequest.newBuilder()
                .addTasks(InferenceTask.newBuilder().setModelSpec(spec("tiny", "classify")).setMethodName("tensorflow/serving/classify"))
                .addTasks(InferenceTask.newBuilder().setModelSpec(spec("tiny", "regress")).setMethodName("tensorflow/serving/regress"))
                .setInput(examples(TEXTS)).build());
        assertEquals(c.getResult(), m.getResults(0).getClassificationResult());
        assertEquals(r.getResult(), m.getResults(1).getRegressionResult());
    }

    /** REST's :classify and :regress (TF Serving's JSON) give the gRPC answers, number for number. */
    @Test
    void restClassifyAndRegressEqualGrpc() throws Exception {
        ClassificationResponse c = predict.classify(ClassificationRequest.newBuilder().setModelSpec(spec("tiny", "classify"))
                .setInput(examples(TEXTS)).build());
        RegressionResponse r = predict.regress(RegressionRequest.newBuilder().setModelSpec(spec("tiny", "regress"))
                .setInput(examples(TEXTS)).build());
        StringBuilder body = new StringBuilder("{\"examples\": [");
        for (int i = 0; i < TEXTS.size(); i++) {
            body.append(i == 0 ? "" : ", ").append("{\"text\": ").append(Http.JSON.writeValueAsString(TEXTS.get(i))).append('}');
        }
        body.append("]}");
        Http.Reply rc = Http.post(server.port(), "/v1/models/tiny/versions/1:classify",
                body.toString().replace("{\"examples\"", "{\"signature_name\": \"classify\", \"examples\""));
        Http.Reply rr = Http.post(server.port(), "/v1/models/tiny:regress",
                body.toString().replace("{\"examples\"", "{\"signature_name\": \"regress\", \"examples\""));
        assertEquals(200, rc.status(), rc.body());
        assertEquals(200, rr.status(), rr.body());
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode row = rc.json().get("results").get(i);
            for (int j = 0; j < 2; j++) {
                assertEquals(c.getResult().getClassifications(i).getClasses(j).getLabel(), row.get(j).get(0).asText());
                assertEquals(bits(c.getResult().getClassifications(i).getClasses(j).getScore()), bits(Http.asFloat(row.get(j).get(1))));
            }
            assertEquals(bits(r.getResult().getRegressions(i).getValue()), bits(Http.asFloat(rr.json().get("results").get(i))));
        }
        // the context's text for an example without one; an export without the signature is a 400
        Http.Reply ctx = Http.post(server.port(), "/v1/models/tiny:regress", "{\"signature_name\": \"regress\", "
                + "\"context\": {\"text\": " + Http.JSON.writeValueAsString(TEXTS.get(0)) + "}, \"examples\": [{}]}");
        assertEquals(bits(r.getResult().getRegressions(0).getValue()), bits(Http.asFloat(ctx.json().get("results").get(0))), ctx.body());
        Http.Reply older = Http.post(server.port(), "/v1/models/older:classify", "{\"signature_name\": \"classify\", "
                + "\"examples\": [{\"text\": \"a\"}]}");
        assertEquals(400, older.status(), older.body());
        assertTrue(older.body().contains("has no classify signature"), older.body());
    }

    @Test
    void metadataAndStatusEqualRest() throws Exception {
        GetModelMetadataResponse md = predict.getModelMetadata(GetModelMetadataRequest.newBuilder()
                .setModelSpec(spec("tiny", "")).addMetadataField("signature_def").build());
        assertEquals("tiny", md.getModelSpec().getName());
        assertEquals(1, md.getModelSpec().getVersion().getValue());
        SignatureDefMap sigs = md.getMetadataOrThrow("signature_def").unpack(SignatureDefMap.class);
        JsonNode rest = Http.get(server.port(), "/v1/models/tiny/metadata").json().at("/metadata/signature_def/signature_def");
        List<String> restNames = new ArrayList<>();
        rest.fieldNames().forEachRemaining(restNames::add);
        assertEquals(restNames, List.copyOf(sigs.getSignatureDefMap().keySet()));
        sigs.getSignatureDefMap().forEach((name, def) -> {
            assertEquals(rest.at("/" + name + "/method_name").asText(), def.getMethodName(), name);
            def.getInputsMap().forEach((alias, info) -> {
                assertEquals(rest.at("/" + name + "/inputs/" + alias + "/name").asText(), info.getName());
                assertEquals(rest.at("/" + name + "/inputs/" + alias + "/dtype").asText(), info.getDtype().name());
            });
            assertEquals(rest.at("/" + name + "/outputs").size(), def.getOutputsCount(), name);
        });

        GetModelStatusResponse st = ModelServiceGrpc.newBlockingStub(channel).getModelStatus(GetModelStatusRequest
                .newBuilder().setModelSpec(spec("tiny", "")).build());
        JsonNode restStatus = Http.get(server.port(), "/v1/models/tiny").json().get("model_version_status");
        assertEquals(restStatus.size(), st.getModelVersionStatusCount());
        assertEquals(restStatus.get(0).get("version").asText(), Long.toString(st.getModelVersionStatus(0).getVersion()));
        assertEquals(restStatus.get(0).get("state").asText(), st.getModelVersionStatus(0).getState().name());
        assertEquals(restStatus.get(0).at("/status/error_code").asText(), st.getModelVersionStatus(0).getStatus().getErrorCode().name());
    }

    static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    static String message(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getDescription();
    }

    @Test
    void badRequestsGetTfServingsStatusCodes() {
        PredictRequest good = PredictRequest.newBuilder().setModelSpec(spec("tiny", "")).putInputs("text", strings(TEXTS)).build();
        // INVALID_ARGUMENT: no model name, wrong dtype, unknown input alias, unknown output, unknown label
        assertEquals("ModelSpec has no name specified.", message(() -> predict.predict(good.toBuilder().setModelSpec(spec("", "")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> predict.predict(good.toBuilder().putInputs("text",
                TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(1))).addIntVal(3).build()).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> predict.predict(good.toBuilder().putInputs("txt", strings(TEXTS)).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> predict.predict(good.toBuilder().addOutputFilter("nope").build())));
        assertEquals("Unrecognized servable version label: stable", message(() -> predict.predict(good.toBuilder()
                .setModelSpec(spec("tiny", "").toBuilder().setVersionLabel("stable")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> predict.classify(ClassificationRequest.newBuilder()
                .setModelSpec(spec("tiny", "classify")).setInput(Input.newBuilder().setExampleList(ExampleList.newBuilder()
                        .addExamples(Example.getDefaultInstance()))).build())));
        // TF Serving's Classify on a predict signature
        assertEquals("Expected classification signature method_name to be tensorflow/serving/classify. Was: "
                + "tensorflow/serving/predict", message(() -> predict.classify(ClassificationRequest.newBuilder()
                .setModelSpec(spec("tiny", "")).setInput(examples(TEXTS)).build())));
        // NOT_FOUND: unknown model or version
        assertEquals(Status.Code.NOT_FOUND, code(() -> predict.predict(good.toBuilder().setModelSpec(spec("nope", "")).build())));
        assertEquals("Servable not found for request: Specific(tiny, 7)", message(() -> predict.predict(good.toBuilder()
                .setModelSpec(spec("tiny", "").toBuilder().setVersion(Int64Value.of(7))).build())));
        // FAILED_PRECONDITION: a signature the version lacks; classify on an export older than the signature
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> predict.predict(good.toBuilder().setModelSpec(spec("tiny", "nope")).build())));
        String older = message(() -> predict.classify(ClassificationRequest.newBuilder().setModelSpec(spec("older", "classify"))
                .setInput(examples(TEXTS)).build()));
        assertTrue(older.contains("has no classify signature"), older);
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> predict.regress(RegressionRequest.newBuilder()
                .setModelSpec(spec("older", "regress")).setInput(examples(TEXTS)).build())));
        // RESOURCE_EXHAUSTED: a message over the server's size limit (64 KiB here)
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(() -> predict.predict(good.toBuilder()
                .putInputs("text", strings(List.of("x".repeat(100_000)))).build())));
        // and the server still answers
        assertEquals(TEXTS.size(), predict.predict(good).getOutputsOrThrow("labels").getStringValCount());
    }

    /**
     * UNAVAILABLE: more requests than the batch queue holds (batches of 2 rows, one batch waiting at most), as TF
     * Serving's batcher refuses them.
     */
    @Test
    void aFullBatchQueueIsUnavailable() throws Exception {
        try (ModelServer small = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny"))
                .host("127.0.0.1").port(0).grpcPort(0).batching(new BatchingParameters(true, 2, 200_000, 1, 1)).build())) {
            ManagedChannel ch = channel(small.grpcPort());
            try {
                var stub = PredictionServiceGrpc.newFutureStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS);
                List<com.google.common.util.concurrent.ListenableFuture<PredictResponse>> calls = new ArrayList<>();
                // long texts keep the one batch thread busy while the others arrive
                String text = "a long review of a film ".repeat(1000);
                for (int i = 0; i < 100; i++) {
                    calls.add(stub.predict(PredictRequest.newBuilder().setModelSpec(spec("tiny", ""))
                            .putInputs("text", strings(List.of(i + text))).build()));
                }
                Map<Status.Code, Integer> codes = new java.util.TreeMap<>();
                for (var f : calls) {
                    Status.Code c;
                    try {
                        f.get(60, TimeUnit.SECONDS);
                        c = Status.Code.OK;
                    } catch (java.util.concurrent.ExecutionException e) {
                        c = Status.fromThrowable(e.getCause()).getCode();
                    }
                    codes.merge(c, 1, Integer::sum);
                }
                assertEquals(java.util.Set.of(Status.Code.OK, Status.Code.UNAVAILABLE), codes.keySet(), codes.toString());
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
