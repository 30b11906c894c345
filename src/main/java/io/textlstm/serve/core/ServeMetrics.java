package io.textlstm.serve.core;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The server's Prometheus metrics, served at TF Serving's path {@code /monitoring/prometheus/metrics}: requests by
 * model, signature and status, request latency, batch sizes, loaded versions and load outcomes. Front ends record a
 * request through the {@link RequestRecord} of {@link #startRequest}, the core records the rest.
 */
public final class ServeMetrics {

    /** Prometheus' text format content type. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("textlstm_serve_requests_total")
            .help("Requests by model, signature (or API) and status, as the HTTP status code TF Serving's REST API gives it")
            .labelNames("model", "signature", "code").register(registry);
    private final Histogram latency = Histogram.builder().name("textlstm_serve_request_latency_seconds")
            .help("Time from receiving a predict request to its answer")
            .classicOnly().classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5)
            .labelNames("model", "signature").register(registry);
    private final Histogram batchSize = Histogram.builder().name("textlstm_serve_batch_size")
            .help("Rows per model run after merging requests")
            .classicOnly().classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
            .labelNames("model", "signature").register(registry);
    private final Gauge loadedVersions = Gauge.builder().name("textlstm_serve_loaded_versions")
            .help("Versions of a model that are loaded and serving").labelNames("model").register(registry);
    private final Counter loads = Counter.builder().name("textlstm_serve_version_loads_total")
            .help("Version loads by model and outcome (ok, failed)").labelNames("model", "outcome").register(registry);

    private final Set<String> modelNames;

    ServeMetrics(Set<String> modelNames) {
        this.modelNames = Set.copyOf(modelNames);
    }

    /** Starts the record of one request received now; the front end finishes it once with its outcome. */
    public RequestRecord startRequest() {
        return new RequestRecord(this, System.nanoTime());
    }

    /** A model name as a metric label; names that are not served collapse into one label. */
    String modelLabel(String model) {
        return model != null && modelNames.contains(model) ? model : "(unknown)";
    }

    void request(String model, String signature, int code, long nanos) {
        requests.labelValues(model, signature, Integer.toString(code)).inc();
        if (nanos >= 0) {
            latency.labelValues(model, signature).observe(nanos / 1e9);
        }
    }

    void batch(String model, String signature, int rows) {
        batchSize.labelValues(model, signature).observe(rows);
    }

    void loaded(String model, int versions) {
        loadedVersions.labelValues(model).set(versions);
    }

    void load(String model, boolean ok) {
        loads.labelValues(model, ok ? "ok" : "failed").inc();
    }

    /** The metrics in Prometheus' text format ({@link #CONTENT_TYPE}). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
