package io.textlstm.serve.rest;

import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServeStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while it arrives (Jetty's {@code read}/{@code demand}), so slow
 * uploads cannot starve the other clients of threads (docs/serving.md, "Limits, metrics, shutdown"). Bounded:
 * <ul>
 *   <li>a body over the size limit is read to its end (up to {@link #DISCARD_LIMIT}) and dropped, so the client,
 *       which is still sending, reads the 413 instead of a reset connection;</li>
 *   <li>a body that has not arrived within the body timeout, or stops arriving for the connection's idle timeout,
 *       is answered 408;</li>
 *   <li>while the server stops, a body may take until the drain time is over, then its request is answered 503; a
 *       body cut by the stop is never blamed on the client.</li>
 * </ul>
 * Exactly one of the two consumers runs, once.
 */
final class RequestBodyReader {

    /** Bytes of an oversized body read and dropped so the client can read the 413. */
    private static final long DISCARD_LIMIT = 64L << 20;

    private final Request request;
    private final int max;
    private final long declared;
    private final java.time.Duration timeout;
    private final Drain drain;
    private final Consumer<byte[]> onBody;
    private final Consumer<ServeException> onFailure;
    private final AtomicBoolean done = new AtomicBoolean();
    private final ByteArrayOutputStream out;
    private Scheduler.Task timer;
    private long seen;
    private boolean over;

    private RequestBodyReader(Request request, int max, java.time.Duration timeout, Drain drain, Consumer<byte[]> onBody,
            Consumer<ServeException> onFailure) {
        this.request = request;
        this.max = max;
        this.declared = request.getLength();
        this.timeout = timeout;
        this.drain = drain;
        this.onBody = onBody;
        this.onFailure = onFailure;
        this.over = declared > max;
        this.out = new ByteArrayOutputStream(over ? 0 : (int) Math.max(32, Math.min(declared, 1 << 16)));
    }

    /** Starts reading; {@code onBody} gets the whole body, or {@code onFailure} the error to answer with. */
    static void read(Request request, int maxBytes, java.time.Duration timeout, Drain drain, Consumer<byte[]> onBody,
            Consumer<ServeException> onFailure) {
        RequestBodyReader r = new RequestBodyReader(request, maxBytes, timeout, drain, onBody, onFailure);
        r.timer = request.getComponents().getScheduler().schedule(r::timedOut, timeout);
        drain.add(r);
        r.readAvailable();
    }

    private void readAvailable() {
        while (!done.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::readAvailable);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable why = chunk.getFailure();
                if (!chunk.isLast() && why instanceof TimeoutException && drain.stopping()) {
                    // the connection's shutdown idle timeout: while stopping, a body may take the whole drain time
                    continue;
                }
                failed(why);
                return;
            }
            ByteBuffer buf = chunk.getByteBuffer();
            int n = buf.remaining();
            seen += n;
            over |= seen > max;
            if (!over) {
                byte[] b = new byte[n];
                buf.get(b);
                out.write(b, 0, n);
            }
            boolean last = chunk.isLast();
            chunk.release();
            if (last || seen >= DISCARD_LIMIT) {
                finish();
                return;
            }
        }
    }

    private boolean end() {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        timer.cancel();
        drain.remove(this);
        return true;
    }

    private void finish() {
        if (!end()) {
            return;
        }
        if (over) {
            onFailure.accept(ServeException.http(413, ServeStatus.RESOURCE_EXHAUSTED, "the request body"
                    + (declared >= 0 ? " of " + declared + " bytes" : "") + " is larger than the server's body size limit, "
                    + max + " bytes: send fewer or shorter texts per request"));
        } else {
            onBody.accept(out.toByteArray());
        }
    }

    private void failed(Throwable why) {
        if (!end()) {
            return;
        }
        if (drain.stopping()) {
            onFailure.accept(stopping());
        } else if (why instanceof TimeoutException) {
            onFailure.accept(ServeException.http(408, ServeStatus.DEADLINE_EXCEEDED, "the request body stopped arriving ("
                    + seen + " bytes read): the connection was idle for longer than the server's idle timeout"));
        } else {
            onFailure.accept(ServeException.invalidArgument("cannot read the request body: "
                    + (why.getMessage() == null ? why.toString() : why.getMessage())));
        }
    }

    private void timedOut() {
        if (end()) {
            onFailure.accept(drain.stopping() ? stopping()
                    : ServeException.http(408, ServeStatus.DEADLINE_EXCEEDED, "the request body did not arrive within the "
                    + "server's body timeout, " + timeout.toMillis() / 1000.0 + " s (" + seen + " bytes read): send it faster"));
        }
    }

    /** The drain time is over and the body has not arrived. */
    void cutByShutdown() {
        if (end()) {
            onFailure.accept(stopping());
        }
    }

    private static ServeException stopping() {
        return ServeException.unavailable("the server is shutting down and the request body did not arrive before it "
                + "stopped taking requests; retry");
    }
}
