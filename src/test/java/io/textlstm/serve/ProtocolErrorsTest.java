package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.export.ExportFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Jetty refuses before the API sees a request is answered in the API's JSON too, {@code {"error": "..."}} with a
 * 4xx, never an HTML page (docs/serving.md, "API").
 */
class ProtocolErrorsTest {

    @TempDir static Path tmp;
    static ModelServer server;

    @BeforeAll
    static void start() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1").port(0).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code request} as raw bytes; the answer must be {@code status} with a JSON error naming {@code fragment}. */
    static void answersJson(String request, int status, String fragment) throws Exception {
        try (RawHttp c = new RawHttp(server.port(), 30_000)) {
            RawHttp.Answer a = c.send(request).read();
            assertEquals(status, a.status(), a.headers() + a.body());
            assertTrue(a.headers().toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), a.headers());
            assertTrue(a.body().matches("\\{\"error\": \".*" + java.util.regex.Pattern.quote(fragment) + ".*\"}\n"), a.body());
        }
        assertEquals(200, Http.post(server.port(), "/v1/models/tiny:predict", "{\"instances\": [\"a\"]}").status());
    }

    @Test
    void anEncodedSlashInThePath() throws Exception {
        answersJson("GET /v1/models/ti%2Fny HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, "Ambiguous URI path separator");
    }

    @Test
    void aHundredKilobytePath() throws Exception {
        answersJson("GET /v1/models/" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414, "URI Too Long");
    }

    @Test
    void headersOverJettysLimit() throws Exception {
        answersJson("GET /v1/models/tiny HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                431, "Request Header Fields Too Large");
    }

    @Test
    void badContentLengths() throws Exception {
        String head = "POST /v1/models/tiny:predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        answersJson(head + "Content-Length: abc\r\n\r\n{}", 400, "Invalid Content-Length");
        answersJson(head + "Content-Length: -5\r\n\r\n{}", 400, "Invalid Content-Length");
        answersJson(head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400, "Content-Length");
    }

    @Test
    void notHttpAtAll() throws Exception {
        answersJson("GARBAGE\r\n\r\n", 400, "HTTP 400");
    }
}
