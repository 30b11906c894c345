package io.textlstm.serve;

import io.textlstm.client.Prediction;
import io.textlstm.export.ExportLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers {@code POST /v1/models/{name}[/versions/{v}]:predict} (docs/serving.md, "API"): reads the body within the
 * limits, takes a reference on the version, parses and checks the request, runs it alone or through the version's
 * batch queue, and writes TF Serving's answer JSON. Asynchronous: the HTTP thread parses and queues the request, and
 * the batch thread that runs it writes the answer.
 */
final class PredictEndpoint {

    private final ModelManager models;
    private final boolean batching;
    private final RequestLimits limits;
    private final ServeMetrics metrics;
    private final Set<String> modelNames;

    PredictEndpoint(ModelManager models, boolean batching, RequestLimits limits, ServeMetrics metrics, Set<String> modelNames) {
        this.models = models;
        this.batching = batching;
        this.limits = limits;
        this.metrics = metrics;
        this.modelNames = modelNames;
    }

    /** Answers one predict request for {@code model} ({@code version} null: the highest serving), received at {@code t0}. */
    void predict(Request request, Response response, Callback callback, String model, Long version, long t0) {
        long declared = request.getLength();
        byte[] body;
        try {
            body = RequestBodyReader.read(request, declared, limits.maxBodyBytes());
        } catch (ServeException e) {
            metrics.request(ServeMetrics.modelLabel(modelNames, model), "-", e.httpStatus(), -1);
            HttpReplies.error(response, callback, e);
            return;
        }
        if (body == null) {
            tooLarge(response, callback, model, declared);
            return;
        }
        run(response, callback, model, version, body, t0);
    }

    private void tooLarge(Response response, Callback callback, String model, long declared) {
        metrics.request(ServeMetrics.modelLabel(modelNames, model), "-", 413, -1);
        HttpReplies.error(response, callback, ServeException.tooLarge("the request body" + (declared >= 0 ? " of " + declared + " bytes" : "")
                + " is larger than the server's body size limit, " + limits.maxBodyBytes()
                + " bytes: send fewer or shorter texts per request"));
    }

    private void run(Response response, Callback callback, String model, Long version, byte[] body, long t0) {
        String label = ServeMetrics.modelLabel(modelNames, model);
        LoadedVersion lv;
        try {
            lv = models.acquire(model, version);
        } catch (ServeException e) {
            metrics.request(label, "-", e.httpStatus(), -1);
            HttpReplies.error(response, callback, e);
            return;
        }
        String signature = "-";
        CompletableFuture<String> answer;
        try {
            PredictRequest req = PredictBodyParser.parse(body, lv, limits);
            signature = req.signature();
            answer = execute(lv, req);
        } catch (RuntimeException e) {
            lv.release();
            ServeException se = e instanceof ServeException s ? s : HttpReplies.internal(e);
            metrics.request(label, signatureLabel(signature), se.httpStatus(), System.nanoTime() - t0);
            HttpReplies.error(response, callback, se);
            return;
        }
        String sig = signature;
        answer.whenComplete((json, failure) -> {
            lv.release();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                ServeException se = cause instanceof ServeException s ? s : HttpReplies.internal(cause);
                metrics.request(label, sig, se.httpStatus(), System.nanoTime() - t0);
                HttpReplies.error(response, callback, se);
            } else {
                metrics.request(label, sig, 200, System.nanoTime() - t0);
                HttpReplies.send(response, callback, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private CompletableFuture<String> execute(LoadedVersion lv, PredictRequest req) {
        if (req.texts() != null) {
            if (!batching) {
                return CompletableFuture.completedFuture(PredictResponseJson.ofPredictions(req.format(), lv.predictTexts(req.texts())));
            }
            return lv.texts.submit(req.texts()).thenApply((List<Prediction> rows) -> PredictResponseJson.ofPredictions(req.format(), rows));
        }
        if (!batching) {
            return CompletableFuture.completedFuture(
                    PredictResponseJson.ofProbabilities(req.format(), Arrays.asList(lv.predictIds(req.ids()))));
        }
        return lv.ids.submit(Arrays.asList(req.ids())).thenApply(rows -> PredictResponseJson.ofProbabilities(req.format(), rows));
    }

    private static String signatureLabel(String signature) {
        return ExportLayout.SERVING_DEFAULT.equals(signature) || ExportLayout.PREDICT_IDS.equals(signature) ? signature : "-";
    }
}
