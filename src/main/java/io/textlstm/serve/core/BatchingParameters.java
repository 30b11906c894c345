package io.textlstm.serve.core;

/**
 * Server-side batching, named after TF Serving's {@code batching_parameters} (docs/serving.md): requests on the
 * same model version and signature that arrive together run as one {@code Session.run} of up to
 * {@code maxBatchSize} rows.
 *
 * @param enabled            false: every request runs on its own, on the thread that received it
 * @param maxBatchSize       most rows in one run; a request with more rows runs alone
 * @param batchTimeoutMicros longest a request waits for others to join its batch
 * @param numBatchThreads    batches that run at once (shared by all models)
 * @param maxEnqueuedBatches full batches that may wait per model version and signature before requests get 503
 */
public record BatchingParameters(boolean enabled, int maxBatchSize, long batchTimeoutMicros, int numBatchThreads,
        int maxEnqueuedBatches) {

    /**
     * Measured best on a 2-core machine (docs/serving.md, "Performance": one batch thread, because one batch already
     * keeps both cores busy); the same values as tools/batching_parameters.txt for TF Serving.
     */
    public static final BatchingParameters DEFAULTS = new BatchingParameters(true, 64, 2000, 1, 100);

    public BatchingParameters {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max_batch_size must be at least 1, got " + maxBatchSize);
        }
        if (batchTimeoutMicros < 0) {
            throw new IllegalArgumentException("batch_timeout_micros must be 0 or more, got " + batchTimeoutMicros);
        }
        if (numBatchThreads < 1) {
            throw new IllegalArgumentException("num_batch_threads must be at least 1, got " + numBatchThreads);
        }
        if (maxEnqueuedBatches < 1) {
            throw new IllegalArgumentException("max_enqueued_batches must be at least 1, got " + maxEnqueuedBatches);
        }
    }

    /** In TF Serving's names, for the log. */
    @Override
    public String toString() {
        return enabled ? "max_batch_size " + maxBatchSize + ", batch_timeout_micros " + batchTimeoutMicros + ", num_batch_threads "
                + numBatchThreads + ", max_enqueued_batches " + maxEnqueuedBatches : "off";
    }
}
