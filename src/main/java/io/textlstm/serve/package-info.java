/**
 * {@code textlstm serve}: a REST server with TF Serving's URLs and JSON for textlstm SavedModels, with
 * file-system version polling, server-side request batching and Prometheus metrics. The contract is in
 * {@code docs/serving.md}; {@link io.textlstm.serve.ModelServer} is the entry point.
 */
package io.textlstm.serve;
