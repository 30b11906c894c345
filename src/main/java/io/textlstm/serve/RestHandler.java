package io.textlstm.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.client.Prediction;
import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TF Serving's REST API (docs/serving.md) on Jetty: the same URLs, request and answer JSON, error JSON
 * {@code {"error": "..."}} and status codes, plus the Prometheus page. Predict requests are handled
 * asynchronously: the HTTP thread parses and queues the request, and the batch thread that runs it writes the answer.
 */
final class RestHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");
    // TF Serving's own patterns (http_rest_api_util.cc)
    private static final Pattern PREDICT = Pattern.compile(
            "(?i)/v1/models/([^/:]+)(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)");
    private static final Pattern STATUS = Pattern.compile(
            "(?i)/v1/models(?:/([^/:]+))?(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?");
    /** Bytes of an oversized body read and dropped so the client can read the 413. */
    private static final long DISCARD_LIMIT = 64L << 20;
    static final String METRICS_PATH = "/monitoring/prometheus/metrics";
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelManager models;
    private final boolean batching;
    private final RequestLimits limits;
    private final ServeMetrics metrics;
    private final java.util.Set<String> modelNames;

    RestHandler(ModelManager models, boolean batching, RequestLimits limits, ServeMetrics metrics, java.util.Set<String> modelNames) {
        this.models = models;
        this.batching = batching;
        this.limits = limits;
        this.metrics = metrics;
        this.modelNames = modelNames;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        if (path.equals(METRICS_PATH) && method.equals("GET")) {
            send(response, callback, 200, ServeMetrics.CONTENT_TYPE, metrics.scrape());
            return true;
        }
        Matcher predict = PREDICT.matcher(path);
        if (method.equals("POST") && predict.matches()) {
            predict(request, response, callback, predict, t0);
            return true;
        }
        Matcher status = STATUS.matcher(path);
        if (method.equals("GET") && status.matches()) {
            String model = status.group(1);
            String api = status.group(4) != null ? "(metadata)" : "(status)";
            try {
                if (model == null) {
                    throw ServeException.invalidArgument("Missing model name in request.");
                }
                Long version = version(status.group(2), status.group(3));
                Object body = api.equals("(metadata)") ? models.metadata(model, version) : models.status(model, version);
                byte[] json = (PRETTY.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
                metrics.request(label(model), api, 200, -1);
                send(response, callback, 200, "application/json", json);
            } catch (ServeException e) {
                metrics.request(label(model), api, e.httpStatus(), -1);
                error(response, callback, e);
            } catch (Exception e) {
                metrics.request(label(model), api, 500, -1);
                error(response, callback, internal(e));
            }
            return true;
        }
        if (path.regionMatches(true, 0, "/v1/", 0, 4)) {
            error(response, callback, ServeException.invalidArgument("Malformed request: " + method + " " + path));
        } else {
            error(response, callback, ServeException.notFound("Not found: " + method + " " + path
                    + " (the API is under /v1/models/, metrics at " + METRICS_PATH + ")"));
        }
        return true;
    }

    private static Long version(String number, String label) {
        if (label != null) {
            throw ServeException.invalidArgument("version labels are not supported by textlstm serve; name the version: /versions/N");
        }
        if (number == null) {
            return null;
        }
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw ServeException.invalidArgument("Failed to convert version: " + number + " to numeric.");
        }
    }

    private void predict(Request request, Response response, Callback callback, Matcher m, long t0) {
        String model = m.group(1);
        String verb = m.group(4).toLowerCase(java.util.Locale.ROOT);
        if (!verb.equals("predict")) {
            metrics.request(label(model), "(" + verb + ")", 400, -1);
            error(response, callback, ServeException.invalidArgument("textlstm serve answers :predict; :" + verb
                    + " needs a signature with method tensorflow/serving/" + verb + ", which textlstm exports do not have"));
            return;
        }
        Long version;
        try {
            version = version(m.group(2), m.group(3));
        } catch (ServeException e) {
            metrics.request(label(model), "-", e.httpStatus(), -1);
            error(response, callback, e);
            return;
        }
        long declared = request.getLength();
        byte[] body;
        try {
            body = readBody(request, declared, limits.maxBodyBytes());
        } catch (ServeException e) {
            metrics.request(label(model), "-", e.httpStatus(), -1);
            error(response, callback, e);
            return;
        }
        if (body == null) {
            tooLarge(response, callback, model, declared);
            return;
        }
        run(response, callback, model, version, body, t0);
    }

    /**
     * The whole body, or null when it is longer than {@code max}; an oversized body is still read to its end (up to
     * {@link #DISCARD_LIMIT}) so that the client, which is still sending, gets the 413 instead of a reset connection.
     * Blocking: this handler runs on a pool thread.
     */
    private static byte[] readBody(Request request, long declared, int max) {
        boolean over = declared > max;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(over ? 0 : (int) Math.max(32, declared));
        long seen = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buf = new byte[1 << 14];
            for (int r; seen < DISCARD_LIMIT && (r = in.read(buf)) >= 0; ) {
                seen += r;
                over |= seen > max;
                if (!over) {
                    out.write(buf, 0, r);
                }
            }
        } catch (IOException e) {
            if (!over) {
                throw ServeException.invalidArgument("cannot read the request body: " + e.getMessage());
            }
        }
        return over ? null : out.toByteArray();
    }

    private void tooLarge(Response response, Callback callback, String model, long declared) {
        metrics.request(label(model), "-", 413, -1);
        error(response, callback, ServeException.tooLarge("the request body" + (declared >= 0 ? " of " + declared + " bytes" : "")
                + " is larger than this server takes, " + limits.maxBodyBytes() + " bytes (--max-body-bytes): send fewer or shorter texts per request"));
    }

    private void run(Response response, Callback callback, String model, Long version, byte[] body, long t0) {
        LoadedVersion lv;
        try {
            lv = models.acquire(model, version);
        } catch (ServeException e) {
            metrics.request(label(model), "-", e.httpStatus(), -1);
            error(response, callback, e);
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
            ServeException se = e instanceof ServeException s ? s : internal(e);
            metrics.request(label(model), signatureLabel(signature), se.httpStatus(), System.nanoTime() - t0);
            error(response, callback, se);
            return;
        }
        String sig = signature;
        answer.whenComplete((json, failure) -> {
            lv.release();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                ServeException se = cause instanceof ServeException s ? s : internal(cause);
                metrics.request(label(model), sig, se.httpStatus(), System.nanoTime() - t0);
                error(response, callback, se);
            } else {
                metrics.request(label(model), sig, 200, System.nanoTime() - t0);
                send(response, callback, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
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
                    PredictResponseJson.ofProbabilities(req.format(), java.util.Arrays.asList(lv.predictIds(req.ids()))));
        }
        return lv.ids.submit(java.util.Arrays.asList(req.ids())).thenApply(rows -> PredictResponseJson.ofProbabilities(req.format(), rows));
    }

    private static String signatureLabel(String signature) {
        return ExportLayout.SERVING_DEFAULT.equals(signature) || ExportLayout.PREDICT_IDS.equals(signature) ? signature : "-";
    }

    /** Model name as a metric label; names that are not served collapse into one label. */
    private String label(String model) {
        return model != null && modelNames.contains(model) ? model : "(unknown)";
    }

    private static ServeException internal(Throwable e) {
        LOG.error("internal error while answering a request", e);
        return new ServeException(500, "INTERNAL", "internal error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private static void error(Response response, Callback callback, ServeException e) {
        StringBuilder sb = new StringBuilder("{ \"error\": \"");
        JsonStringEncoder.getInstance().quoteAsString(e.getMessage(), sb);
        sb.append("\" }\n");
        send(response, callback, e.httpStatus(), "application/json", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
