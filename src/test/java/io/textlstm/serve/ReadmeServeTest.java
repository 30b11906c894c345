package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Serve from Java" exchange, for real: a {@code textlstm serve} process with the shipped
 * {@code savedmodel/imdb_lstm}, the README's curl request sent over HTTP, the answer compared with the README's
 * block character for character; then SIGTERM, and the process stops cleanly. The README shows the shipped reference
 * model's answer, version 1, so the server serves exactly that version: after a user's own {@code train} the base
 * path's newest version is theirs (the README says so).
 */
class ReadmeServeTest {


    /** The fenced blocks of the README section that starts with {@code heading}. */
    static List<String> blocks(String readme, String heading) {
        int from = readme.indexOf(heading);
        assertTrue(from >= 0, "README has no '" + heading + "'");
        int to = readme.indexOf("\n## ", from + heading.length());
        String section = readme.substring(from, to < 0 ? readme.length() : to);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)```[a-z]*\\n(.*?)```").matcher(section);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theReadmeCurlExchangeIsWhatTextlstmServeAnswers() throws Exception {
        List<String> blocks = blocks(Files.readString(Path.of("README.md")), "## Serve from Java");
        String commands = blocks.get(0).replace("\\\n", " ");
        String answer = blocks.get(1);
        assertTrue(commands.startsWith("tools/textlstm serve "), commands);
        Matcher curl = Pattern.compile("curl -s -X POST http://localhost:8501(\\S+)\\s+-H '([^:]+): ([^']+)' -d '([^']+)'")
                .matcher(commands);
        assertTrue(curl.find(), "the README's curl line: " + commands);

        ServeProcess server = ServeProcess.start(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.textlstm.cli.TextLstm", "serve", "--port", "0",
                "--grpc-port", Integer.toString(ServeProcess.freePort()), "--host", "127.0.0.1", "--version-policy", "specific:1"));
        try {
            int rest = server.port(120);
            Http.Reply r = Http.send(HttpRequest.newBuilder(Http.uri(rest, curl.group(1))).header(curl.group(2), curl.group(3))
                    .POST(HttpRequest.BodyPublishers.ofString(curl.group(4))).build());
            assertEquals(200, r.status(), r.body());
            assertEquals(answer, r.body(), "README.md's answer block must be what textlstm serve answers; update the README");
        } finally {
            assertTrue(server.stop(60), "stops after SIGTERM\n" + server.log());
        }
        String log = server.log();
        assertEquals(143, server.process().exitValue(), "exit status of a process ended by SIGTERM\n" + log);
        assertTrue(log.contains("model imdb_lstm version 1: unloaded (the server is stopping)"), log);
        assertTrue(log.contains("stopped"), log);
    }
}
