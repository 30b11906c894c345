package io.textlstm.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to the {@code --max-body-bytes} limit. An oversized body is still read to its end (up to
 * {@link #DISCARD_LIMIT}) and dropped, so that the client, which is still sending, gets the 413 instead of a reset
 * connection.
 */
final class RequestBodyReader {

    /** Bytes of an oversized body read and dropped so the client can read the 413. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private RequestBodyReader() {}

    /**
     * The whole body, or null when it is longer than {@code max}. Blocking: the handler runs on a pool thread.
     *
     * @param declared the Content-Length, or -1 when the client sent none
     * @throws ServeException 400 when a body within the limit cannot be read
     */
    static byte[] read(Request request, long declared, int max) {
        boolean over = declared > max;
        ByteArrayOutputStream out = new ByteArrayOutputStream(over ? 0 : (int) Math.max(32, declared));
        long seen = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] buf = new byte[1 << 14];
            for (int r; seen < DISCARD_LIMIT && (r = in.read(buf)) >= 0; ) {
                seen += r;
                over |= seen > max;
                if (!over) {
                    out.write(buf, 0, r);
                }
            }
        } catch (IOException e) {
            if (!over) {
                throw ServeException.invalidArgument("cannot read the request body: " + e.getMessage());
            }
        }
        return over ? null : out.toByteArray();
    }
}
