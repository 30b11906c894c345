/**
 * {@code textlstm serve}: TF Serving's REST API for textlstm SavedModels, with file-system version polling,
 * server-side request batching and Prometheus metrics. The contract is in {@code docs/serving.md};
 * {@link io.textlstm.serve.ModelServer} is the entry point. It assembles the serving core
 * ({@link io.textlstm.serve.core}) and its front ends ({@link io.textlstm.serve.rest}, one sub-package each), which
 * import the core and not each other.
 */
package io.textlstm.serve;
