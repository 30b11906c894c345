package io.textlstm.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textlstm.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served models and their versions, kept in step with the disk as TF Serving's file-system source does
 * (docs/serving.md): each base path is polled; a numeric version folder the version policy wants is loaded in the
 * background, warmed up from {@code assets.extra/tf_serving_warmup_requests} and only then served; a version the
 * policy no longer wants is unloaded once a wanted one is serving (or at once when its folder is gone), after its
 * requests in flight finish. A version that fails to load is reported in the status and the log and is not tried
 * again until its folder changes; the versions already loaded keep serving. This class owns the threads and the
 * lock; {@link VersionFolders} lists the disk, {@link VersionPlan} applies the policy, {@link VersionLoader} loads
 * and warms up, {@link ModelStatusJson} reports.
 */
final class ModelManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServeConfig config;
    private final BatchScheduler batcher;
    private final ServeMetrics metrics;
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> daemon(r, "textlstm-loader"));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "textlstm-poll"));
    private boolean closed;

    ModelManager(ServeConfig config, BatchScheduler batcher, ServeMetrics metrics) {
        this.config = config;
        this.batcher = batcher;
        this.metrics = metrics;
        config.models().forEach((name, base) -> models.put(name, new ServedModel(name, base)));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Loads what the policy wants now (waits for it), then polls in the background. */
    void start() {
        for (ServedModel m : models.values()) {
            if (!Files.isDirectory(m.base)) {
                throw new BadInputException("model base path " + m.base + " of model '" + m.name + "' does not exist or is not a folder");
            }
        }
        pollAll();
        try {
            // the loads queued by the first poll run in order on the loader: wait for them
            loader.submit(() -> { }).get();
        } catch (Exception e) {
            throw new IllegalStateException("initial load interrupted", e);
        }
        pollAll();
        long ms = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void pollAll() {
        for (ServedModel m : models.values()) {
            try {
                poll(m);
            } catch (RuntimeException e) {
                LOG.error("model {}: polling {} failed: {}", m.name, m.base, e.toString());
            }
        }
    }

    private void poll(ServedModel m) {
        Map<Long, FileTime> onDisk;
        try {
            onDisk = VersionFolders.scan(m.base);
            m.missingReported = false;
        } catch (IOException e) {
            if (!m.missingReported) {
                LOG.warn("model {}: cannot list base path {} ({}); treating it as empty", m.name, m.base, e.toString());
                m.missingReported = true;
            }
            onDisk = Map.of();
        }
        VersionPlan plan;
        synchronized (this) {
            if (closed) {
                return;
            }
            plan = VersionPlan.make(m.entries, onDisk, config.versionPolicy());
        }
        for (VersionEntry e : plan.toUnload()) {
            unload(m, e, onDisk.containsKey(e.version) ? "no longer wanted by the version policy (" + config.versionPolicy() + ")"
                    : "its folder was removed");
        }
        for (VersionEntry e : plan.toLoad()) {
            Path dir = m.base.resolve(Long.toString(e.version));
            FileTime stamp = onDisk.get(e.version);
            loader.execute(() -> load(m, e, dir, stamp));
        }
    }

    private void load(ServedModel m, VersionEntry e, Path dir, FileTime stamp) {
        long t0 = System.nanoTime();
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        VersionLoader.Loaded loaded;
        try {
            loaded = VersionLoader.load(m.name, e.version, dir, batcher);
        } catch (RuntimeException ex) {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            synchronized (this) {
                e.state = VersionEntry.State.END;
                e.errorCode = "UNKNOWN";
                e.errorMessage = msg;
                e.failedStamp = stamp;
            }
            metrics.load(m.name, false);
            LOG.error("model {} version {}: load failed, not served (the versions already loaded keep serving): {}",
                    m.name, e.version, msg);
            return;
        }
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                e.state = VersionEntry.State.AVAILABLE;
                e.loaded = loaded.version();
                metrics.loaded(m.name, m.available().size());
            }
        }
        if (!keep) {
            loaded.version().classifier.close();
            return;
        }
        metrics.load(m.name, true);
        LOG.info("model {} version {}: loaded from {} in {} ms, warmed up with {} requests, serving", m.name, e.version, dir,
                (System.nanoTime() - t0) / 1_000_000, loaded.warmups());
        poll(m);
    }

    private void unload(ServedModel m, VersionEntry e, String why) {
        LoadedVersion lv = e.loaded;
        synchronized (this) {
            metrics.loaded(m.name, m.available().size());
        }
        lv.retire(() -> {
            synchronized (this) {
                e.state = VersionEntry.State.END;
                e.loaded = null;
            }
            LOG.info("model {} version {}: unloaded ({}); its session is closed", m.name, e.version, why);
        });
    }

    /**
     * A loaded version for one request, with a reference the caller must {@link LoadedVersion#release()}:
     * {@code version} null means the highest version that is serving.
     *
     * @throws ServeException 404 as TF Serving words it, when the model or version is not serving
     */
    LoadedVersion acquire(String model, Long version) {
        ServedModel m = models.get(model);
        String request = version == null ? "Latest(" + model + ")" : "Specific(" + model + ", " + version + ")";
        if (m != null) {
            synchronized (this) {
                for (VersionEntry e : m.newestFirst(version)) {
                    if (e.state == VersionEntry.State.AVAILABLE && e.loaded.acquire()) {
                        return e.loaded;
                    }
                }
            }
        }
        throw ServeException.notFound("Servable not found for request: " + request);
    }

    /** {@code GET /v1/models/{name}[/versions/{v}]}: TF Serving's GetModelStatusResponse as JSON. */
    synchronized ObjectNode status(String model, Long version) {
        ServedModel m = models.get(model);
        List<VersionEntry> list = m == null ? List.of() : m.newestFirst(version);
        return ModelStatusJson.status(model, version, list);
    }

    /** {@code GET .../metadata}: TF Serving's GetModelMetadataResponse with the signature defs. */
    ObjectNode metadata(String model, Long version) {
        LoadedVersion lv = acquire(model, version);
        try {
            return ModelStatusJson.metadata(model, lv);
        } finally {
            lv.release();
        }
    }

    /** Versions serving now, per model (for logs and tests). */
    synchronized Map<String, List<Long>> serving() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (ServedModel m : models.values()) {
            out.put(m.name, m.available());
        }
        return out;
    }

    /** Stops polling and loading, then unloads every version once its requests have finished. */
    @Override
    public void close() {
        poller.shutdownNow();
        List<Runnable> unloads = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (ServedModel m : models.values()) {
                for (VersionEntry e : m.entries.values()) {
                    if (e.state == VersionEntry.State.AVAILABLE) {
                        e.state = VersionEntry.State.UNLOADING;
                        unloads.add(() -> unload(m, e, "the server is stopping"));
                    }
                }
            }
        }
        loader.shutdown();
        try {
            loader.awaitTermination(60, TimeUnit.SECONDS);
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unloads.forEach(Runnable::run);
    }
}
