package io.textlstm.serve;

import io.textlstm.serve.core.ServingCore;
import io.textlstm.serve.rest.RestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code textlstm serve}: TF Serving's REST API for textlstm SavedModels (docs/serving.md): the serving core with its
 * front ends.
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(ServeConfig.builder()
 *         .model("imdb_lstm", Path.of("savedmodel/imdb_lstm")).port(8501).build())) {
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>{@link #start} loads the versions to serve before it opens the port (falling back to a lower version when the
 * newest fails to load), so the first request finds a model. {@link #close} shuts down gracefully: the port stops
 * accepting, requests in flight are answered (up to the drain timeout), then the batch threads stop and every model
 * version is closed.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServingCore core;
    private final RestServer rest;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private ModelServer(ServingCore core, RestServer rest) {
        this.core = core;
        this.rest = rest;
    }

    /**
     * Loads the models, then listens.
     *
     * @throws io.textlstm.BadInputException when a base path does not exist
     * @throws IllegalStateException when the port cannot be opened
     */
    public static ModelServer start(ServeConfig config) {
        ServingCore core = ServingCore.start(config.core());
        RestServer rest;
        try {
            rest = RestServer.start(core, config.host(), config.port(), config.drainTimeout());
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        ModelServer s = new ModelServer(core, rest);
        LOG.info("REST API on http://{}:{} (TF Serving's /v1/models/... and /monitoring/prometheus/metrics), models {}, "
                + "version policy {}, batching {}", config.host(), s.port(), core.serving(),
                config.core().models().get(0).versionPolicy(), config.core().batching());
        return s;
    }

    /** The REST port listened on (the real one when the config asked for 0). */
    public int port() {
        return rest.port();
    }

    /** The serving core, for a second front end or an embedding application. */
    public ServingCore core() {
        return core;
    }

    /** REST requests received and not answered yet. */
    public long requestsInFlight() {
        return rest.requestsInFlight();
    }

    /** Versions serving now, per model. */
    public Map<String, List<Long>> servingVersions() {
        return core.serving();
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Graceful stop: no new connections, requests in flight answered, then batch threads and models closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LOG.info("stopping: no new requests; answering the ones in flight");
        rest.close();
        core.close();
        LOG.info("stopped");
        stopped.countDown();
    }
}
