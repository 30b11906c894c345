package io.textlstm.serve;

/**
 * What one predict request may hold; larger requests get a 4xx naming the limit instead of tying up the server.
 *
 * @param maxBodyBytes  request body size (413 above it)
 * @param maxInstances  rows per request (400 above it)
 * @param maxTextLength characters per text (400 above it); IMDB's longest review has about 14,000
 */
public record RequestLimits(int maxBodyBytes, int maxInstances, int maxTextLength) {

    public static final RequestLimits DEFAULTS = new RequestLimits(4 << 20, 1024, 100_000);

    public RequestLimits {
        if (maxBodyBytes < 1 || maxInstances < 1 || maxTextLength < 1) {
            throw new IllegalArgumentException("request limits must be positive: " + maxBodyBytes + ", " + maxInstances
                    + ", " + maxTextLength);
        }
    }
}
