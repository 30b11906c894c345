package io.textlstm.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textlstm.BadInputException;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.WarmupRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.TensorProto;

/**
 * The served models and their versions, kept in step with the disk as TF Serving's file-system source does
 * (docs/serving.md): each base path is polled; a numeric version folder the version policy wants is loaded in the
 * background, warmed up from {@code assets.extra/tf_serving_warmup_requests} and only then served; a version the
 * policy no longer wants is unloaded once a wanted one is serving (or at once when its folder is gone), after its
 * requests in flight finish. A version that fails to load is reported in the status and the log and is not tried
 * again until its folder changes; the versions already loaded keep serving.
 */
final class ModelManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");
    /** TF Serving replays at most this many warmup records. */
    static final int MAX_WARMUP_RECORDS = 1000;

    /** TF Serving's {@code ModelVersionStatus.State}. */
    enum State { START, LOADING, AVAILABLE, UNLOADING, END }

    private static final class Entry {
        final long version;
        State state = State.START;
        String errorCode = "OK";
        String errorMessage = "";
        LoadedVersion loaded;
        FileTime failedStamp;

        Entry(long version) {
            this.version = version;
        }
    }

    private final class Model {
        final String name;
        final Path base;
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        boolean missingReported;

        Model(String name, Path base) {
            this.name = name;
            this.base = base;
        }
    }

    private final ServeConfig config;
    private final BatchScheduler batcher;
    private final ServeMetrics metrics;
    private final Map<String, Model> models = new LinkedHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> daemon(r, "textlstm-loader"));
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "textlstm-poll"));
    private boolean closed;

    ModelManager(ServeConfig config, BatchScheduler batcher, ServeMetrics metrics) {
        this.config = config;
        this.batcher = batcher;
        this.metrics = metrics;
        config.models().forEach((name, base) -> models.put(name, new Model(name, base)));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Loads what the policy wants now (waits for it), then polls in the background. */
    void start() {
        for (Model m : models.values()) {
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
        for (Model m : models.values()) {
            try {
                poll(m);
            } catch (RuntimeException e) {
                LOG.error("model {}: polling {} failed: {}", m.name, m.base, e.toString());
            }
        }
    }

    /** Version folders on disk with a stamp that changes when a folder is replaced. */
    private static Map<Long, FileTime> scan(Path base) throws IOException {
        Map<Long, FileTime> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (ExportLayout.isVersionName(n) && Files.isDirectory(p)) {
                    out.put(Long.parseLong(n), Files.getLastModifiedTime(p));
                }
            }
        }
        return out;
    }

    private void poll(Model m) {
        Map<Long, FileTime> onDisk;
        try {
            onDisk = scan(m.base);
            m.missingReported = false;
        } catch (IOException e) {
            if (!m.missingReported) {
                LOG.warn("model {}: cannot list base path {} ({}); treating it as empty", m.name, m.base, e.toString());
                m.missingReported = true;
            }
            onDisk = Map.of();
        }
        List<Entry> toLoad = new ArrayList<>();
        List<Entry> toUnload = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            NavigableSet<Long> candidates = new TreeSet<>();
            for (Map.Entry<Long, FileTime> d : onDisk.entrySet()) {
                Entry e = m.entries.get(d.getKey());
                if (e == null || e.failedStamp == null || !e.failedStamp.equals(d.getValue())) {
                    candidates.add(d.getKey());
                }
            }
            Set<Long> wanted = config.versionPolicy().select(candidates);
            for (long v : wanted) {
                Entry e = m.entries.computeIfAbsent(v, Entry::new);
                if (e.state == State.START || e.state == State.END) {
                    e.state = State.LOADING;
                    e.errorCode = "OK";
                    e.errorMessage = "";
                    e.failedStamp = null;
                    toLoad.add(e);
                }
            }
            boolean wantedServing = wanted.stream().anyMatch(v -> m.entries.get(v).state == State.AVAILABLE);
            for (Entry e : m.entries.values()) {
                if (e.state == State.AVAILABLE && !wanted.contains(e.version)
                        && (wantedServing || !onDisk.containsKey(e.version))) {
                    e.state = State.UNLOADING;
                    toUnload.add(e);
                }
            }
        }
        for (Entry e : toUnload) {
            unload(m, e, onDisk.containsKey(e.version) ? "no longer wanted by the version policy (" + config.versionPolicy() + ")"
                    : "its folder was removed");
        }
        for (Entry e : toLoad) {
            Path dir = m.base.resolve(Long.toString(e.version));
            FileTime stamp = onDisk.get(e.version);
            loader.execute(() -> load(m, e, dir, stamp));
        }
    }

    private void load(Model m, Entry e, Path dir, FileTime stamp) {
        long t0 = System.nanoTime();
        TextClassifier classifier = null;
        int warmups;
        LoadedVersion lv;
        try {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            classifier = TextClassifier.load(dir);
            ModelSignatures sigs = ModelSignatures.read(dir);
            warmups = warmUp(classifier, dir);
            lv = new LoadedVersion(m.name, e.version, classifier, sigs, batcher);
        } catch (RuntimeException ex) {
            if (classifier != null) {
                classifier.close();
            }
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            synchronized (this) {
                e.state = State.END;
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
                e.state = State.AVAILABLE;
                e.loaded = lv;
                metrics.loaded(m.name, countAvailable(m));
            }
        }
        if (!keep) {
            classifier.close();
            return;
        }
        metrics.load(m.name, true);
        LOG.info("model {} version {}: loaded from {} in {} ms, warmed up with {} requests, serving", m.name, e.version, dir,
                (System.nanoTime() - t0) / 1_000_000, warmups);
        poll(m);
    }

    /** Replays the version's warmup records (TF Serving's model warmup); returns how many ran. */
    static int warmUp(TextClassifier classifier, Path dir) {
        Path file = dir.resolve(ExportLayout.ASSETS_EXTRA_DIR).resolve(ExportLayout.WARMUP_FILE);
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        List<WarmupRequests.Request> requests;
        try {
            requests = WarmupRequests.read(file);
        } catch (IOException ex) {
            throw new BadInputException("warmup file " + file + " is unreadable: " + ex.getMessage(), ex);
        }
        int n = 0;
        for (WarmupRequests.Request r : requests) {
            if (n == MAX_WARMUP_RECORDS) {
                break;
            }
            TensorProto t = r.tensor();
            if (ExportLayout.PREDICT_IDS.equals(r.signatureName())) {
                int len = classifier.maxLength();
                int rows = t.getIntValCount() / len;
                int[][] ids = new int[rows][len];
                for (int i = 0; i < rows * len; i++) {
                    ids[i / len][i % len] = t.getIntVal(i);
                }
                classifier.predictIds(ids);
            } else {
                List<String> texts = new ArrayList<>();
                t.getStringValList().forEach(b -> texts.add(b.toString(StandardCharsets.UTF_8)));
                classifier.predict(texts);
            }
            n++;
        }
        return n;
    }

    private void unload(Model m, Entry e, String why) {
        LoadedVersion lv = e.loaded;
        synchronized (this) {
            metrics.loaded(m.name, countAvailable(m));
        }
        lv.retire(() -> {
            synchronized (this) {
                e.state = State.END;
                e.loaded = null;
            }
            LOG.info("model {} version {}: unloaded ({}); its session is closed", m.name, e.version, why);
        });
    }

    private static int countAvailable(Model m) {
        int n = 0;
        for (Entry e : m.entries.values()) {
            if (e.state == State.AVAILABLE) {
                n++;
            }
        }
        return n;
    }

    /**
     * A loaded version for one request, with a reference the caller must {@link LoadedVersion#release()}:
     * {@code version} null means the highest version that is serving.
     *
     * @throws ServeException 404 as TF Serving words it, when the model or version is not serving
     */
    LoadedVersion acquire(String model, Long version) {
        Model m = models.get(model);
        String request = version == null ? "Latest(" + model + ")" : "Specific(" + model + ", " + version + ")";
        if (m != null) {
            synchronized (this) {
                for (Entry e : m.entries.descendingMap().values()) {
                    if ((version == null || e.version == version) && e.state == State.AVAILABLE && e.loaded.acquire()) {
                        return e.loaded;
                    }
                }
            }
        }
        throw ServeException.notFound("Servable not found for request: " + request);
    }

    /** {@code GET /v1/models/{name}[/versions/{v}]}: TF Serving's GetModelStatusResponse as JSON. */
    synchronized ObjectNode status(String model, Long version) {
        Model m = models.get(model);
        List<Entry> list = new ArrayList<>();
        if (m != null) {
            for (Entry e : m.entries.descendingMap().values()) {
                if (version == null || e.version == version) {
                    list.add(e);
                }
            }
        }
        if (list.isEmpty()) {
            throw ServeException.notFound(version == null ? "Could not find any versions of model " + model
                    : "Could not find version " + version + " of model " + model);
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode arr = root.putArray("model_version_status");
        for (Entry e : list) {
            ObjectNode o = arr.addObject();
            o.put("version", Long.toString(e.version));
            o.put("state", e.state.name());
            o.putObject("status").put("error_code", e.errorCode).put("error_message", e.errorMessage);
        }
        return root;
    }

    /** {@code GET .../metadata}: TF Serving's GetModelMetadataResponse with the signature defs. */
    ObjectNode metadata(String model, Long version) {
        LoadedVersion lv = acquire(model, version);
        try {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.putObject("model_spec").put("name", model).put("signature_name", "").put("version", Long.toString(lv.version));
            root.putObject("metadata").set("signature_def", lv.signatures.toJson());
            return root;
        } finally {
            lv.release();
        }
    }

    /** Versions serving now, per model (for logs and tests). */
    synchronized Map<String, List<Long>> serving() {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        for (Model m : models.values()) {
            List<Long> vs = new ArrayList<>();
            m.entries.values().forEach(e -> {
                if (e.state == State.AVAILABLE) {
                    vs.add(e.version);
                }
            });
            out.put(m.name, vs);
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
            for (Model m : models.values()) {
                for (Entry e : m.entries.values()) {
                    if (e.state == State.AVAILABLE) {
                        e.state = State.UNLOADING;
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
