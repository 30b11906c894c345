package io.textlstm.serve.grpc;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.textlstm.serve.core.ServingCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * TF Serving's gRPC API (port 8500 by default) over a {@link ServingCore}, on grpc-java's Netty transport. Messages
 * larger than the core's request size limit are refused by gRPC with RESOURCE_EXHAUSTED, as the REST API refuses a
 * larger body. {@link #close} stops taking calls and lets the ones in flight finish, up to the drain timeout.
 */
public final class GrpcServer implements AutoCloseable {

    /** TF Serving's gRPC port. */
    public static final int DEFAULT_PORT = 8500;

    private final Server server;
    private final Duration drainTimeout;

    private GrpcServer(Server server, Duration drainTimeout) {
        this.server = server;
        this.drainTimeout = drainTimeout;
    }

    /**
     * Listens on {@code host}:{@code port} (0: any free port).
     *
     * @throws IllegalStateException when the port cannot be opened
     */
    public static GrpcServer start(ServingCore core, String host, int port, Duration drainTimeout) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .maxInboundMessageSize(core.limits().maxBodyBytes())
                .addService(new PredictionServiceImpl(core))
                .addService(new ModelServiceImpl(core));
        if (core.config().batching().enabled()) {
            // with batching, a call only converts its messages and joins a queue (the batch threads run the model and
            // answer), so it runs on the transport's own thread: one thread hop less per request. Without batching the
            // model runs in the call, which must not hold a transport thread: gRPC's default executor then.
            // HandleReloadConfigRequest, which waits for loads, moves to a thread of its own either way.
            builder.directExecutor();
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the gRPC port " + host + ":" + port + ": " + e.getMessage(),
                    new UncheckedIOException(e));
        }
        return new GrpcServer(server, drainTimeout);
    }

    /** The port listened on (the real one when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    /** No new calls; calls in flight finish (up to the drain timeout), then the rest are cancelled. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
