package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.export.ExportLayout;
import io.textlstm.export.ExportResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions on disk as deployments really change them (docs/serving.md, "Versions"): a version copied in place that
 * was loaded before the copy finished, the served version renamed, a folder named with leading zeros, a base path
 * that goes away, and a broken newest version at start-up.
 */
class VersionEdgeCasesTest {

    @TempDir Path tmp;
    static final Duration WAIT = VersionReloadTest.WAIT;
    static final Duration POLL = Duration.ofMillis(100);

    ModelServer start(Path base) {
        return ModelServer.start(ServeConfig.builder().model("m", base).host("127.0.0.1").port(0).pollInterval(POLL).build());
    }

    static Map<String, String> states(int port) {
        return VersionReloadTest.states(port, "m");
    }

    @Test
    void aVersionWhoseLoadFailedMidCopyIsLoadedOnceTheCopyIsComplete() throws Exception {
        Path base = tmp.resolve("m");
        ServeFixtures.export(base, 1, 42);
        ExportResult v2 = ServeFixtures.export(tmp.resolve("staging"), 2, 99);
        Path data = v2.directory().resolve(ExportLayout.VARIABLES_DIR).resolve("variables.data-00000-of-00001");
        byte[] full = Files.readAllBytes(data);
        try (ModelServer s = start(base)) {
            int port = s.port();
            // the copy has reached the weights file, half of it, when the server sees the folder
            Path incoming = base.resolve(".incoming-2");
            io.textlstm.FileTrees.copy(v2.directory(), incoming);
            Files.write(incoming.resolve(ExportLayout.VARIABLES_DIR).resolve(data.getFileName()), Arrays.copyOf(full, full.length / 2));
            Files.move(incoming, base.resolve("2"), StandardCopyOption.ATOMIC_MOVE);
            ServeFixtures.await("version 2 failed", WAIT, () -> "END".equals(states(port).get("2")));
            assertEquals("AVAILABLE", states(port).get("1"), "version 1 keeps serving");
            // the copy completes: the same file, written in place (the version folder itself does not change)
            Files.write(base.resolve("2").resolve(ExportLayout.VARIABLES_DIR).resolve(data.getFileName()), full);
            ServeFixtures.await("version 2 serving, version 1 unloaded", WAIT,
                    () -> states(port).equals(Map.of("1", "END", "2", "AVAILABLE")));
            assertArrayEquals(VersionReloadTest.direct(v2.directory()), VersionReloadTest.served(port, "/v1/models/m:predict"));
        }
    }

    @Test
    void renamingTheServedVersionKeepsServingItUntilTheNewNameServes() throws Exception {
        Path base = tmp.resolve("m");
        ServeFixtures.export(base, 2, 42);
        try (ModelServer s = start(base)) {
            int port = s.port();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            StringBuffer failures = new StringBuffer();
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        Http.Reply r = Http.post(port, "/v1/models/m:predict", "{\"instances\": [\"still here\"]}");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            failures.append(r.status()).append(' ').append(r.body());
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        failures.append(e).append('\n');
                    }
                }
            });
            client.start();
            ServeFixtures.await("a few answers before the rename", WAIT, () -> ok.get() >= 5);
            Files.move(base.resolve("2"), base.resolve("5"), StandardCopyOption.ATOMIC_MOVE);
            ServeFixtures.await("version 5 serving, version 2 unloaded", WAIT,
                    () -> states(port).equals(Map.of("2", "END", "5", "AVAILABLE")));
            int atSwap = ok.get();
            ServeFixtures.await("a few answers after the rename", WAIT, () -> ok.get() >= atSwap + 5);
            stop.set(true);
            client.join(30_000);
            assertEquals(0, failed.get(), "requests failed while the version was renamed: " + failures);
        }
    }

    @Test
    void aFolderNamedWithLeadingZerosIsThatVersionReadFromItsOwnFolder() throws Exception {
        Path base = tmp.resolve("m");
        ExportResult v = ServeFixtures.export(tmp.resolve("staging"), 1, 42);
        ServeFixtures.publish(v.directory(), base, 1);
        Files.move(base.resolve("1"), base.resolve("007"), StandardCopyOption.ATOMIC_MOVE);
        try (ModelServer s = start(base)) {
            assertEquals(Map.of("7", "AVAILABLE"), states(s.port()));
            assertArrayEquals(VersionReloadTest.direct(base.resolve("007")), VersionReloadTest.served(s.port(), "/v1/models/m/versions/7:predict"));
        }
    }

    @Test
    void aBasePathThatGoesAwayKeepsTheLoadedVersionsServing() throws Exception {
        Path base = tmp.resolve("m");
        ServeFixtures.export(base, 1, 42);
        try (ModelServer s = start(base)) {
            int port = s.port();
            float[] before = VersionReloadTest.served(port, "/v1/models/m:predict");
            Path away = Files.move(base, tmp.resolve("m-away"), StandardCopyOption.ATOMIC_MOVE);
            long polls = s.core().polls();
            ServeFixtures.await("three polls without the base path", WAIT, () -> s.core().polls() >= polls + 3);
            assertEquals(Map.of("1", "AVAILABLE"), states(port));
            assertArrayEquals(before, VersionReloadTest.served(port, "/v1/models/m:predict"));
            Files.move(away, base, StandardCopyOption.ATOMIC_MOVE);
            long back = s.core().polls();
            ServeFixtures.await("three polls with it back", WAIT, () -> s.core().polls() >= back + 3);
            assertEquals(Map.of("1", "AVAILABLE"), states(port));
        }
    }

    @Test
    void atStartUpABrokenNewestVersionFallsBackToALowerOneBeforeThePortOpens() throws Exception {
        Path base = tmp.resolve("m");
        ExportResult v1 = ServeFixtures.export(base, 1, 42);
        ExportResult v2 = ServeFixtures.export(base, 2, 99);
        byte[] pb = Files.readAllBytes(v2.directory().resolve(ExportLayout.SAVED_MODEL_PB));
        Files.write(v2.directory().resolve(ExportLayout.SAVED_MODEL_PB), Arrays.copyOf(pb, pb.length / 2));
        try (ModelServer s = start(base)) {
            // the first request, sent the moment start returns, finds version 1
            Http.Reply first = Http.post(s.port(), "/v1/models/m:predict", "{\"instances\": [\"" + VersionReloadTest.TEXT + "\"]}");
            assertEquals(200, first.status(), first.body());
            assertArrayEquals(VersionReloadTest.direct(v1.directory()),
                    new float[] {Http.asFloat(first.json().at("/predictions/0/probabilities/0"))});
            assertEquals(Map.of("1", "AVAILABLE", "2", "END"), states(s.port()));
            JsonNode st = Http.get(s.port(), "/v1/models/m/versions/2").json().at("/model_version_status/0/status");
            assertEquals("UNKNOWN", st.get("error_code").asText());
            assertTrue(st.get("error_message").asText().contains("cannot load the SavedModel"), st.toString());
        }
    }
}
