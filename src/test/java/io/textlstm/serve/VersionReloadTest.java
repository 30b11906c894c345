package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.FileTrees;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportResult;
import io.textlstm.serve.core.VersionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions as TF Serving's file-system source handles them: polling, hot swap, broken versions, policies, unload. */
class VersionReloadTest {

    @TempDir Path tmp;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String TEXT = "the plot was great and the movie bad";

    static float[] served(int port, String path) throws Exception {
        Http.Reply r = Http.post(port, path, "{\"instances\": [\"" + TEXT + "\"]}");
        assertEquals(200, r.status(), r.body());
        JsonNode p = r.json().at("/predictions/0/probabilities");
        return new float[] {Http.asFloat(p.get(0))};
    }

    static float[] direct(Path versionDir) {
        try (TextClassifier c = TextClassifier.load(versionDir)) {
            return c.predict(TEXT).get(0).probabilities();
        }
    }

    /** version → state, from GET /v1/models/{name}. */
    static Map<String, String> states(int port, String model) {
        try {
            Map<String, String> out = new HashMap<>();
            for (JsonNode v : Http.get(port, "/v1/models/" + model).json().get("model_version_status")) {
                out.put(v.get("version").asText(), v.get("state").asText());
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The failed loads of {@code model} the metrics count. */
    static long failedLoads(int port, String model) throws Exception {
        String page = Http.get(port, "/monitoring/prometheus/metrics").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^textlstm_serve_version_loads_total\\{model=\""
                + model + "\",outcome=\"failed\"} (\\S+)$").matcher(page);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void newVersionIsServedBrokenOneIsNotRemovedOneUnloads() throws Exception {
        Path base = tmp.resolve("m");
        Path staging = tmp.resolve("staging");
        ExportResult v1 = ServeFixtures.export(base, 1, 42);
        ExportResult v2 = ServeFixtures.export(staging, 2, 99);
        float[] p1 = direct(v1.directory());
        float[] p2 = direct(v2.directory());
        assertFalse(Arrays.equals(p1, p2), "the two versions must answer differently for this test to mean anything");
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("m", base).host("127.0.0.1").port(0)
                .pollInterval(Duration.ofMillis(100)).build())) {
            int port = s.port();
            assertArrayEquals(p1, served(port, "/v1/models/m:predict"));

            ServeFixtures.publish(v2.directory(), base, 2);
            ServeFixtures.await("version 2 serving, version 1 unloaded", WAIT,
                    () -> states(port, "m").equals(Map.of("1", "END", "2", "AVAILABLE")));
            assertArrayEquals(p2, served(port, "/v1/models/m:predict"));
            assertEquals(404, Http.post(port, "/v1/models/m/versions/1:predict", "{\"instances\": [\"a\"]}").status());

            // a broken version: reported, not served; version 2 goes on serving
            Path broken = tmp.resolve("broken");
            FileTrees.copy(v2.directory(), broken);
            byte[] pb = Files.readAllBytes(broken.resolve("saved_model.pb"));
            Files.write(broken.resolve("saved_model.pb"), Arrays.copyOf(pb, pb.length / 2));
            ServeFixtures.publish(broken, base, 3);
            ServeFixtures.await("version 3 failed", WAIT, () -> "END".equals(states(port, "m").get("3")));
            JsonNode st = Http.get(port, "/v1/models/m/versions/3").json().at("/model_version_status/0/status");
            assertEquals("UNKNOWN", st.get("error_code").asText());
            assertTrue(st.get("error_message").asText().contains("cannot load the SavedModel"), st.toString());
            assertEquals("AVAILABLE", states(port, "m").get("2"));
            // three more polls: the failure is not retried (its files did not change) and changes nothing
            long polls = s.core().polls();
            ServeFixtures.await("three more polls", WAIT, () -> s.core().polls() >= polls + 3);
            assertEquals(Map.of("1", "END", "2", "AVAILABLE", "3", "END"), states(port, "m"));
            assertEquals(1, failedLoads(port, "m"), "one load attempt of version 3");
            assertArrayEquals(p2, served(port, "/v1/models/m:predict"));

            // version 2's folder removed: it unloads and the policy falls back to version 1 (3 is still broken)
            FileTrees.delete(base.resolve("2"));
            ServeFixtures.await("version 1 back, version 2 unloaded", WAIT,
                    () -> states(port, "m").equals(Map.of("1", "AVAILABLE", "2", "END", "3", "END")));
            assertArrayEquals(p1, served(port, "/v1/models/m:predict"));

            // version 3 replaced by a good copy: loaded this time
            FileTrees.delete(base.resolve("3"));
            ServeFixtures.publish(v2.directory(), base, 3);
            ServeFixtures.await("version 3 serving", WAIT, () -> "AVAILABLE".equals(states(port, "m").get("3")));
            ServeFixtures.await("version 1 unloaded", WAIT, () -> "END".equals(states(port, "m").get("1")));
            assertArrayEquals(p2, served(port, "/v1/models/m:predict"));
            assertEquals(List.of(3L), s.servingVersions().get("m"));
        }
    }

    @Test
    void policiesAllAndSpecific() throws Exception {
        Path base = tmp.resolve("m");
        ServeFixtures.export(base, 1, 42);
        ServeFixtures.export(base, 2, 99);
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("m", base).host("127.0.0.1").port(0)
                .versionPolicy(VersionPolicy.parse("all")).build())) {
            assertEquals(Map.of("1", "AVAILABLE", "2", "AVAILABLE"), states(s.port(), "m"));
            assertArrayEquals(direct(base.resolve("1")), served(s.port(), "/v1/models/m/versions/1:predict"));
            assertArrayEquals(direct(base.resolve("2")), served(s.port(), "/v1/models/m/versions/2:predict"));
            assertArrayEquals(direct(base.resolve("2")), served(s.port(), "/v1/models/m:predict"));
        }
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("m", base).host("127.0.0.1").port(0)
                .versionPolicy(VersionPolicy.parse("specific:1")).build())) {
            assertEquals(Map.of("1", "AVAILABLE"), states(s.port(), "m"));
            assertArrayEquals(direct(base.resolve("1")), served(s.port(), "/v1/models/m:predict"));
        }
    }

    @Test
    void policySelection() {
        NavigableSet<Long> disk = new TreeSet<>(List.of(1L, 3L, 7L, 12L));
        assertEquals(Set.of(12L), VersionPolicy.parse("latest").select(disk));
        assertEquals(Set.of(7L, 12L), VersionPolicy.parse("latest:2").select(disk));
        assertEquals(disk, VersionPolicy.parse("all").select(disk));
        assertEquals(Set.of(3L), VersionPolicy.parse("specific:3,5").select(disk));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse("newest"));
        assertTrue(e.getMessage().contains("latest, latest:N, all, specific:V1,V2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse("latest:0"));
    }
}
