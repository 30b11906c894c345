package io.textlstm.serve.rest;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The REST front end's shutdown as the request bodies see it (docs/serving.md, "Limits, metrics, shutdown"): once
 * stopping, a body still arriving may take until the drain time is over; then it is cut and its request answered
 * 503, as every request the shutdown cuts is.
 */
final class Drain {

    private final Set<RequestBodyReader> reading = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile boolean expired;

    /** Stopping from now on; bodies still arriving after {@code drain} are cut. */
    void begin(Duration drain, Scheduler scheduler) {
        stopping = true;
        scheduler.schedule(this::expire, drain);
    }

    private void expire() {
        expired = true;
        reading.forEach(RequestBodyReader::cutByShutdown);
    }

    boolean stopping() {
        return stopping;
    }

    /** A body starts arriving; cut at once when the drain time is already over. */
    void add(RequestBodyReader r) {
        reading.add(r);
        if (expired) {
            r.cutByShutdown();
        }
    }

    void remove(RequestBodyReader r) {
        reading.remove(r);
    }
}
