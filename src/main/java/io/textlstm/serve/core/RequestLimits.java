package io.textlstm.serve.core;

import java.time.Duration;

/**
 * What one request may hold and take; larger or slower requests get a 4xx naming the limit instead of tying up the
 * server.
 *
 * @param maxBodyBytes  request body size (413 above it)
 * @param maxInstances  rows per request (400 above it)
 * @param maxTextLength characters per text (400 above it); IMDB's longest review has about 14,000
 * @param bodyTimeout   longest a client may take to send a request body once its headers arrived (408 after it),
 *                      so that a slow upload holds a connection for a bounded time
 */
public record RequestLimits(int maxBodyBytes, int maxInstances, int maxTextLength, Duration bodyTimeout) {

    public static final RequestLimits DEFAULTS = new RequestLimits(4 << 20, 1024, 100_000, Duration.ofSeconds(30));

    public RequestLimits {
        if (maxBodyBytes < 1 || maxInstances < 1 || maxTextLength < 1) {
            throw new IllegalArgumentException("request limits must be positive: " + maxBodyBytes + ", " + maxInstances
                    + ", " + maxTextLength);
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("the body timeout must be positive, got " + bodyTimeout);
        }
    }

    /**
     * Rejects more rows than {@link #maxInstances()}; the core checks every request, and a front end may call it as soon
     * as it knows the row count, before reading the rows.
     *
     * @throws ServeException INVALID_ARGUMENT naming the limit
     */
    public void checkInstances(int rows) {
        if (rows > maxInstances) {
            throw ServeException.invalidArgument("the request has " + rows + " instances, more than the server's limit "
                    + "of " + maxInstances + " instances per request: split it into several requests");
        }
    }

    /** The limits with the default body timeout. */
    public RequestLimits(int maxBodyBytes, int maxInstances, int maxTextLength) {
        this(maxBodyBytes, maxInstances, maxTextLength, DEFAULTS.bodyTimeout());
    }
}
