package io.textlstm.serve.core;

import io.textlstm.export.ExportLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.SignatureDef;

/**
 * TF Serving's Classify and Regress on a loaded version (docs/serving.md, "Classify and regress"). The export's
 * {@code classify} and {@code regress} signatures parse each Example's text feature and run the network of
 * {@code serving_default} (docs/savedmodel.md); the server does the same in Java: it takes each example's text (the
 * context's when the example has none), runs the texts as a {@code serving_default} Predict, through the same
 * batching queue as Predict requests, and derives the signature's outputs from the probabilities as the graph does.
 * So a Classify or Regress answer is bitwise the Predict answer for the same texts, and the three APIs fill each
 * other's batches. The signature must exist and carry the API's method name, as TF Serving checks it.
 */
final class ExampleApis {

    private ExampleApis() {}

    static CompletableFuture<ClassifyResult> classify(ServableHandle handle, Servable servable, ExampleRequest request,
            RequestLimits limits) {
        signature(handle, request.signatureName(), ExportLayout.CLASSIFY_METHOD_NAME, "classification");
        return probabilities(handle, servable, request, limits).thenApply(p -> classified(handle, servable, request, p));
    }

    private static ClassifyResult classified(ServableHandle handle, Servable servable, ExampleRequest request, float[][] p) {
        int k = p.length == 0 ? 0 : p[0].length;
        float[][] scores = new float[p.length][];
        for (int i = 0; i < p.length; i++) {
            // a sigmoid head gives P(class 1); the graph's scores are 1 - p, p
            scores[i] = k == 1 ? new float[] {1f - p[i][0], p[i][0]} : p[i];
        }
        return new ClassifyResult(handle.model(), handle.version(), request.signatureName(), servable.labels(), scores);
    }

    private static RegressResult regressed(ServableHandle handle, ExampleRequest request, float[][] p) {
        float[] values = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            // P(class 1): a sigmoid head's one column, a two-class softmax's second
            values[i] = p[i][p[i].length - 1];
        }
        return new RegressResult(handle.model(), handle.version(), request.signatureName(), values);
    }

    /**
     * Several classify and regress tasks on the same examples (MultiInference): the texts run once, and every task's
     * answer comes from that one run, as TF Serving runs one session for all tasks. Each answer is a
     * {@link ClassifyResult} or a {@link RegressResult}, in task order.
     */
    static CompletableFuture<List<Object>> multi(ServableHandle handle, Servable servable, List<ExampleRequest> tasks,
            RequestLimits limits) {
        for (ExampleRequest t : tasks) {
            SignatureDef def = handle.signatures().get(t.signatureName());
            String method = def == null ? ExportLayout.CLASSIFY_METHOD_NAME : def.getMethodName();
            signature(handle, t.signatureName(), method, method.equals(ExportLayout.REGRESS_METHOD_NAME)
                    ? "regression" : "classification");
        }
        return probabilities(handle, servable, tasks.get(0), limits).thenApply(p -> {
            List<Object> out = new java.util.ArrayList<>();
            for (ExampleRequest t : tasks) {
                boolean regress = handle.signatures().get(t.signatureName()).getMethodName()
                        .equals(ExportLayout.REGRESS_METHOD_NAME);
                out.add(regress ? regressed(handle, t, p) : classified(handle, servable, t, p));
            }
            return out;
        });
    }

    static CompletableFuture<RegressResult> regress(ServableHandle handle, Servable servable, ExampleRequest request,
            RequestLimits limits) {
        signature(handle, request.signatureName(), ExportLayout.REGRESS_METHOD_NAME, "regression");
        return probabilities(handle, servable, request, limits).thenApply(p -> regressed(handle, request, p));
    }

    /** The signature, checked as TF Serving checks it (classifier.cc, regressor.cc). */
    private static SignatureDef signature(ServableHandle handle, String name, String method, String what) {
        SignatureDef def = handle.signatures().get(name);
        if (def == null) {
            String api = method.equals(ExportLayout.CLASSIFY_METHOD_NAME) ? ExportLayout.CLASSIFY : ExportLayout.REGRESS;
            boolean older = handle.signatures().get(api) == null;
            throw ServeException.failedPrecondition("No signature was found with the name: " + name
                    + (older ? " (model " + handle.model() + " version " + handle.version() + " has no " + api
                            + " signature: it was exported before textlstm added one; export it again)" : ""));
        }
        if (!method.equals(def.getMethodName())) {
            throw ServeException.invalidArgument("Expected " + what + " signature method_name to be " + method
                    + ". Was: " + def.getMethodName());
        }
        return def;
    }

    /** Each example's text run as serving_default; the probabilities, one row per example. */
    private static CompletableFuture<float[][]> probabilities(ServableHandle handle, Servable servable,
            ExampleRequest request, RequestLimits limits) {
        List<Example> examples = request.merged();
        if (examples.isEmpty()) {
            throw ServeException.invalidArgument("Input is empty.");
        }
        limits.checkInstances(examples.size());
        String feature = servable.exampleFeature();
        byte[][] texts = new byte[examples.size()][];
        for (int i = 0; i < texts.length; i++) {
            Feature f = examples.get(i).getFeatures().getFeatureMap().get(feature);
            if (f == null) {
                // TensorFlow's ParseExample words it so, and TF Serving passes it on
                throw ServeException.invalidArgument("Feature: " + feature
                        + " (data type: string) is required but could not be found (example " + i + ").");
            }
            if (f.getKindCase() != Feature.KindCase.BYTES_LIST) {
                throw ServeException.invalidArgument("example " + i + ": feature '" + feature + "' holds the text as "
                        + "bytes_list, got " + f.getKindCase().name().toLowerCase(java.util.Locale.ROOT));
            }
            if (f.getBytesList().getValueCount() != 1) {
                throw ServeException.invalidArgument("example " + i + ": feature '" + feature + "' must hold one "
                        + "value, the text; got " + f.getBytesList().getValueCount());
            }
            texts[i] = f.getBytesList().getValue(0).toByteArray();
        }
        HostTensor text = HostTensor.ofBytes(new long[] {texts.length}, texts);
        return handle.predict(new PredictRequest(ExportLayout.SERVING_DEFAULT, Map.of(ExportLayout.INPUT_TEXT, text),
                List.of(ExportLayout.OUTPUT_PROBABILITIES))).thenApply(r -> {
                    HostTensor p = r.outputs().get(ExportLayout.OUTPUT_PROBABILITIES);
                    int n = p.rows();
                    int k = p.rowSize();
                    float[][] out = new float[n][k];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < k; j++) {
                            out[i][j] = p.floatAt(i * k + j);
                        }
                    }
                    return out;
                });
    }
}
