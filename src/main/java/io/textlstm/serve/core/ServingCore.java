package io.textlstm.serve.core;

import io.textlstm.BadInputException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The serving core every front end (REST, gRPC) runs over, shaped as TF Serving's {@code ServerCore}
 * (docs/serving.md, "The serving core"): a {@link VersionSource} polls the base paths and tells the
 * {@link VersionManager} which versions to serve; the manager loads them (warmup included), unloads them after their
 * last request, and publishes immutable status snapshots; each loaded version runs requests through its session,
 * which batches them when batching is on. Front ends take a {@link ServableHandle} for a {@link ModelSpec}, run
 * Predict on it, read signatures and {@link ModelStatus}, and record each request's outcome through
 * {@link #metrics()}; errors are {@link ServeException}s carrying TF Serving's status codes.
 *
 * <pre>{@code
 * try (ServingCore core = ServingCore.start(config);
 *      ServableHandle h = core.servable(ModelSpec.latest("imdb_lstm"))) {
 *     PredictResult r = h.predict(new PredictRequest("", Map.of("text", HostTensor.ofStrings(List.of("I loved it"))))).join();
 * }
 * }</pre>
 */
public final class ServingCore implements AutoCloseable {

    private final CoreConfig config;
    private final ServeMetrics metrics;
    private final BatchScheduler batcher;
    private final VersionManager manager;
    private final VersionSource source;
    private boolean closed;

    private ServingCore(CoreConfig config) {
        this.config = config;
        Set<String> names = new LinkedHashSet<>();
        config.models().forEach(m -> names.add(m.name()));
        this.metrics = new ServeMetrics(names);
        BatchingParameters b = config.batching();
        this.batcher = b.enabled() ? new BatchScheduler(b, (q, rows) -> metrics.batch(q.model, q.signature, rows)) : null;
        this.manager = new VersionManager(names, batcher, metrics);
        this.source = new VersionSource(config.models(), config.pollInterval(), manager);
        manager.afterFailedLoad(source::requestPoll);
    }

    /**
     * Loads the versions to serve (falling back to a lower version when the newest fails to load) and returns once they
     * serve; then polls in the background.
     *
     * @throws BadInputException when a base path does not exist
     */
    public static ServingCore start(CoreConfig config) {
        for (ServedModelConfig m : config.models()) {
            if (!Files.isDirectory(m.basePath())) {
                throw new BadInputException("model base path " + m.basePath() + " of model '" + m.name()
                        + "' does not exist or is not a folder");
            }
        }
        ServingCore core = new ServingCore(config);
        try {
            core.pollNow();
            core.source.start();
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        return core;
    }

    /**
     * Polls every base path now and waits until the loads it started have finished, polling again after each round
     * that loaded or failed something (so a failed newest version is replaced by the next one before this returns).
     */
    public void pollNow() {
        try {
            for (int round = 0; round < 1000; round++) {
                long before = manager.loadsFinished();
                source.pollNow();
                manager.awaitIdle();
                if (manager.loadsFinished() == before) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the models", e);
        }
    }

    /**
     * A reference on the version {@code spec} names (the highest serving one when it names none); close it when done.
     *
     * @throws ServeException NOT_FOUND for an unknown model or a version that is not serving ("Servable not found for
     *     request: Latest(name)"), INVALID_ARGUMENT for an unknown version label
     */
    public ServableHandle servable(ModelSpec spec) {
        return new ServableHandle(manager.acquire(spec), config.limits());
    }

    /**
     * The status of every version of the model {@code spec} names (no version or label) or of one, newest first.
     *
     * @throws ServeException NOT_FOUND as TF Serving words it when there is no version to report, INVALID_ARGUMENT for
     *     an unknown version label
     */
    public ModelStatus status(ModelSpec spec) {
        String model = spec.name();
        VersionManager.ModelSnapshot m = manager.snapshot().models().get(model);
        Long version = spec.version();
        if (m != null && spec.versionLabel() != null) {
            version = m.labels().get(spec.versionLabel());
            if (version == null) {
                throw ServeException.invalidArgument("Unrecognized servable version label: " + spec.versionLabel());
            }
        }
        List<VersionStatus> out = new ArrayList<>();
        if (m != null) {
            for (VersionStatus v : m.versions()) {
                if (version == null || v.version() == version) {
                    out.add(v);
                }
            }
        }
        if (out.isEmpty()) {
            throw ServeException.notFound(version == null ? "Could not find any versions of model " + model
                    : "Could not find version " + version + " of model " + model);
        }
        return new ModelStatus(model, out);
    }

    /**
     * Sets the version labels of {@code model} (TF Serving's {@code version_labels}: label to version number), which
     * {@link ModelSpec#labeled} requests resolve through; replaces the previous labels.
     */
    public void setVersionLabels(String model, Map<String, Long> labels) {
        manager.setVersionLabels(model, labels);
    }

    /** Versions serving now, per model, oldest first. */
    public Map<String, List<Long>> serving() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        manager.snapshot().models().forEach((name, m) -> out.put(name, List.copyOf(m.available().keySet())));
        return out;
    }

    /** The names of the served models, in configuration order. */
    public Set<String> modelNames() {
        return manager.snapshot().models().keySet();
    }

    public CoreConfig config() {
        return config;
    }

    public RequestLimits limits() {
        return config.limits();
    }

    /** Where front ends record their requests, and what {@code /monitoring/prometheus/metrics} shows. */
    public ServeMetrics metrics() {
        return metrics;
    }

    /** Polls of the base paths finished so far (each checks every model once). */
    public long polls() {
        return source.polls();
    }

    /**
     * Stops polling, runs the batches already queued, then unloads every version once its requests have finished.
     * Front ends stop taking requests first.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        source.close();
        if (batcher != null) {
            batcher.close();
        }
        manager.close();
    }
}
