package io.textlstm.serve.rest;

import io.textlstm.serve.core.ServingCore;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TF Serving's REST API over a {@link ServingCore}, on Jetty (docs/serving.md, "textlstm serve"). Request bodies are
 * read without holding a thread; every answer, Jetty's own errors included, is JSON. {@link #close} stops gracefully:
 * the port stops accepting, requests in flight (bodies still arriving included) have until the drain time is over,
 * then the ones still waiting for their body are answered 503.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.serve");

    /** Extra time Jetty's stop waits beyond the drain, for the answers of requests cut at the drain's end. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);

    private final Server server;
    private final ServerConnector connector;
    private final GracefulHandler graceful;
    private final Drain drain = new Drain();
    private final Duration drainTimeout;
    private boolean closed;

    private RestServer(ServingCore core, String host, int port, Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("textlstm-http");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        this.graceful = new GracefulHandler(new RestHandler(core, drain));
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler(core.metrics()));
        server.setStopTimeout(drainTimeout.plus(STOP_GRACE).toMillis());
    }

    /**
     * Listens on {@code host:port} (0: any free port).
     *
     * @throws IllegalStateException when the port cannot be opened
     */
    public static RestServer start(ServingCore core, String host, int port, Duration drainTimeout) {
        RestServer s = new RestServer(core, host, port, drainTimeout);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return s;
    }

    /** The port listened on (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Requests received and not answered yet. */
    public long requestsInFlight() {
        return graceful.getCurrentRequestCount();
    }

    /** Graceful stop; returns once the requests in flight are answered or cut at the end of the drain time. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (server.isStarted()) {
            drain.begin(drainTimeout, server.getScheduler());
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server stop: {}", e.toString());
        }
    }
}
