package io.textlstm.serve.rest;

import io.textlstm.serve.core.RequestRecord;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServeMetrics;
import io.textlstm.serve.core.ServeStatus;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error answers in the API's JSON: what Jetty refuses before the REST handler sees a request (a path with
 * {@code %2F}, a request line or headers over Jetty's size limits, a bad {@code Content-Length}), and a request turned
 * away while the server stops, answered {@code {"error": "..."}} with Jetty's status instead of an HTML page, and
 * counted in the request metrics like every other answer.
 */
final class JsonErrorHandler implements Request.Handler {

    private final ServeMetrics metrics;

    JsonErrorHandler(ServeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        if (cause instanceof HttpException http) {
            code = http.getCode();
            if (message == null) {
                message = http.getReason();
            }
        }
        if (code < 400) {
            code = HttpStatus.INTERNAL_SERVER_ERROR_500;
        }
        if (message == null || message.isBlank()) {
            message = HttpStatus.getMessage(code);
        }
        RequestRecord record = metrics.startRequest().api("(http)");
        ServeException e = record.failed(ServeException.http(code, statusOf(code), "HTTP " + code + ": " + message));
        response.getHeaders().put(ErrorHandler.ERROR_CACHE_CONTROL);
        HttpReplies.send(response, callback, code, HttpReplies.JSON, HttpReplies.errorBody(e.getMessage()));
        return true;
    }

    private static ServeStatus statusOf(int httpStatus) {
        return switch (httpStatus) {
            case 404 -> ServeStatus.NOT_FOUND;
            case 408 -> ServeStatus.DEADLINE_EXCEEDED;
            case 413, 414, 429, 431 -> ServeStatus.RESOURCE_EXHAUSTED;
            case 501 -> ServeStatus.UNIMPLEMENTED;
            case 503 -> ServeStatus.UNAVAILABLE;
            default -> httpStatus >= 500 ? ServeStatus.INTERNAL : ServeStatus.INVALID_ARGUMENT;
        };
    }
}
