package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TF Serving's REST API against a running server (real HTTP on 127.0.0.1) on a tiny export. */
class RestApiTest {

    @TempDir static Path tmp;
    static ExportResult export;
    static ModelServer server;
    static TextClassifier reference;
    static int port;

    static final List<String> TEXTS = List.of("I loved it, the plot was great", "Dull. A waste of two hours.", "",
            "the movie the movie the movie bad bad", "日本語 Ünïcödé 😀", "great great great great great great great great");

    @BeforeAll
    static void start() throws Exception {
        export = ExportFixtures.exportBinary(tmp.resolve("tiny"));
        reference = TextClassifier.load(export.directory());
        server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1").port(0).build());
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        reference.close();
    }

    static String jsonStrings(List<String> texts) throws Exception {
        return Http.JSON.writeValueAsString(texts);
    }

    static float[] floats(JsonNode arr) {
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Http.asFloat(arr.get(i));
        }
        return out;
    }

    @Test
    void rowFormatEqualsTextClassifierBitwise() throws Exception {
        Http.Reply r = Http.post(port, "/v1/models/tiny:predict", "{\"instances\": " + jsonStrings(TEXTS) + "}");
        assertEquals(200, r.status(), r.body());
        JsonNode rows = r.json().get("predictions");
        List<Prediction> want = reference.predict(TEXTS);
        assertEquals(want.size(), rows.size());
        for (int i = 0; i < want.size(); i++) {
            JsonNode row = rows.get(i);
            assertArrayEquals(want.get(i).probabilities(), floats(row.get("probabilities")), "row " + i);
            assertEquals(want.get(i).classId(), row.get("class_ids").asInt());
            assertEquals(want.get(i).label(), row.get("labels").asText());
        }
        // versions/1 is the same model; an explicit empty signature_name is serving_default, as in TF Serving
        Http.Reply v1 = Http.post(port, "/v1/models/tiny/versions/1:predict",
                "{\"signature_name\": \"\", \"instances\": " + jsonStrings(TEXTS) + "}");
        assertEquals(r.body(), v1.body());
    }

    @Test
    void columnarFormatAndBase64EqualTheRowFormat() throws Exception {
        Http.Reply r = Http.post(port, "/v1/models/tiny:predict", "{\"inputs\": {\"text\": " + jsonStrings(TEXTS) + "}}");
        assertEquals(200, r.status(), r.body());
        JsonNode out = r.json().get("outputs");
        List<Prediction> want = reference.predict(TEXTS);
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i).probabilities(), floats(out.get("probabilities").get(i)), "row " + i);
            assertEquals(want.get(i).classId(), out.get("class_ids").get(i).asInt());
            assertEquals(want.get(i).label(), out.get("labels").get(i).asText());
        }
        String b64 = java.util.Base64.getEncoder().encodeToString(TEXTS.get(4).getBytes(StandardCharsets.UTF_8));
        Http.Reply plain = Http.post(port, "/v1/models/tiny:predict", "{\"inputs\": [{\"b64\": \"" + b64 + "\"}]}");
        assertEquals(200, plain.status(), plain.body());
        assertArrayEquals(want.get(4).probabilities(), floats(plain.json().get("outputs").get("probabilities").get(0)));
    }

    @Test
    void predictIdsEqualsTextClassifierBitwiseInBothFormats() throws Exception {
        int[][] ids = new int[TEXTS.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ExportFixtures.javaIds(TEXTS.get(i), ExportFixtures.MAX_LENGTH);
        }
        float[][] want = reference.predictIds(ids);
        String rows = Http.JSON.writeValueAsString(ids);
        Http.Reply row = Http.post(port, "/v1/models/tiny:predict", "{\"signature_name\": \"predict_ids\", \"instances\": " + rows + "}");
        Http.Reply col = Http.post(port, "/v1/models/tiny:predict", "{\"signature_name\": \"predict_ids\", \"inputs\": " + rows + "}");
        assertEquals(200, row.status(), row.body());
        assertEquals(200, col.status(), col.body());
        for (int i = 0; i < ids.length; i++) {
            // one output: plain values, no object per row
            assertArrayEquals(want[i], floats(row.json().get("predictions").get(i)), "row " + i);
            assertArrayEquals(want[i], floats(col.json().get("outputs").get(i)), "row " + i);
        }
    }

    @Test
    void metadataListsBothSignaturesAsTfServingDoes() throws Exception {
        Http.Reply r = Http.get(port, "/v1/models/tiny/metadata");
        assertEquals(200, r.status(), r.body());
        JsonNode root = r.json();
        assertEquals("tiny", root.at("/model_spec/name").asText());
        assertEquals("1", root.at("/model_spec/version").asText());
        JsonNode sigs = root.at("/metadata/signature_def/signature_def");
        assertEquals(List.of("classify", "predict_ids", "regress", "serving_default"), names(sigs));
        JsonNode text = sigs.at("/serving_default/inputs/text");
        assertEquals("DT_STRING", text.get("dtype").asText());
        assertEquals("-1", text.at("/tensor_shape/dim/0/size").asText());
        assertEquals("tensorflow/serving/predict", sigs.at("/serving_default/method_name").asText());
        assertEquals(List.of("class_ids", "labels", "probabilities"), names(sigs.at("/serving_default/outputs")));
        JsonNode ids = sigs.at("/predict_ids/inputs/ids");
        assertEquals("DT_INT32", ids.get("dtype").asText());
        assertEquals(Integer.toString(ExportFixtures.MAX_LENGTH), ids.at("/tensor_shape/dim/1/size").asText());
        assertEquals(r.body(), Http.get(port, "/v1/models/tiny/versions/1/metadata").body());
    }

    private static List<String> names(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void statusReportsTheAvailableVersion() throws Exception {
        Http.Reply r = Http.get(port, "/v1/models/tiny");
        assertEquals(200, r.status(), r.body());
        JsonNode v = r.json().get("model_version_status").get(0);
        assertEquals("1", v.get("version").asText());
        assertEquals("AVAILABLE", v.get("state").asText());
        assertEquals("OK", v.at("/status/error_code").asText());
        assertEquals("", v.at("/status/error_message").asText());
        assertEquals(r.body(), Http.get(port, "/v1/models/tiny/versions/1").body());
    }

    @Test
    void metricsCountRequestsByModelSignatureAndCode() throws Exception {
        assertEquals(200, Http.post(port, "/v1/models/tiny:predict", "{\"instances\": [\"a\"]}").status());
        assertEquals(400, Http.post(port, "/v1/models/tiny:predict", "{\"instances\": [1]}").status());
        Http.Reply m = Http.get(port, "/monitoring/prometheus/metrics");
        assertEquals(200, m.status());
        String page = m.body();
        assertTrue(page.matches("(?s).*textlstm_serve_requests_total\\{code=\"200\",model=\"tiny\",signature=\"serving_default\"} [1-9].*"), page);
        assertTrue(page.contains("textlstm_serve_requests_total{code=\"400\",model=\"tiny\""), page);
        assertTrue(page.contains("textlstm_serve_request_latency_seconds_bucket{model=\"tiny\",signature=\"serving_default\""), page);
        assertTrue(page.contains("textlstm_serve_batch_size_count{model=\"tiny\",signature=\"serving_default\"}"), page);
        assertTrue(page.contains("textlstm_serve_loaded_versions{model=\"tiny\"} 1.0"), page);
    }
}
