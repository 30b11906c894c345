package io.textlstm.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the server's HTTP answers (docs/serving.md, "API"): a body with its status and content type, errors as TF
 * Serving's {@code { "error": "..." }} with the {@link ServeException}'s status, and anything unexpected as a logged 500.
 */
final class HttpReplies {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private HttpReplies() {}

    /** Any failure that is not a {@link ServeException} as a 500, logged with its stack trace. */
    static ServeException internal(Throwable e) {
        LOG.error("internal error while answering a request", e);
        return new ServeException(500, "INTERNAL", "internal error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    /** Answers with TF Serving's error JSON and the exception's HTTP status. */
    static void error(Response response, Callback callback, ServeException e) {
        StringBuilder sb = new StringBuilder("{ \"error\": \"");
        JsonStringEncoder.getInstance().quoteAsString(e.getMessage(), sb);
        sb.append("\" }\n");
        send(response, callback, e.httpStatus(), "application/json", sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with {@code body} and completes {@code callback} once it is written. */
    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
