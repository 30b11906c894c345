/**
 * The serving core under every front end, shaped as TF Serving's (docs/serving.md, "The serving core"): a version
 * source polls the base paths, a version manager loads and unloads versions and publishes status snapshots, each
 * loaded version runs requests through a session that batches them, and one error type and one metrics registry
 * serve every front end. {@link io.textlstm.serve.core.ServingCore} is the entry point; it imports no front end.
 */
package io.textlstm.serve.core;
