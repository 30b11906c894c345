package io.textlstm.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes TF Serving's REST API (docs/serving.md) on Jetty: the same URLs and status codes, predict requests to the
 * {@link PredictEndpoint}, the status and metadata APIs to the {@link ModelManager}, plus the Prometheus page;
 * anything else is TF Serving's 400 under {@code /v1/} and a 404 elsewhere.
 */
final class RestHandler extends Handler.Abstract {

    // TF Serving's own patterns (http_rest_api_util.cc)
    private static final Pattern PREDICT = Pattern.compile(
            "(?i)/v1/models/([^/:]+)(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)");
    private static final Pattern STATUS = Pattern.compile(
            "(?i)/v1/models(?:/([^/:]+))?(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?");
    static final String METRICS_PATH = "/monitoring/prometheus/metrics";
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ModelManager models;
    private final ServeMetrics metrics;
    private final Set<String> modelNames;
    private final PredictEndpoint predict;

    RestHandler(ModelManager models, boolean batching, RequestLimits limits, ServeMetrics metrics, Set<String> modelNames) {
        this.models = models;
        this.metrics = metrics;
        this.modelNames = modelNames;
        this.predict = new PredictEndpoint(models, batching, limits, metrics, modelNames);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long t0 = System.nanoTime();
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        if (path.equals(METRICS_PATH) && method.equals("GET")) {
            HttpReplies.send(response, callback, 200, ServeMetrics.CONTENT_TYPE, metrics.scrape());
            return true;
        }
        Matcher predict = PREDICT.matcher(path);
        if (method.equals("POST") && predict.matches()) {
            predict(request, response, callback, predict, t0);
            return true;
        }
        Matcher status = STATUS.matcher(path);
        if (method.equals("GET") && status.matches()) {
            status(response, callback, status);
            return true;
        }
        if (path.regionMatches(true, 0, "/v1/", 0, 4)) {
            HttpReplies.error(response, callback, ServeException.invalidArgument("Malformed request: " + method + " " + path));
        } else {
            HttpReplies.error(response, callback, ServeException.notFound("Not found: " + method + " " + path
                    + " (the API is under /v1/models/, metrics at " + METRICS_PATH + ")"));
        }
        return true;
    }

    private void status(Response response, Callback callback, Matcher status) {
        String model = status.group(1);
        String api = status.group(4) != null ? "(metadata)" : "(status)";
        String label = ServeMetrics.modelLabel(modelNames, model);
        try {
            if (model == null) {
                throw ServeException.invalidArgument("Missing model name in request.");
            }
            Long version = version(status.group(2), status.group(3));
            Object body = api.equals("(metadata)") ? models.metadata(model, version) : models.status(model, version);
            byte[] json = (PRETTY.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
            metrics.request(label, api, 200, -1);
            HttpReplies.send(response, callback, 200, "application/json", json);
        } catch (ServeException e) {
            metrics.request(label, api, e.httpStatus(), -1);
            HttpReplies.error(response, callback, e);
        } catch (Exception e) {
            metrics.request(label, api, 500, -1);
            HttpReplies.error(response, callback, HttpReplies.internal(e));
        }
    }

    private void predict(Request request, Response response, Callback callback, Matcher m, long t0) {
        String model = m.group(1);
        String verb = m.group(4).toLowerCase(Locale.ROOT);
        if (!verb.equals("predict")) {
            metrics.request(ServeMetrics.modelLabel(modelNames, model), "(" + verb + ")", 400, -1);
            HttpReplies.error(response, callback, ServeException.invalidArgument("textlstm serve answers :predict; :" + verb
                    + " needs a signature with method tensorflow/serving/" + verb + ", which textlstm exports do not have"));
            return;
        }
        Long version;
        try {
            version = version(m.group(2), m.group(3));
        } catch (ServeException e) {
            metrics.request(ServeMetrics.modelLabel(modelNames, model), "-", e.httpStatus(), -1);
            HttpReplies.error(response, callback, e);
            return;
        }
        this.predict.predict(request, response, callback, model, version, t0);
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
}
