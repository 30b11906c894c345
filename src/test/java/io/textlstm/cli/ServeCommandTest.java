package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code textlstm serve}: help, and bad options or model paths stop it with exit 2 and a one-line reason. */
class ServeCommandTest {

    @Test
    void helpListsTheOptions() {
        CliRun r = CliRun.of("serve", "--help");
        assertEquals(0, r.exit(), r.err());
        for (String option : new String[] {"--model", "--port", "--file-system-poll-wait-seconds", "--version-policy",
                "--max-batch-size", "--batch-timeout-micros", "--num-batch-threads", "--max-body-bytes", "--max-instances",
                "--max-text-length", "--grpc-port", "--model-config-file", "--model-config-file-poll-wait-seconds"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    @Test
    void badOptionsAreExit2WithAReason() {
        assertBad("--model takes NAME=BASE_PATH", "serve", "--model", "savedmodel/imdb_lstm");
        assertBad("--grpc-port must be 0..65535 (0: no gRPC API), got -1", "serve", "--grpc-port", "-1");
        assertBad("--model-config-file names the models and their version policies", "serve", "--model", "a=b",
                "--model-config-file", "models.config");
        assertBad("is not one of latest, latest:N, all, specific:V1,V2", "serve", "--version-policy", "newest");
        assertBad("max_batch_size must be at least 1", "serve", "--max-batch-size", "0");
        assertBad("--file-system-poll-wait-seconds must be a positive number", "serve", "--file-system-poll-wait-seconds", "0");
        assertBad("model base path nowhere/at/all of model 'x' does not exist", "serve", "--model", "x=nowhere/at/all", "--port", "0");
    }

    @Test
    void aBadModelConfigFileIsExit2WithItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = tmp.resolve("models.config");
        java.nio.file.Files.writeString(file, "model_config_list {\n  config {\n    nme: 'x'\n  }\n}\n");
        assertBad(file + ":3:5:", "serve", "--model-config-file", file.toString(), "--port", "0");
    }

    private static void assertBad(String fragment, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), "'" + r.err() + "' should contain '" + fragment + "'");
    }
}
