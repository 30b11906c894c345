package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/serve without TF Serving and Docker but with Java: it says so and starts textlstm serve on REST_PORT. */
class ServeScriptFallbackTest {

    @TempDir Path tmp;

    @Test
    void startsTextlstmServeWhenNeitherTfServingNorDockerIsThere() throws Exception {
        ServeFixtures.export(tmp.resolve("tiny"), 1, 42);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : new String[] {"bash", "dirname", "basename", "find", "grep", "cat", "sed"}) {
            for (String dir : new String[] {"/usr/bin", "/bin"}) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    Files.createSymbolicLink(bin.resolve(tool), Path.of(dir, tool));
                    break;
                }
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createSymbolicLink(bin.resolve("java"), java);
        ProcessBuilder pb = new ProcessBuilder("bash", "tools/serve", tmp.resolve("tiny").toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("REST_PORT", "0");
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.environment().put("TEXTLSTM", java + " -Xmx512m -cp " + System.getProperty("java.class.path") + " io.textlstm.cli.TextLstm");
        Process p = pb.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Pattern listening = Pattern.compile("REST API on http://[0-9.]+:(\\d+) ");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new AssertionError("tools/serve ended before listening:\n" + log));
        });
        reader.start();
        try {
            int rest = port.get(120, TimeUnit.SECONDS);
            assertTrue(log.toString().contains("serve: neither TensorFlow Serving nor Docker found; starting textlstm serve"), log.toString());
            assertTrue(log.toString().contains("max_batch_size 64, batch_timeout_micros 2000, num_batch_threads 2"), log.toString());
            Http.Reply r = Http.post(rest, "/v1/models/tiny:predict", "{\"instances\": [\"I loved it\"]}");
            assertEquals(200, r.status(), r.body());
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).inheritIO().start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), log.toString());
            reader.join(10_000);
        }
        assertTrue(log.toString().contains("stopped"), log.toString());
    }
}
