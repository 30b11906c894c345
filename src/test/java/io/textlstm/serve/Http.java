package io.textlstm.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The JDK's HTTP client against a server on 127.0.0.1, with replies parsed as JSON (floats kept exact). */
final class Http {
    private Http() {}

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The {@code error} message of a TF Serving error answer. */
        String error() {
            JsonNode e = json().get("error");
            if (e == null) {
                throw new AssertionError("no \"error\" in (" + status + "): " + body);
            }
            return e.asText();
        }
    }

    static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Reply post(int port, String path, String body) throws Exception {
        return post(port, path, body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply post(int port, String path, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static Reply get(int port, String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(port, path)).GET().build());
    }

    static Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    /** A JSON number as the float a client reads from it (straight from its decimal text, no double rounding). */
    static float asFloat(JsonNode n) {
        return Float.parseFloat(n.decimalValue().toString());
    }
}
