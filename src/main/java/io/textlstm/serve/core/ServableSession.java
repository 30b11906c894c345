package io.textlstm.serve.core;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How a loaded version runs a signature for one request: at once on the caller's thread ({@link #direct}) or merged
 * with other requests by a {@link BatchingSession}, as TF Serving puts its {@code BatchingSession} in front of a
 * servable's session. Callers run requests the same way either way.
 */
interface ServableSession {

    /**
     * Runs one request's checked inputs; the future completes with every output of the signature, rows in the
     * order of the inputs, or with the failure.
     */
    CompletableFuture<Map<String, HostTensor>> run(String signature, Map<String, HostTensor> inputs, int rows);

    /** Every request runs on its own, on the thread that submits it. */
    static ServableSession direct(Servable servable) {
        return (signature, inputs, rows) -> {
            try {
                return CompletableFuture.completedFuture(servable.run(signature, inputs));
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
