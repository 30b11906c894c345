package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful stop: a request in flight when the stop begins is answered; new connections are refused. */
class ShutdownTest {

    @TempDir Path tmp;

    @Test
    void stopDrainsTheRequestInFlight() throws Exception {
        ServeFixtures.export(tmp.resolve("m"), 1, 42);
        ModelServer server = ModelServer.start(ServeConfig.builder().model("m", tmp.resolve("m")).host("127.0.0.1").port(0).build());
        int port = server.port();
        String expected = Http.post(port, "/v1/models/m:predict", "{\"instances\": [\"a slow upload\"]}").body();

        // a client that has sent half of its request when the stop begins
        SubmissionPublisher<ByteBuffer> upload = new SubmissionPublisher<>();
        CompletableFuture<HttpResponse<String>> reply = Http.CLIENT.sendAsync(
                HttpRequest.newBuilder(Http.uri(port, "/v1/models/m:predict"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(upload)).build(),
                HttpResponse.BodyHandlers.ofString());
        ServeFixtures.await("the client subscribes to the body", java.time.Duration.ofSeconds(10), () -> upload.getNumberOfSubscribers() > 0);
        upload.submit(ByteBuffer.wrap("{\"instances\": [\"a slow ".getBytes(StandardCharsets.UTF_8)));
        Thread.sleep(300);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        Thread.sleep(500);
        assertFalse(stopping.isDone(), "the stop waits for the request in flight");
        assertThrows(ConnectException.class, () -> Http.get(port, "/v1/models/m"), "no new connections while stopping");

        upload.submit(ByteBuffer.wrap("upload\"]}".getBytes(StandardCharsets.UTF_8)));
        upload.close();
        HttpResponse<String> r = reply.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(expected, r.body());
        stopping.get(20, TimeUnit.SECONDS);
        assertTrue(server.servingVersions().get("m").isEmpty(), "every version is closed after the stop");
    }
}
