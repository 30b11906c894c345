package io.textlstm.serve.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of every served model, kept as the {@link VersionSource} asks, as TF Serving's
 * {@code AspiredVersionsManager} does (docs/serving.md, "Versions"): each version moves through the state machine of
 * {@link VersionState}; the {@link AvailabilityPreservingPolicy} picks the next load or unload; loads run one at a
 * time on a loader thread ({@link VersionLoader}, then warmup); an unload retires the {@link LoadedVersion}, whose
 * servable closes when its last request releases it. After every change the manager publishes an immutable
 * {@link Snapshot}: requests find their version and the status API reads states there without taking the lock.
 *
 * <p>A version that fails to load is reported (status, log, metrics) and passed over by the source; it is tried
 * again once its files changed, not sooner than a back-off that doubles with each failure (1 s up to 64 s), so a
 * version published by a non-atomic copy loads once the copy is complete.
 */
final class VersionManager implements VersionSource.Target, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");
    static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    static final Duration RETRY_MAX = Duration.ofSeconds(64);

    /** What requests and the status API read: immutable, replaced after every change. */
    record Snapshot(Map<String, ModelSnapshot> models) {}

    /**
     * One model in a snapshot.
     *
     * @param versions  every version known, newest first
     * @param available the versions serving, by number
     * @param labels    version labels (TF Serving's {@code version_labels}) by name
     */
    record ModelSnapshot(List<VersionStatus> versions, NavigableMap<Long, LoadedVersion> available, Map<String, Long> labels) {}

    private final BatchScheduler batcher;
    private final ServeMetrics metrics;
    private final Map<String, TreeMap<Long, VersionState>> models = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> labels = new HashMap<>();
    /** The version numbers on disk at the last poll, per model (to say why a version unloads). */
    private final Map<String, Set<Long>> onDisk = new HashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "textlstm-loader");
        t.setDaemon(true);
        return t;
    });
    private volatile Snapshot snapshot;
    private Runnable afterFailedLoad = () -> { };
    private long loadsFinished;
    private boolean closed;

    VersionManager(Collection<String> modelNames, BatchScheduler batcher, ServeMetrics metrics) {
        this.batcher = batcher;
        this.metrics = metrics;
        for (String name : modelNames) {
            models.put(name, new TreeMap<>());
            labels.put(name, Map.of());
        }
        synchronized (this) {
            publish();
        }
    }

    /** Runs after a load failed (the core asks the source to poll again, so that the policy falls back at once). */
    synchronized void afterFailedLoad(Runnable r) {
        afterFailedLoad = r;
    }

    @Override
    public void setAspiredVersions(String model, List<VersionFolder> aspired, Set<Long> onDisk) {
        List<Unload> unloads;
        synchronized (this) {
            TreeMap<Long, VersionState> versions = models.get(model);
            if (closed || versions == null) {
                return;
            }
            long now = System.nanoTime();
            versions.values().forEach(v -> v.aspired = false);
            for (VersionFolder f : aspired) {
                VersionState v = versions.computeIfAbsent(f.version(), k -> new VersionState(f));
                if (v.phase != VersionState.Phase.LOADING) {
                    v.folder = f;
                }
                if (v.phase == VersionState.Phase.END || (v.phase == VersionState.Phase.ERROR && retryable(v, f, now))) {
                    v.phase = VersionState.Phase.NEW;
                }
                v.aspired = true;
            }
            this.onDisk.put(model, Set.copyOf(onDisk));
            unloads = reconcile(model);
        }
        retire(unloads);
    }

    @Override
    public synchronized boolean loadFailed(String model, VersionFolder folder) {
        TreeMap<Long, VersionState> versions = models.get(model);
        VersionState v = versions == null ? null : versions.get(folder.version());
        return v != null && v.phase == VersionState.Phase.ERROR && !retryable(v, folder, System.nanoTime());
    }

    private static boolean retryable(VersionState v, VersionFolder now, long nowNanos) {
        return !now.stamp().equals(v.failedStamp) && nowNanos - v.retryAtNanos >= 0;
    }

    private record Unload(String model, VersionState version, LoadedVersion loaded, String why) {}

    /** Applies the policy's actions until it has none; the caller holds the lock and retires what this returns. */
    private List<Unload> reconcile(String model) {
        TreeMap<Long, VersionState> versions = models.get(model);
        Set<Long> disk = onDisk.getOrDefault(model, Set.of());
        List<Unload> unloads = new ArrayList<>();
        for (AvailabilityPreservingPolicy.Action a; (a = AvailabilityPreservingPolicy.next(versions.values())) != null; ) {
            VersionState v = a.version();
            if (a.kind() == AvailabilityPreservingPolicy.Kind.UNLOAD) {
                v.phase = VersionState.Phase.UNLOADING;
                String why = !disk.contains(v.version) ? "its folder was removed"
                        : "no longer wanted by the version policy";
                unloads.add(new Unload(model, v, v.loaded, why));
            } else {
                v.phase = VersionState.Phase.LOADING;
                VersionFolder folder = v.folder;
                loader.execute(() -> load(model, v, folder));
            }
        }
        publish();
        return unloads;
    }

    private void load(String model, VersionState v, VersionFolder folder) {
        long t0 = System.nanoTime();
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        VersionLoader.Loaded loaded;
        try {
            loaded = VersionLoader.load(folder.dir());
        } catch (RuntimeException ex) {
            failed(model, v, folder, ex);
            return;
        }
        LoadedVersion lv = new LoadedVersion(model, v.version, loaded.servable(), batcher);
        List<Unload> unloads;
        synchronized (this) {
            if (closed) {
                unloads = null;
            } else {
                v.phase = VersionState.Phase.AVAILABLE;
                v.loaded = lv;
                v.failures = 0;
                v.failedStamp = null;
                v.error = "";
                loadsFinished++;
                notifyAll();
                unloads = reconcile(model);
            }
        }
        if (unloads == null) {
            loaded.servable().close();
            return;
        }
        metrics.load(model, true);
        LOG.info("model {} version {}: loaded from {} in {} ms, warmed up with {} requests, serving", model, v.version,
                folder.dir(), (System.nanoTime() - t0) / 1_000_000, loaded.warmups());
        retire(unloads);
    }

    private void failed(String model, VersionState v, VersionFolder folder, RuntimeException ex) {
        String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        List<Unload> unloads;
        long backoff;
        Runnable after;
        synchronized (this) {
            v.phase = VersionState.Phase.ERROR;
            v.error = msg;
            v.failedStamp = folder.stamp();
            v.failures++;
            backoff = Math.min(RETRY_MAX.toNanos(), RETRY_FIRST.toNanos() << Math.min(v.failures - 1, 20));
            v.retryAtNanos = System.nanoTime() + backoff;
            loadsFinished++;
            notifyAll();
            unloads = closed ? List.of() : reconcile(model);
            after = closed ? null : afterFailedLoad;
        }
        metrics.load(model, false);
        LOG.error("model {} version {}: load failed, not served (the versions already loaded keep serving; tried again "
                + "once its files change, not before {} s): {}", model, v.version, TimeUnit.NANOSECONDS.toSeconds(backoff), msg);
        retire(unloads);
        if (after != null) {
            after.run();
        }
    }

    private void retire(List<Unload> unloads) {
        for (Unload u : unloads) {
            u.loaded().retire(() -> {
                synchronized (this) {
                    if (u.version().phase == VersionState.Phase.UNLOADING) {
                        u.version().phase = VersionState.Phase.END;
                    }
                    u.version().loaded = null;
                    publish();
                }
                LOG.info("model {} version {}: unloaded ({}); its session is closed", u.model(), u.version().version, u.why());
            });
        }
    }

    /** Publishes the state as a new immutable snapshot; the caller holds the lock. */
    private void publish() {
        Map<String, ModelSnapshot> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, VersionState>> m : models.entrySet()) {
            List<VersionStatus> statuses = new ArrayList<>();
            TreeMap<Long, LoadedVersion> available = new TreeMap<>();
            for (VersionState v : m.getValue().descendingMap().values()) {
                statuses.add(v.status());
                if (v.phase == VersionState.Phase.AVAILABLE) {
                    available.put(v.version, v.loaded);
                }
            }
            out.put(m.getKey(), new ModelSnapshot(List.copyOf(statuses), java.util.Collections.unmodifiableNavigableMap(available),
                    labels.get(m.getKey())));
            metrics.loaded(m.getKey(), available.size());
        }
        snapshot = new Snapshot(java.util.Collections.unmodifiableMap(out));
    }

    /** The latest snapshot. */
    Snapshot snapshot() {
        return snapshot;
    }

    /**
     * Sets the version labels of {@code model} (TF Serving's {@code version_labels}: label → version number); requests
     * naming a label go to that version. Replaces the previous labels.
     */
    synchronized void setVersionLabels(String model, Map<String, Long> versionLabels) {
        if (!models.containsKey(model)) {
            throw new IllegalArgumentException("no model named '" + model + "' is served");
        }
        labels.put(model, Map.copyOf(versionLabels));
        publish();
    }

    /**
     * A reference on the version {@code spec} names, with TF Serving's errors.
     *
     * @throws ServeException NOT_FOUND for an unknown model or a version that is not serving, INVALID_ARGUMENT for an
     *     unknown label
     */
    LoadedVersion acquire(ModelSpec spec) {
        while (true) {
            Snapshot s = snapshot;
            ModelSnapshot m = s.models().get(spec.name());
            Long version = spec.version();
            if (m != null && spec.versionLabel() != null) {
                version = m.labels().get(spec.versionLabel());
                if (version == null) {
                    throw ServeException.invalidArgument("Unrecognized servable version label: " + spec.versionLabel());
                }
            }
            LoadedVersion lv = m == null ? null
                    : version == null ? (m.available().isEmpty() ? null : m.available().lastEntry().getValue())
                    : m.available().get(version);
            if (lv == null) {
                ModelSpec asked = version == null ? ModelSpec.latest(spec.name()) : ModelSpec.specific(spec.name(), version);
                throw ServeException.notFound("Servable not found for request: " + asked.describe());
            }
            if (lv.acquire()) {
                return lv;
            }
            // retired after this snapshot was read: the manager published a newer one before retiring it
            if (snapshot == s) {
                Thread.onSpinWait();
            }
        }
    }

    /** Loads finished (loaded or failed) so far. */
    synchronized long loadsFinished() {
        return loadsFinished;
    }

    /** Blocks until no version is loading. */
    synchronized void awaitIdle() throws InterruptedException {
        while (!closed && models.values().stream().flatMap(m -> m.values().stream())
                .anyMatch(v -> v.phase == VersionState.Phase.LOADING)) {
            wait();
        }
    }

    /** Stops loading, then unloads every version once its requests have finished. */
    @Override
    public void close() {
        List<Unload> unloads = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Map.Entry<String, TreeMap<Long, VersionState>> m : models.entrySet()) {
                for (VersionState v : m.getValue().values()) {
                    if (v.phase == VersionState.Phase.AVAILABLE) {
                        v.phase = VersionState.Phase.UNLOADING;
                        unloads.add(new Unload(m.getKey(), v, v.loaded, "the server is stopping"));
                    }
                }
            }
            publish();
            notifyAll();
        }
        loader.shutdown();
        try {
            loader.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retire(unloads);
    }
}
