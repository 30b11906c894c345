package io.textlstm.serve.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of one request, recorded in one place whichever front end answered it: the request counter and latency
 * histogram of {@link ServeMetrics}, and, for a failure that is the server's fault rather than the request's, one log
 * line with its stack trace. A front end names the model and signature as it learns them and finishes the record
 * exactly once, with {@link #ok()} or {@link #failed}, which also tells it what to answer.
 */
public final class RequestRecord {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServeMetrics metrics;
    private final long start;
    private String model = "(unknown)";
    private String signature = "-";
    private boolean timed = true;
    private boolean finished;

    RequestRecord(ServeMetrics metrics, long start) {
        this.metrics = metrics;
        this.start = start;
    }

    /** The model asked for (a name that is not served is counted as {@code (unknown)}). */
    public RequestRecord model(String name) {
        this.model = metrics.modelLabel(name);
        return this;
    }

    /** The signature that ran; only names of the version's signatures become labels, others stay {@code -}. */
    public RequestRecord signature(String name, ModelSignatures of) {
        if (name != null && of != null && of.get(name) != null) {
            this.signature = name;
        }
        return this;
    }

    /** A request to an API other than predict, such as {@code (status)} or {@code (metadata)}: counted, not timed. */
    public RequestRecord api(String label) {
        this.signature = label;
        this.timed = false;
        return this;
    }

    /** The request was answered. */
    public void ok() {
        finish(ServeStatus.OK.httpStatus());
    }

    /**
     * The request failed with {@code failure}: returns the {@link ServeException} to answer with. Anything other than a
     * ServeException is the server's fault: logged here with its stack trace and answered as INTERNAL.
     */
    public ServeException failed(Throwable failure) {
        ServeException e = asServeException(failure);
        finish(e.httpStatus());
        return e;
    }

    private static ServeException asServeException(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ServeException se) {
            return se;
        }
        LOG.error("internal error while answering a request", t);
        return ServeException.internal("internal error: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
    }

    private synchronized void finish(int code) {
        if (finished) {
            LOG.warn("a request was recorded twice (code {}); counted once", code, new IllegalStateException());
            return;
        }
        finished = true;
        metrics.request(model, signature, code, timed ? System.nanoTime() - start : -1);
    }
}
