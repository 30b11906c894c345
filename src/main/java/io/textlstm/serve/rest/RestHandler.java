package io.textlstm.serve.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textlstm.serve.core.ModelSpec;
import io.textlstm.serve.core.ServableHandle;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServeMetrics;
import io.textlstm.serve.core.ServingCore;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes TF Serving's REST API (docs/serving.md) on Jetty: the same URLs and status codes, predict requests to the
 * {@link PredictEndpoint}, the status and metadata APIs to the core, plus the Prometheus page; anything else is TF
 * Serving's 400 under {@code /v1/} and a 404 elsewhere. Every request is answered through one {@link RestCall}.
 */
final class RestHandler extends Handler.Abstract {

    // TF Serving's own patterns (http_rest_api_util.cc)
    private static final Pattern PREDICT = Pattern.compile(
            "(?i)/v1/models/([^/:]+)(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?:(classify|regress|predict)");
    private static final Pattern STATUS = Pattern.compile(
            "(?i)/v1/models(?:/([^/:]+))?(?:(?:/versions/(\\d+))|(?:/labels/([^/:]+)))?(?:/(metadata))?");
    static final String METRICS_PATH = "/monitoring/prometheus/metrics";
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ServingCore core;
    private final PredictEndpoint predict;

    RestHandler(ServingCore core, Drain drain) {
        this.core = core;
        this.predict = new PredictEndpoint(core, drain);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        if (path.equals(METRICS_PATH) && method.equals("GET")) {
            HttpReplies.send(response, callback, 200, ServeMetrics.CONTENT_TYPE, core.metrics().scrape());
            return true;
        }
        RestCall call = new RestCall(request, response, callback, core.metrics().startRequest());
        try {
            Matcher predict = PREDICT.matcher(path);
            if (method.equals("POST") && predict.matches()) {
                predict(call, predict);
                return true;
            }
            Matcher status = STATUS.matcher(path);
            if (method.equals("GET") && status.matches()) {
                status(call, status);
                return true;
            }
            if (path.regionMatches(true, 0, "/v1/", 0, 4)) {
                throw ServeException.invalidArgument("Malformed request: " + method + " " + shortPath(path));
            }
            throw ServeException.notFound("Not found: " + method + " " + shortPath(path)
                    + " (the API is under /v1/models/, metrics at " + METRICS_PATH + ")");
        } catch (RuntimeException e) {
            call.fail(e);
        }
        return true;
    }

    /** A path cut to a readable length for a message (a 100 KB path must not come back whole). */
    private static String shortPath(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "... (" + path.length() + " characters)";
    }

    private void status(RestCall call, Matcher status) {
        String model = status.group(1);
        boolean metadata = status.group(4) != null;
        call.record.model(model).api(metadata ? "(metadata)" : "(status)");
        if (model == null) {
            throw ServeException.invalidArgument("Missing model name in request.");
        }
        ModelSpec spec = spec(model, status.group(2), status.group(3));
        ObjectNode body;
        if (metadata) {
            try (ServableHandle h = core.servable(spec)) {
                body = StatusJson.metadata(model, h.version(), h.signatures());
            }
        } else {
            body = StatusJson.status(core.status(spec));
        }
        try {
            call.ok((PRETTY.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void predict(RestCall call, Matcher m) {
        String model = m.group(1);
        String verb = m.group(4).toLowerCase(Locale.ROOT);
        call.record.model(model);
        if (!verb.equals("predict")) {
            call.record.api("(" + verb + ")");
            throw ServeException.invalidArgument("textlstm serve answers :predict; :" + verb
                    + " needs a signature with method tensorflow/serving/" + verb + ", which textlstm exports do not have");
        }
        this.predict.predict(call, spec(model, m.group(2), m.group(3)));
    }

    private static ModelSpec spec(String model, String number, String label) {
        if (label != null) {
            return ModelSpec.labeled(model, label);
        }
        if (number == null) {
            return ModelSpec.latest(model);
        }
        try {
            return ModelSpec.specific(model, Long.parseLong(number));
        } catch (NumberFormatException e) {
            throw ServeException.invalidArgument("Failed to convert version: " + number + " to numeric.");
        }
    }
}
