package io.textlstm.serve;

import io.textlstm.BadInputException;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServingCore;
import io.textlstm.serve.grpc.GrpcServer;
import io.textlstm.serve.rest.RestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code textlstm serve}: TF Serving's REST and gRPC APIs for textlstm SavedModels (docs/serving.md): the serving core
 * with its front ends, and the model config file's poller.
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
    private final GrpcServer grpc;
    private final ModelConfigPoller configPoller;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private ModelServer(ServingCore core, RestServer rest, GrpcServer grpc, ModelConfigPoller configPoller) {
        this.core = core;
        this.rest = rest;
        this.grpc = grpc;
        this.configPoller = configPoller;
    }

    /**
     * Loads the models, then listens.
     *
     * @throws io.textlstm.BadInputException when a base path does not exist
     * @throws IllegalStateException when the port cannot be opened
     */
    public static ModelServer start(ServeConfig config) {
        ServingCore core = ServingCore.start(config.core());
        RestServer rest = null;
        GrpcServer grpc = null;
        try {
            try {
                core.applyVersionLabels(config.versionLabels());
            } catch (ServeException e) {
                throw new BadInputException("model config file " + config.modelConfigFile() + ": " + e.getMessage());
            }
            if (config.grpcPort() != ServeConfig.GRPC_OFF) {
                grpc = GrpcServer.start(core, config.host(), config.grpcPort(), config.drainTimeout());
            }
            rest = RestServer.start(core, config.host(), config.port(), config.drainTimeout());
        } catch (RuntimeException e) {
            if (grpc != null) {
                grpc.close();
            }
            core.close();
            throw e;
        }
        ModelConfigPoller poller = config.configPollInterval() == null ? null
                : ModelConfigPoller.start(core, config.modelConfigFile(), config.configPollInterval());
        ModelServer s = new ModelServer(core, rest, grpc, poller);
        if (grpc != null) {
            // the gRPC line first: tools read the REST line as "the server is up"
            LOG.info("gRPC API on {}:{} (TF Serving's tensorflow.serving.PredictionService and ModelService)",
                    config.host(), grpc.port());
        }
        LOG.info("REST API on http://{}:{} (TF Serving's /v1/models/... and /monitoring/prometheus/metrics), models {}, "
                + "version policy {}, batching {}", config.host(), s.port(), core.serving(),
                config.core().models().get(0).versionPolicy(), config.core().batching());
        return s;
    }

    /** The gRPC port listened on, or {@link ServeConfig#GRPC_OFF}. */
    public int grpcPort() {
        return grpc == null ? ServeConfig.GRPC_OFF : grpc.port();
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
        if (configPoller != null) {
            configPoller.close();
        }
        if (grpc != null) {
            grpc.close();
        }
        rest.close();
        core.close();
        LOG.info("stopped");
        stopped.countDown();
    }
}
