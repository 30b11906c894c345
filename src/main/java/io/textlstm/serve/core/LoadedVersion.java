package io.textlstm.serve.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One loaded model version: its {@link Servable}, the {@link ServableSession} that runs requests on it (batching or
 * not), and a count of the references ({@link ServableHandle}s and runs) using it. {@link #retire} stops new
 * references; the servable is closed when the last one is released, so an unload never cuts a request short.
 */
final class LoadedVersion {

    final String model;
    final long version;
    final Servable servable;
    private final ServableSession session;

    private int references;
    private boolean retired;
    private Runnable onClosed;

    LoadedVersion(String model, long version, Servable servable, BatchScheduler batcher) {
        this.model = model;
        this.version = version;
        this.servable = servable;
        this.session = batcher == null ? ServableSession.direct(servable) : new BatchingSession(model, servable, batcher);
    }

    /** Runs one request's checked inputs through the version's session. */
    CompletableFuture<Map<String, HostTensor>> run(String signature, Map<String, HostTensor> inputs, int rows) {
        return session.run(signature, inputs, rows);
    }

    /** Takes a reference; false once retired (the caller looks for another version). */
    synchronized boolean acquire() {
        if (retired) {
            return false;
        }
        references++;
        return true;
    }

    /** Takes one more reference for a holder of one (a run started through an open handle), even when retired. */
    synchronized void retain() {
        if (references <= 0) {
            throw new IllegalStateException("model " + model + " version " + version + " retained without a reference");
        }
        references++;
    }

    /** Returns a reference; the last one after {@link #retire} closes the servable. */
    void release() {
        boolean close;
        synchronized (this) {
            if (references <= 0) {
                throw new IllegalStateException("model " + model + " version " + version + " released more often than acquired");
            }
            references--;
            close = retired && references == 0;
        }
        if (close) {
            closeNow();
        }
    }

    /** No new references; closes the servable now or when the last reference is released, then runs {@code then}. */
    void retire(Runnable then) {
        boolean close;
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
            onClosed = then;
            close = references == 0;
        }
        if (close) {
            closeNow();
        }
    }

    private void closeNow() {
        servable.close();
        Runnable r;
        synchronized (this) {
            r = onClosed;
        }
        if (r != null) {
            r.run();
        }
    }
}
