package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's gRPC example, for real: the Python client of "Serve from Java", compiled from the protos by the
 * README's {@code tools/python-protos} with Debian's grpc tools (apart from the server's build), run against a
 * {@code textlstm serve} process with the shipped {@code savedmodel/imdb_lstm}; its output must be the README's block.
 * Skips, saying why, without Python's grpcio and grpc_tools.
 */
class ReadmeGrpcTest {

    @TempDir Path tmp;

    @Test
    void theReadmePythonClientPrintsWhatTheReadmeShows() throws Exception {
        List<String> blocks = ReadmeServeTest.blocks(Files.readString(Path.of("README.md")), "## Serve from Java");
        assertTrue(blocks.get(2).startsWith("tools/python-protos "), blocks.get(2));
        String script = blocks.get(3);
        String output = blocks.get(4);
        assertTrue(script.contains("\"localhost:8500\""), script);
        PythonGrpc py = PythonGrpc.compile(tmp);
        int grpc = ServeProcess.freePort();
        ServeProcess server = ServeProcess.start(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.textlstm.cli.TextLstm", "serve", "--port", "0",
                "--grpc-port", Integer.toString(grpc), "--host", "127.0.0.1",
                // the README shows the shipped version 1; a user's own train adds version 2 (issue 17)
                "--version-policy", "specific:1"));
        try {
            server.port(120);
            assertEquals(grpc, server.grpcPort());
            String got = py.check(script.replace("\"localhost:8500\"", "\"127.0.0.1:" + grpc + "\""));
            assertEquals(output, got, "README.md's output block must be what the Python client prints; update the README");
        } finally {
            assertTrue(server.stop(60), "stops after SIGTERM\n" + server.log());
        }
    }
}
