package io.textlstm.serve.core;

/**
 * Why the server does not answer a request: TF Serving's {@link ServeStatus} and a message that names the problem.
 * The one error type of the serving core and its front ends: the REST front end renders it as
 * {@code {"error": "<message>"}} with {@link #httpStatus()}, a gRPC front end as the gRPC status of the same name.
 */
public final class ServeException extends RuntimeException {

    private final ServeStatus status;
    private final int httpStatus;

    public ServeException(ServeStatus status, String message) {
        this(status, status.httpStatus(), message);
    }

    private ServeException(ServeStatus status, int httpStatus, String message) {
        super(message, null, false, false);
        this.status = status;
        this.httpStatus = httpStatus;
    }

    /**
     * An error only HTTP has a status of its own for (413 for a body over the size limit, 408 for a body that does not
     * arrive in time), with the code a front end without that status uses.
     */
    public static ServeException http(int httpStatus, ServeStatus status, String message) {
        return new ServeException(status, httpStatus, message);
    }

    /** The client sent something the model cannot take (HTTP 400). */
    public static ServeException invalidArgument(String message) {
        return new ServeException(ServeStatus.INVALID_ARGUMENT, message);
    }

    /** Unknown model or version (HTTP 404). */
    public static ServeException notFound(String message) {
        return new ServeException(ServeStatus.NOT_FOUND, message);
    }

    /** The request is well formed but the servable cannot run it, e.g. a signature it lacks (HTTP 400). */
    public static ServeException failedPrecondition(String message) {
        return new ServeException(ServeStatus.FAILED_PRECONDITION, message);
    }

    /** The batch queue is full or the server is stopping; the client may retry (HTTP 503). */
    public static ServeException unavailable(String message) {
        return new ServeException(ServeStatus.UNAVAILABLE, message);
    }

    /** A kind of value the server does not convert (HTTP 501). */
    public static ServeException unimplemented(String message) {
        return new ServeException(ServeStatus.UNIMPLEMENTED, message);
    }

    /** A fault of the server, not of the request (HTTP 500). */
    public static ServeException internal(String message) {
        return new ServeException(ServeStatus.INTERNAL, message);
    }

    /** TF Serving's status code. */
    public ServeStatus status() {
        return status;
    }

    /** The HTTP status of the answer: {@link ServeStatus#httpStatus()} unless HTTP has a status of its own for it. */
    public int httpStatus() {
        return httpStatus;
    }
}
