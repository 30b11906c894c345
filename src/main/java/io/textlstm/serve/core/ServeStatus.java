package io.textlstm.serve.core;

/**
 * TF Serving's status codes (absl's canonical codes, which gRPC shares by name) and the HTTP status TF Serving's REST
 * API answers each with ({@code ToHTTPStatusCode} in tensorflow_serving/model_servers/http_server.cc). This table is
 * the one home of that mapping: the REST front end answers with {@link #httpStatus()}, a gRPC front end with the
 * gRPC code of the same name, and the request metrics label every outcome with {@link #httpStatus()}.
 */
public enum ServeStatus {
    OK(200),
    CANCELLED(499),
    UNKNOWN(500),
    INVALID_ARGUMENT(400),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    PERMISSION_DENIED(403),
    RESOURCE_EXHAUSTED(429),
    FAILED_PRECONDITION(400),
    ABORTED(409),
    OUT_OF_RANGE(400),
    UNIMPLEMENTED(501),
    INTERNAL(500),
    UNAVAILABLE(503),
    DATA_LOSS(500),
    UNAUTHENTICATED(401);

    private final int httpStatus;

    ServeStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status TF Serving's REST API gives this code. */
    public int httpStatus() {
        return httpStatus;
    }
}
