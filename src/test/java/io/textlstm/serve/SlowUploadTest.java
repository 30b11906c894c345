package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.export.ExportFixtures;
import io.textlstm.serve.core.RequestLimits;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow uploads cannot starve the other clients (docs/serving.md, "Limits, metrics, shutdown"): bodies are read
 * without holding a thread, and a body that takes longer than the body timeout is answered 408.
 */
class SlowUploadTest {

    @TempDir Path tmp;
    static final String PREDICT = "/v1/models/tiny:predict";
    static final int SLOW_CLIENTS = 300;

    @Test
    void threeHundredStalledUploadsLeaveTheServerAnsweringOthers() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        String body = "{\"instances\": [\"" + "a".repeat(190) + "\"]}";
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1")
                .port(0).build())) {
            int port = s.port();
            List<RawHttp> slow = new ArrayList<>();
            try {
                // more uploads than the HTTP thread pool has threads (200), each stalled after its first byte
                for (int i = 0; i < SLOW_CLIENTS; i++) {
                    slow.add(new RawHttp(port, 10_000).send(RawHttp.postHead(PREDICT, body.length()) + body.charAt(0)));
                }
                ServeFixtures.await("the stalled uploads are in flight", Duration.ofSeconds(30),
                        () -> s.requestsInFlight() >= SLOW_CLIENTS);
                for (int i = 0; i < 5; i++) {
                    Http.Reply r = Http.send(HttpRequest.newBuilder(Http.uri(port, PREDICT)).timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [\"a good film\"]}")).build());
                    assertEquals(200, r.status(), r.body());
                }
                // the stalled uploads finish and are answered as any other
                for (RawHttp c : slow.subList(0, 3)) {
                    c.send(body.substring(1));
                    RawHttp.Answer a = c.read();
                    assertEquals(200, a.status(), a.body());
                }
            } finally {
                for (RawHttp c : slow) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aBodySlowerThanTheBodyTimeoutIsAnswered408AndTheServerServesOn() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        RequestLimits limits = new RequestLimits(RequestLimits.DEFAULTS.maxBodyBytes(), RequestLimits.DEFAULTS.maxInstances(),
                RequestLimits.DEFAULTS.maxTextLength(), Duration.ofSeconds(1));
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1")
                .port(0).limits(limits).build());
                RawHttp client = new RawHttp(s.port(), 30_000)) {
            long t0 = System.nanoTime();
            client.send(RawHttp.postHead(PREDICT, 100)).send("{\"instances\": [");
            RawHttp.Answer a = client.read();
            assertEquals(408, a.status(), a.body());
            assertTrue(a.body().startsWith("{\"error\": \"the request body did not arrive within the server's body timeout, 1.0 s"),
                    a.body());
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(900).toNanos(), "not before the timeout");
            assertEquals(200, Http.post(s.port(), PREDICT, "{\"instances\": [\"a good film\"]}").status());
        }
    }
}
