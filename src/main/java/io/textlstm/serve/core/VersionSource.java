package io.textlstm.serve.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls each model's base path and tells the {@link VersionManager} which versions to serve, as TF Serving's
 * {@code FileSystemStoragePathSource} does (docs/serving.md, "Versions"): the model's {@link VersionPolicy} picks
 * among the version folders on disk, passing over those whose load failed as their files are now (so a broken newest
 * version leaves the previous one serving). A base path that cannot be listed changes nothing: the loaded versions
 * keep serving, and the problem is logged once until it is back. Polls run one at a time.
 */
final class VersionSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    /** Where the aspired versions go (TF Serving's {@code AspiredVersionsCallback}). */
    interface Target {
        /**
         * The versions of {@code model} to serve now, replacing the previous list.
         *
         * @param onDisk every version number found on disk (to tell a removed folder from an unwanted one)
         */
        void setAspiredVersions(String model, List<VersionFolder> aspired, Set<Long> onDisk);

        /** Whether the folder's load failed as its files are now (or too recently to try again). */
        boolean loadFailed(String model, VersionFolder folder);
    }

    /** What the source remembers of a model between polls, to log a problem once rather than every poll. */
    private static final class PollState {
        boolean unlistable;
        List<String> duplicates = List.of();
    }

    private final List<ServedModelConfig> models;
    private final Duration interval;
    private final Target target;
    private final Map<String, PollState> state = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "textlstm-poll");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean started;
    private long polls;

    VersionSource(List<ServedModelConfig> models, Duration interval, Target target) {
        this.models = List.copyOf(models);
        this.interval = interval;
        this.target = target;
        models.forEach(m -> state.put(m.name(), new PollState()));
    }

    /** Polls every few seconds in the background from now on. */
    void start() {
        started = true;
        long ms = interval.toMillis();
        poller.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Polls soon on the poll thread (after a failed load, so the policy can fall back at once). */
    void requestPoll() {
        if (started && !poller.isShutdown()) {
            try {
                poller.execute(this::pollQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void pollQuietly() {
        try {
            pollNow();
        } catch (RuntimeException e) {
            LOG.error("polling the model base paths failed: {}", e.toString(), e);
        }
    }

    /** Polls every base path now, on the calling thread. */
    synchronized void pollNow() {
        for (ServedModelConfig m : models) {
            poll(m, state.get(m.name()));
        }
        polls++;
    }

    /** Polls finished so far. */
    synchronized long polls() {
        return polls;
    }

    private void poll(ServedModelConfig m, PollState st) {
        VersionFolders.Listing listing;
        try {
            listing = VersionFolders.scan(m.basePath());
        } catch (IOException e) {
            if (!st.unlistable) {
                LOG.warn("model {}: cannot list base path {} ({}); the versions loaded keep serving until it is back",
                        m.name(), m.basePath(), e.toString());
                st.unlistable = true;
            }
            return;
        }
        if (st.unlistable) {
            LOG.info("model {}: base path {} can be listed again", m.name(), m.basePath());
            st.unlistable = false;
        }
        if (!listing.duplicates().equals(st.duplicates)) {
            if (!listing.duplicates().isEmpty()) {
                LOG.warn("model {}: folders {} in {} give a version number another folder also gives; they are ignored",
                        m.name(), listing.duplicates(), m.basePath());
            }
            st.duplicates = listing.duplicates();
        }
        NavigableSet<Long> candidates = new TreeSet<>();
        for (VersionFolder f : listing.versions().values()) {
            if (!target.loadFailed(m.name(), f)) {
                candidates.add(f.version());
            }
        }
        Set<Long> chosen = m.versionPolicy().select(candidates);
        if (chosen.isEmpty()) {
            // every version the policy could pick failed: keep wanting them, so what serves keeps serving
            chosen = m.versionPolicy().select(listing.versions().navigableKeySet());
        }
        List<VersionFolder> aspired = new ArrayList<>();
        for (long v : chosen) {
            aspired.add(listing.versions().get(v));
        }
        target.setAspiredVersions(m.name(), aspired, listing.versions().keySet());
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
