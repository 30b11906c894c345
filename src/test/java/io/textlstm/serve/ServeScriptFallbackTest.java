package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/serve without TF Serving and Docker but with Java: it says so and starts textlstm serve on REST_PORT, listening
 * on BIND_ADDRESS.
 */
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
        ProcessBuilder pb = new ProcessBuilder("bash", "tools/serve", tmp.resolve("tiny").toString());
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("REST_PORT", "0");
        int grpc = ServeProcess.freePort();
        pb.environment().put("GRPC_PORT", Integer.toString(grpc));
        pb.environment().put("BIND_ADDRESS", "127.0.0.1");
        pb.environment().put("TEXTLSTM", java + " -Xmx512m -cp " + System.getProperty("java.class.path") + " io.textlstm.cli.TextLstm");
        ServeProcess server = ServeProcess.start(pb);
        try {
            int rest = server.port(120);
            assertTrue(server.log().contains("serve: neither TensorFlow Serving nor Docker found; starting textlstm serve"), server.log());
            assertTrue(server.log().contains("max_batch_size 64, batch_timeout_micros 2000, num_batch_threads 1"), server.log());
            assertTrue(server.log().contains("REST API on http://127.0.0.1:" + rest + " "), server.log());
            Http.Reply r = Http.post(rest, "/v1/models/tiny:predict", "{\"instances\": [\"I loved it\"]}");
            assertEquals(200, r.status(), r.body());
            // the fallback starts gRPC too, on GRPC_PORT
            assertEquals(grpc, server.grpcPort());
            io.grpc.ManagedChannel ch = GrpcApiTest.channel(grpc);
            try {
                var answer = io.textlstm.serve.proto.PredictionServiceGrpc.newBlockingStub(ch).predict(
                        io.textlstm.serve.proto.Predict.PredictRequest.newBuilder()
                                .setModelSpec(GrpcApiTest.spec("tiny", ""))
                                .putInputs("text", GrpcApiTest.strings(List.of("I loved it"))).build());
                assertEquals(1, answer.getOutputsOrThrow("labels").getStringValCount());
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        } finally {
            assertTrue(server.stop(60), server.log());
        }
        assertTrue(server.log().contains("stopped"), server.log());
    }
}
