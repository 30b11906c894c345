package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportResult;
import io.textlstm.serve.core.BatchingParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side batching: merged runs give every caller exactly what a run of its own would. */
class BatchingTest {

    @TempDir Path tmp;

    @Test
    void concurrentClientsGetTheirOwnAnswersAndLoneRequestsTheModelsBits() throws Exception {
        ExportResult v1 = ServeFixtures.export(tmp.resolve("m"), 1, 42);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            texts.add("review " + i + ": the plot was " + (i % 3 == 0 ? "great" : "bad") + " and the movie " + "film ".repeat(i % 9));
        }
        BatchingParameters batching = new BatchingParameters(true, 16, 5_000, 2, 100);
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("m", tmp.resolve("m")).host("127.0.0.1").port(0)
                .batching(batching).build())) {
            int port = s.port();
            // single-request answers: one request at a time, each runs alone
            List<Prediction> single = new ArrayList<>();
            for (String t : texts) {
                JsonNode row = Http.post(port, "/v1/models/m:predict", "{\"instances\": " + Http.JSON.writeValueAsString(List.of(t)) + "}")
                        .json().at("/predictions/0");
                single.add(new Prediction(row.get("labels").asText(), row.get("class_ids").asInt(),
                        new float[] {Http.asFloat(row.at("/probabilities/0"))}));
            }
            try (TextClassifier c = TextClassifier.load(v1.directory())) {
                // the server's answers are the model's: lone requests equal TextClassifier on one text, bit for bit,
                // and a request of 16 texts equals TextClassifier on the same 16 texts, bit for bit
                for (int i = 0; i < 8; i++) {
                    assertEquals(c.predict(texts.get(i)), single.subList(i, i + 1), "text " + i);
                }
                List<String> sixteen = texts.subList(0, 16);
                JsonNode rows = Http.post(port, "/v1/models/m:predict", "{\"instances\": " + Http.JSON.writeValueAsString(sixteen) + "}")
                        .json().get("predictions");
                List<Prediction> model = c.predict(sixteen);
                for (int i = 0; i < 16; i++) {
                    assertArrayEquals(model.get(i).probabilities(), new float[] {Http.asFloat(rows.get(i).at("/probabilities/0"))},
                            "text " + i);
                }
            }
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int th = 0; th < 12; th++) {
                int seed = th;
                jobs.add(clients.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < texts.size(); i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new java.util.Random(seed));
                    int checked = 0;
                    int per = 1 + seed % 3; // 1 to 3 texts per request
                    for (int i = 0; i + per <= 60; i += per) {
                        List<String> batch = new ArrayList<>();
                        for (int j = i; j < i + per; j++) {
                            batch.add(texts.get(order.get(j)));
                        }
                        Http.Reply r = Http.post(port, "/v1/models/m:predict", "{\"instances\": " + Http.JSON.writeValueAsString(batch) + "}");
                        assertEquals(200, r.status(), r.body());
                        JsonNode rows = r.json().get("predictions");
                        for (int j = 0; j < per; j++) {
                            Prediction want = single.get(order.get(i + j));
                            JsonNode row = rows.get(j);
                            // merged with other requests, a text's probability equals its lone answer up to the
                            // rounding of the batch it ran in (docs/serving.md, "Batching"): far below the distance
                            // between the answers of different texts, so a row handed to the wrong caller fails
                            assertWithinUlps(want.probabilities()[0], Http.asFloat(row.at("/probabilities/0")),
                                    "text " + order.get(i + j));
                            assertEquals(want.label(), row.get("labels").asText());
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int checked = 0;
            for (Future<Integer> f : jobs) {
                checked += f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(checked >= 600, "checked " + checked);
            // the batches really merged requests: fewer runs than requests
            String page = Http.get(port, "/monitoring/prometheus/metrics").body();
            long runs = metric(page, "textlstm_serve_batch_size_count\\{model=\"m\",signature=\"serving_default\"}");
            long requests = metric(page, "textlstm_serve_requests_total\\{code=\"200\",model=\"m\",signature=\"serving_default\"}");
            assertTrue(runs < requests, runs + " runs for " + requests + " requests: nothing was merged\n" + page);
        } finally {
            clients.shutdownNow();
        }
    }

    /** The most a row's float answer moved with its batch's composition on the test machines was 5 units in the last place. */
    static final int MAX_ULPS = 8;

    static void assertWithinUlps(float want, float got, String what) {
        int ulps = Math.abs(Float.floatToIntBits(want) - Float.floatToIntBits(got));
        assertTrue(Math.signum(want) == Math.signum(got) && ulps <= MAX_ULPS,
                what + ": merged answer " + got + " is " + ulps + " ulps from the lone answer " + want);
    }

    static long metric(String page, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " (\\S+)$").matcher(page);
        assertTrue(m.find(), nameAndLabels + " not in\n" + page);
        return (long) Double.parseDouble(m.group(1));
    }
}
