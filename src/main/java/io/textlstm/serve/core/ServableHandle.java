package io.textlstm.serve.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reference to one loaded model version, as TF Serving's {@code ServableHandle}: while it is open the version stays
 * loaded (an unload waits for it). Front ends take one from {@link ServingCore#servable}, read the signatures, run
 * requests, and close it; a {@link #predict} in flight holds a reference of its own, so the handle may be closed as
 * soon as the request is submitted.
 */
public final class ServableHandle implements AutoCloseable {

    private final LoadedVersion loaded;
    private final RequestLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();

    ServableHandle(LoadedVersion loaded, RequestLimits limits) {
        this.loaded = loaded;
        this.limits = limits;
    }

    public String model() {
        return loaded.model;
    }

    public long version() {
        return loaded.version;
    }

    /** The version's signature defs (for request parsing and the metadata APIs). */
    public ModelSignatures signatures() {
        return loaded.servable.signatures();
    }

    /**
     * Runs TF Serving's Predict: checks the request against the signature and the server's limits, then runs it
     * alone or merged with others (batching is the loaded version's business). The future fails with a
     * {@link ServeException} for a bad request and with whatever else went wrong otherwise.
     *
     * @throws IllegalStateException when the handle is closed
     */
    public CompletableFuture<PredictResult> predict(PredictRequest request) {
        if (closed.get()) {
            throw new IllegalStateException("this servable handle is closed");
        }
        int rows;
        try {
            rows = PredictRequestValidator.check(request, loaded.servable, limits);
        } catch (ServeException e) {
            return CompletableFuture.failedFuture(e);
        }
        loaded.retain();
        CompletableFuture<Map<String, HostTensor>> run;
        try {
            run = loaded.run(request.signatureName(), request.inputs(), rows);
        } catch (RuntimeException e) {
            loaded.release();
            return CompletableFuture.failedFuture(e);
        }
        return run.handle((outputs, failure) -> {
            loaded.release();
            if (failure != null) {
                throw failure instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(failure);
            }
            Map<String, HostTensor> kept = outputs;
            if (!request.outputFilter().isEmpty()) {
                kept = new LinkedHashMap<>();
                for (Map.Entry<String, HostTensor> o : outputs.entrySet()) {
                    if (request.outputFilter().contains(o.getKey())) {
                        kept.put(o.getKey(), o.getValue());
                    }
                }
            }
            return new PredictResult(loaded.model, loaded.version, request.signatureName(), kept);
        });
    }

    /** Releases the reference; the version may unload once nothing else uses it. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            loaded.release();
        }
    }
}
