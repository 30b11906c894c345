package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.export.ExportFixtures;
import io.textlstm.client.ModelDirectory;
import io.textlstm.serve.core.RequestLimits;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad request of docs/serving.md against a running server with its default limits: a 4xx whose message
 * names the problem, and the server answers the next good request as before.
 */
class BadRequestTest {

    @TempDir static Path tmp;
    static ModelServer server;
    static int port;
    static String good;
    static final String PREDICT = "/v1/models/tiny:predict";

    @BeforeAll
    static void start() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1").port(0).build());
        port = server.port();
        good = Http.post(port, PREDICT, "{\"instances\": [\"a good film\"]}").body();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Posts {@code body}, expects {@code status} with {@code fragment} in the error, then that the server still serves. */
    static void rejects(String path, byte[] body, int status, String fragment) throws Exception {
        Http.Reply r = Http.post(port, path, body);
        assertEquals(status, r.status(), r.body());
        assertTrue(r.error().contains(fragment), "'" + r.error() + "' should contain '" + fragment + "'");
        assertTrue(r.error().length() < 600, "a short message, not an echo of the request: " + r.error().length());
        stillServes();
    }

    static void rejects(String body, int status, String fragment) throws Exception {
        rejects(PREDICT, body.getBytes(StandardCharsets.UTF_8), status, fragment);
    }

    static void stillServes() throws Exception {
        Http.Reply ok = Http.post(port, PREDICT, "{\"instances\": [\"a good film\"]}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(good, ok.body());
    }

    @Test
    void malformedOrEmptyJson() throws Exception {
        rejects("{\"instances\": [\"a\"", 400, "JSON Parse error");
        rejects("", 400, "JSON Parse error: The document is empty");
        rejects("   ", 400, "JSON Parse error: The document is empty");
        rejects("[\"a\"]", 400, "Is not object");
        rejects("{\"texts\": [\"a\"]}", 400, "Missing 'inputs' or 'instances' key");
        rejects("{\"instances\": [\"a\"], \"instances\": [\"b\"]}", 400, "Duplicate field 'instances'");
    }

    @Test
    void instancesThatAreNotAListOrEmpty() throws Exception {
        rejects("{\"instances\": \"a\"}", 400, "Expecting 'instances' to be an list/array");
        rejects("{\"instances\": {\"text\": \"a\"}}", 400, "Expecting 'instances' to be an list/array");
        rejects("{\"instances\": []}", 400, "No values in 'instances' array");
        rejects("{\"instances\": [\"a\"], \"inputs\": [\"a\"]}", 400, "expecting only one of 'inputs' or 'instances'");
    }

    @Test
    void aNumberOrListWhereTextIsExpected() throws Exception {
        rejects("{\"instances\": [\"a\", 5]}", 400,
                "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 5 Type: Number is not of expected type: string");
        rejects("{\"inputs\": [true]}", 400, "Type: True is not of expected type: string");
        rejects("{\"instances\": [[\"a\", \"b\"]]}", 400, "takes shape [-1] (one string per instance) but the request gives shape [1,2]");
        rejects("{\"inputs\": \"a\"}", 400, "but the request gives shape []");
        rejects("{\"inputs\": [{\"b64\": \"!!\"}]}", 400, "Unable to base64 decode");
        rejects("{\"inputs\": [{\"b64\": \"/w==\"}]}", 400, "not UTF-8 text");
    }

    @Test
    void unknownSignatureOrInputName() throws Exception {
        rejects("{\"signature_name\": \"classify\", \"instances\": [\"a\"]}", 400,
                "Serving signature name: \"classify\" not found in signature def");
        rejects("{\"signature_name\": 3, \"instances\": [\"a\"]}", 400, "'signature_name' key must be a string value");
        rejects("{\"inputs\": {\"review\": [\"a\"]}}", 400, "Missing named input: text in 'inputs' object.");
        rejects("{\"instances\": [{\"review\": \"a\"}]}", 400, "JSON object: does not have named input: review");
        rejects(PREDICT.replace(":predict", ":classify"), "{\"instances\": [\"a\"]}".getBytes(StandardCharsets.UTF_8), 400,
                "textlstm serve answers :predict");
    }

    @Test
    void idsOutOfRangeOrOfTheWrongShape() throws Exception {
        int vocab = ModelDirectory.resolve(tmp.resolve("tiny")).vocabularySize();
        int[] row = new int[ExportFixtures.MAX_LENGTH];
        row[3] = vocab;
        rejects("{\"signature_name\": \"predict_ids\", \"instances\": [" + Arrays.toString(row) + "]}", 400,
                "id " + vocab + " at row 0, position 3 is out of range: the vocabulary has ids 0.." + (vocab - 1));
        row[3] = -1;
        rejects("{\"signature_name\": \"predict_ids\", \"inputs\": [" + Arrays.toString(row) + "]}", 400, "id -1 at row 0");
        rejects("{\"signature_name\": \"predict_ids\", \"instances\": [[1, 2, 3]]}", 400,
                "takes shape [-1," + ExportFixtures.MAX_LENGTH + "] but the request gives shape [1,3]");
        rejects("{\"signature_name\": \"predict_ids\", \"instances\": [[1, 2], [1]]}", 400, "Expecting tensor size: 2 but got: 1");
        rejects("{\"signature_name\": \"predict_ids\", \"instances\": [[1.5]]}", 400, "is not of expected type: int32");
        rejects("{\"signature_name\": \"predict_ids\", \"instances\": [[\"1\"]]}", 400, "is not of expected type: int32");
    }

    @Test
    void aTenMegabyteBody() throws Exception {
        byte[] big = new byte[10 << 20];
        Arrays.fill(big, (byte) 'a');
        String head = "{\"instances\": [\"";
        System.arraycopy(head.getBytes(StandardCharsets.UTF_8), 0, big, 0, head.length());
        String limit = "larger than the server's body size limit, " + RequestLimits.DEFAULTS.maxBodyBytes() + " bytes";
        rejects(PREDICT, big, 413, limit);
        // the same without a Content-Length: chunked, cut off while it streams
        HttpRequest chunked = HttpRequest.newBuilder(Http.uri(port, PREDICT))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        Http.Reply r = Http.send(chunked);
        assertEquals(413, r.status(), r.body());
        assertTrue(r.error().contains(limit), r.error());
        stillServes();
    }

    @Test
    void tenThousandInstancesOrAVeryLongText() throws Exception {
        StringBuilder sb = new StringBuilder("{\"instances\": [");
        for (int i = 0; i < 10_000; i++) {
            sb.append(i == 0 ? "" : ",").append("\"a\"");
        }
        rejects(sb.append("]}").toString(), 400, "the request has 10000 instances, more than the server's limit of "
                + RequestLimits.DEFAULTS.maxInstances() + " instances per request");
        String longText = "word ".repeat(RequestLimits.DEFAULTS.maxTextLength() / 5 + 1);
        rejects("{\"instances\": [\"ok\", \"" + longText + "\"]}", 400, "text 1 has " + longText.length()
                + " characters, more than the server's limit of " + RequestLimits.DEFAULTS.maxTextLength()
                + " characters per text");
    }

    @Test
    void invalidUtf8() throws Exception {
        byte[] body = "{\"instances\": [\"caf\u00ff\"]}".getBytes(StandardCharsets.ISO_8859_1);
        rejects(PREDICT, body, 400, "Invalid UTF-8");
    }

    @Test
    void aModelOrVersionThatIsNotLoaded() throws Exception {
        rejects("/v1/models/tiny/versions/7:predict", "{\"instances\": [\"a\"]}".getBytes(StandardCharsets.UTF_8), 404,
                "Servable not found for request: Specific(tiny, 7)");
        rejects("/v1/models/other:predict", "{\"instances\": [\"a\"]}".getBytes(StandardCharsets.UTF_8), 404,
                "Servable not found for request: Latest(other)");
        Http.Reply status = Http.get(port, "/v1/models/tiny/versions/7");
        assertEquals(404, status.status());
        assertEquals("Could not find version 7 of model tiny", status.error());
        assertEquals(404, Http.get(port, "/v1/models/other/metadata").status());
        assertEquals(400, Http.get(port, "/v1/models").status());
        assertEquals(400, Http.get(port, "/v1/models/tiny/labels/stable").status());
        assertEquals(404, Http.get(port, "/nothing").status());
        stillServes();
    }
}
