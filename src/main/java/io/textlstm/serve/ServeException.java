package io.textlstm.serve;

/**
 * A request the server answers with an error: the HTTP status, TF Serving's status code name and a message that
 * names the problem. Rendered as TF Serving renders errors, {@code {"error": "<message>"}}.
 */
public final class ServeException extends RuntimeException {

    private final int httpStatus;
    private final String code;

    public ServeException(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    /** 400, TF Serving's INVALID_ARGUMENT: the client sent something the model cannot take. */
    public static ServeException invalidArgument(String message) {
        return new ServeException(400, "INVALID_ARGUMENT", message);
    }

    /** 404, NOT_FOUND: unknown model or version. */
    public static ServeException notFound(String message) {
        return new ServeException(404, "NOT_FOUND", message);
    }

    /** 413: the body is larger than the server takes (TF Serving has no such limit; HTTP's own status). */
    public static ServeException tooLarge(String message) {
        return new ServeException(413, "RESOURCE_EXHAUSTED", message);
    }

    /** 503, UNAVAILABLE: the batch queue is full or the server is stopping; the client may retry. */
    public static ServeException unavailable(String message) {
        return new ServeException(503, "UNAVAILABLE", message);
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** TF Serving's status code name, e.g. {@code INVALID_ARGUMENT}. */
    public String code() {
        return code;
    }
}
