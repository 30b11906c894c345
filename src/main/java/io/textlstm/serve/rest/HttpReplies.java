package io.textlstm.serve.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the REST front end's HTTP answers (docs/serving.md, "API"): a body with its status and content type, and
 * errors as {@code {"error": "<message>"}}, the JSON TF Serving answers errors with.
 */
final class HttpReplies {

    static final String JSON = "application/json";

    private HttpReplies() {}

    /** {@code {"error": "<message>"}} and a newline. */
    static byte[] errorBody(String message) {
        StringBuilder sb = new StringBuilder("{\"error\": \"");
        JsonStringEncoder.getInstance().quoteAsString(message, sb);
        return sb.append("\"}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Answers with {@code body} and completes {@code callback} once it is written. */
    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
