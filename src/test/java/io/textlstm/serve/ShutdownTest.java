package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful stop (what SIGTERM runs): new connections are refused; a request in flight, its body still arriving
 * included, has the whole drain time; a request the stop cuts is answered 503, never blamed on the client.
 */
class ShutdownTest {

    @TempDir Path tmp;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PREDICT = "/v1/models/m:predict";

    ModelServer start(Duration drain) throws Exception {
        ServeFixtures.export(tmp.resolve("m"), 1, 42);
        return ModelServer.start(ServeConfig.builder().model("m", tmp.resolve("m")).host("127.0.0.1").port(0)
                .drainTimeout(drain).build());
    }

    static boolean refusesConnections(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aBodyStillArrivingWhenTheStopBeginsIsAnswered() throws Exception {
        ModelServer server = start(Duration.ofSeconds(30));
        int port = server.port();
        String expected = Http.post(port, PREDICT, "{\"instances\": [\"a slow upload\"]}").body();
        byte[] body = "{\"instances\": [\"a slow upload\"]}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = new RawHttp(port, 30_000)) {
            // a client that has sent half of its request when the stop begins
            client.send(RawHttp.postHead(PREDICT, body.length)).send(java.util.Arrays.copyOf(body, 20));
            ServeFixtures.await("the request is in flight", WAIT, () -> server.requestsInFlight() == 1);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            ServeFixtures.await("the port refuses new connections", WAIT, () -> refusesConnections(port));
            assertFalse(stopping.isDone(), "the stop waits for the request in flight");
            // the client pauses longer than Jetty's idle timeout for connections of a stopping server (1 s), which
            // used to cut the upload with a 400; the drain time (30 s) is what counts
            Thread.sleep(1_500);
            client.send(java.util.Arrays.copyOfRange(body, 20, body.length));
            RawHttp.Answer a = client.read();
            assertEquals(200, a.status(), a.body());
            assertEquals(expected, a.body());
            stopping.get(30, TimeUnit.SECONDS);
        }
        assertTrue(server.servingVersions().get("m").isEmpty(), "every version is closed after the stop");
    }

    @Test
    void aBodyThatDoesNotArriveWithinTheDrainTimeIsAnswered503() throws Exception {
        ModelServer server = start(Duration.ofSeconds(2));
        int port = server.port();
        try (RawHttp client = new RawHttp(port, 30_000)) {
            client.send(RawHttp.postHead(PREDICT, 200)).send("{\"instances\": [\"never fin");
            ServeFixtures.await("the request is in flight", WAIT, () -> server.requestsInFlight() == 1);
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            RawHttp.Answer a = client.read();
            assertEquals(503, a.status(), a.body());
            assertTrue(a.body().startsWith("{\"error\": \"the server is shutting down"), a.body());
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(1_900).toNanos(), "answered after the drain time, not before");
            stopping.get(30, TimeUnit.SECONDS);
        }
    }
}
