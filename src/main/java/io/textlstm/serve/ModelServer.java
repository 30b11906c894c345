package io.textlstm.serve;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code textlstm serve}: TF Serving's REST API for textlstm SavedModels (docs/serving.md).
 *
 * <pre>{@code
 * try (ModelServer server = ModelServer.start(ServeConfig.builder()
 *         .model("imdb_lstm", Path.of("savedmodel/imdb_lstm")).port(8501).build())) {
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>{@link #start} loads the versions the policy wants before it opens the port, so the first request finds a
 * model. {@link #close} shuts down gracefully: the port stops accepting, requests in flight are answered (up to the
 * drain timeout), then the batch threads stop and every model version is closed.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    private final ServeConfig config;
    private final ServeMetrics metrics = new ServeMetrics();
    private final BatchScheduler batcher;
    private final ModelManager models;
    private final Server server;
    private final ServerConnector connector;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private ModelServer(ServeConfig config) {
        this.config = config;
        BatchingParameters b = config.batching();
        this.batcher = b.enabled() ? new BatchScheduler(b, (q, rows) -> metrics.batch(q.model, q.signature, rows)) : null;
        this.models = new ModelManager(config, batcher, metrics);
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("textlstm-http");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        server.addConnector(connector);
        GracefulHandler graceful = new GracefulHandler(new RestHandler(models, b.enabled(), config.limits(), metrics,
                config.models().keySet()));
        server.setHandler(graceful);
        server.setStopTimeout(config.drainTimeout().toMillis());
    }

    /**
     * Loads the models, then listens.
     *
     * @throws io.textlstm.BadInputException when a base path does not exist
     * @throws IllegalStateException when the port cannot be opened
     */
    public static ModelServer start(ServeConfig config) {
        ModelServer s = new ModelServer(config);
        try {
            s.models.start();
            s.server.start();
        } catch (RuntimeException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("REST API on http://{}:{} (TF Serving's /v1/models/... and {}), models {}, version policy {}, batching {}",
                config.host(), s.port(), RestHandler.METRICS_PATH, s.models.serving(), config.versionPolicy(),
                config.batching());
        return s;
    }

    /** The port listened on (the real one when the config asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Versions serving now, per model. */
    public Map<String, List<Long>> servingVersions() {
        return models.serving();
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
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server stop: {}", e.toString());
        }
        if (batcher != null) {
            batcher.close();
        }
        models.close();
        LOG.info("stopped");
        stopped.countDown();
    }
}
