package io.textlstm.serve.grpc;

import com.google.protobuf.Any;
import io.grpc.stub.StreamObserver;
import io.textlstm.export.ExportLayout;
import io.textlstm.serve.core.ClassifyResult;
import io.textlstm.serve.core.ExampleRequest;
import io.textlstm.serve.core.HostTensor;
import io.textlstm.serve.core.PredictRequest;
import io.textlstm.serve.core.RegressResult;
import io.textlstm.serve.core.RequestRecord;
import io.textlstm.serve.core.ServableHandle;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServingCore;
import io.textlstm.serve.proto.Classification;
import io.textlstm.serve.proto.GetModelMetadata;
import io.textlstm.serve.proto.Inference;
import io.textlstm.serve.proto.InputOuterClass;
import io.textlstm.serve.proto.Predict;
import io.textlstm.serve.proto.PredictionServiceGrpc;
import io.textlstm.serve.proto.RegressionOuterClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code tensorflow.serving.PredictionService} over the serving core: each call takes a reference on the version its
 * {@code model_spec} names, runs through the core (and its batching queues, shared with the REST API), and answers
 * with the {@code model_spec} filled in, or with TF Serving's status code.
 */
final class PredictionServiceImpl extends PredictionServiceGrpc.PredictionServiceImplBase {

    /** The one metadata field there is (get_model_metadata_impl.cc). */
    static final String SIGNATURE_DEF = "signature_def";

    private final ServingCore core;

    PredictionServiceImpl(ServingCore core) {
        this.core = core;
    }

    @Override
    public void predict(Predict.PredictRequest request, StreamObserver<Predict.PredictResponse> out) {
        RequestRecord record = core.metrics().startRequest().model(request.getModelSpec().getName());
        GrpcCalls.answer(record, out, () -> {
            try (ServableHandle h = core.servable(GrpcCalls.spec(request.getModelSpec()))) {
                Map<String, HostTensor> inputs = new LinkedHashMap<>();
                request.getInputsMap().forEach((alias, t) -> inputs.put(alias, TensorProtos.fromProto(alias, t)));
                PredictRequest r = new PredictRequest(request.getModelSpec().getSignatureName(), inputs,
                        request.getOutputFilterList());
                record.signature(r.signatureName(), h.signatures());
                return h.predict(r).thenApply(result -> {
                    Predict.PredictResponse.Builder b = Predict.PredictResponse.newBuilder()
                            .setModelSpec(GrpcCalls.answered(result.model(), result.version(), result.signatureName()));
                    result.outputs().forEach((alias, t) -> b.putOutputs(alias, TensorProtos.toProto(t)));
                    return b.build();
                });
            }
        });
    }

    @Override
    public void classify(Classification.ClassificationRequest request,
            StreamObserver<Classification.ClassificationResponse> out) {
        RequestRecord record = core.metrics().startRequest().model(request.getModelSpec().getName());
        GrpcCalls.answer(record, out, () -> {
            try (ServableHandle h = core.servable(GrpcCalls.spec(request.getModelSpec()))) {
                ExampleRequest r = examples(request.getModelSpec().getSignatureName(), request.getInput());
                record.signature(r.signatureName(), h.signatures());
                return h.classify(r).thenApply(c -> Classification.ClassificationResponse.newBuilder()
                        .setModelSpec(GrpcCalls.answered(c.model(), c.version(), c.signatureName()))
                        .setResult(classifications(c)).build());
            }
        });
    }

    @Override
    public void regress(RegressionOuterClass.RegressionRequest request,
            StreamObserver<RegressionOuterClass.RegressionResponse> out) {
        RequestRecord record = core.metrics().startRequest().model(request.getModelSpec().getName());
        GrpcCalls.answer(record, out, () -> {
            try (ServableHandle h = core.servable(GrpcCalls.spec(request.getModelSpec()))) {
                ExampleRequest r = examples(request.getModelSpec().getSignatureName(), request.getInput());
                record.signature(r.signatureName(), h.signatures());
                return h.regress(r).thenApply(v -> RegressionOuterClass.RegressionResponse.newBuilder()
                        .setModelSpec(GrpcCalls.answered(v.model(), v.version(), v.signatureName()))
                        .setResult(regressions(v)).build());
            }
        });
    }

    /**
     * Several classify and regress tasks on one input, as TF Serving's multi_inference.cc: every task names the same
     * model (and version), each signature once, with the method name of its signature.
     */
    @Override
    public void multiInference(Inference.MultiInferenceRequest request,
            StreamObserver<Inference.MultiInferenceResponse> out) {
        String name = request.getTasksCount() == 0 ? "" : request.getTasks(0).getModelSpec().getName();
        RequestRecord record = core.metrics().startRequest().model(name).api("(multi_inference)");
        GrpcCalls.answer(record, out, () -> {
            if (request.getTasksCount() == 0) {
                throw ServeException.invalidArgument("MultiInferenceRequest has no tasks.");
            }
            Set<String> signatures = new HashSet<>();
            for (Inference.InferenceTask t : request.getTasksList()) {
                if (t.getModelSpec().getName().isEmpty()) {
                    throw ServeException.invalidArgument("Found ModelSpec with an empty model name.");
                }
                if (!t.getModelSpec().getName().equals(name)) {
                    throw ServeException.invalidArgument("All ModelSpecs in a MultiInferenceRequest must access the "
                            + "same model name.");
                }
                if (!t.getModelSpec().equals(request.getTasks(0).getModelSpec().toBuilder()
                        .setSignatureName(t.getModelSpec().getSignatureName()).build())) {
                    throw ServeException.invalidArgument("All ModelSpecs in a MultiInferenceRequest must access the "
                            + "same model version.");
                }
                String sig = new ExampleRequest(t.getModelSpec().getSignatureName(), List.of(), null).signatureName();
                if (!signatures.add(sig)) {
                    throw ServeException.invalidArgument("Duplicate evaluation of signature: " + sig);
                }
            }
            try (ServableHandle h = core.servable(GrpcCalls.spec(request.getTasks(0).getModelSpec()))) {
                List<ExampleRequest> tasks = new ArrayList<>();
                for (Inference.InferenceTask t : request.getTasksList()) {
                    ExampleRequest r = examples(t.getModelSpec().getSignatureName(), request.getInput());
                    if (h.signatures().get(r.signatureName()) == null) {
                        throw ServeException.invalidArgument("Requested signature not found in model graph: "
                                + r.signatureName());
                    }
                    String method = h.signatures().get(r.signatureName()).getMethodName();
                    if (!method.equals(t.getMethodName()) || !(method.equals(ExportLayout.CLASSIFY_METHOD_NAME)
                            || method.equals(ExportLayout.REGRESS_METHOD_NAME))) {
                        throw ServeException.invalidArgument("Unrecognized signature method_name: " + t.getMethodName());
                    }
                    tasks.add(r);
                }
                return h.multiInference(tasks).thenApply(results -> {
                    Inference.MultiInferenceResponse.Builder b = Inference.MultiInferenceResponse.newBuilder();
                    for (Object o : results) {
                        if (o instanceof ClassifyResult c) {
                            b.addResults(Inference.InferenceResult.newBuilder()
                                    .setModelSpec(GrpcCalls.answered(c.model(), c.version(), c.signatureName()))
                                    .setClassificationResult(classifications(c)));
                        } else {
                            RegressResult v = (RegressResult) o;
                            b.addResults(Inference.InferenceResult.newBuilder()
                                    .setModelSpec(GrpcCalls.answered(v.model(), v.version(), v.signatureName()))
                                    .setRegressionResult(regressions(v)));
                        }
                    }
                    return b.build();
                });
            }
        });
    }

    @Override
    public void getModelMetadata(GetModelMetadata.GetModelMetadataRequest request,
            StreamObserver<GetModelMetadata.GetModelMetadataResponse> out) {
        RequestRecord record = core.metrics().startRequest().model(request.getModelSpec().getName()).api("(metadata)");
        GrpcCalls.answer(record, out, () -> {
            // get_model_metadata_impl.cc's checks and words
            if (request.getMetadataFieldCount() == 0) {
                throw ServeException.invalidArgument("GetModelMetadataRequest must specify at least one metadata_field");
            }
            for (String field : request.getMetadataFieldList()) {
                if (!SIGNATURE_DEF.equals(field)) {
                    throw ServeException.invalidArgument("Metadata field " + field + " is not supported");
                }
            }
            try (ServableHandle h = core.servable(GrpcCalls.spec(request.getModelSpec()))) {
                GetModelMetadata.SignatureDefMap map = GetModelMetadata.SignatureDefMap.newBuilder()
                        .putAllSignatureDef(h.signatures().all()).build();
                return CompletableFuture.completedFuture(GetModelMetadata.GetModelMetadataResponse.newBuilder()
                        .setModelSpec(GrpcCalls.answered(h.model(), h.version(), null))
                        .putMetadata(SIGNATURE_DEF, Any.pack(map)).build());
            }
        });
    }

    /** The request's tf.Examples, with or without a context. */
    static ExampleRequest examples(String signature, InputOuterClass.Input input) {
        return switch (input.getKindCase()) {
            case EXAMPLE_LIST -> new ExampleRequest(signature, input.getExampleList().getExamplesList(), null);
            case EXAMPLE_LIST_WITH_CONTEXT -> new ExampleRequest(signature,
                    input.getExampleListWithContext().getExamplesList(), input.getExampleListWithContext().getContext());
            default -> new ExampleRequest(signature, List.of(), null);
        };
    }

    static Classification.ClassificationResult classifications(ClassifyResult c) {
        Classification.ClassificationResult.Builder b = Classification.ClassificationResult.newBuilder();
        for (float[] row : c.scores()) {
            Classification.Classifications.Builder cl = Classification.Classifications.newBuilder();
            for (int j = 0; j < row.length; j++) {
                cl.addClasses(Classification.Class.newBuilder().setLabel(c.labels().get(j)).setScore(row[j]));
            }
            b.addClassifications(cl);
        }
        return b.build();
    }

    static RegressionOuterClass.RegressionResult regressions(RegressResult r) {
        RegressionOuterClass.RegressionResult.Builder b = RegressionOuterClass.RegressionResult.newBuilder();
        for (float v : r.values()) {
            b.addRegressions(RegressionOuterClass.Regression.newBuilder().setValue(v));
        }
        return b.build();
    }

}
