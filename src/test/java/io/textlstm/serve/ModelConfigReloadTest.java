package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.textlstm.BadInputException;
import io.textlstm.export.ExportFixtures;
import io.textlstm.serve.core.ModelConfigFile;
import io.textlstm.serve.proto.ModelManagement.ReloadConfigRequest;
import io.textlstm.serve.proto.ModelManagement.ReloadConfigResponse;
import io.textlstm.serve.proto.ModelServiceGrpc;
import io.textlstm.serve.proto.Model.ModelSpec;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import io.textlstm.serve.proto.Predict.PredictRequest;
import io.textlstm.serve.proto.Predict.PredictResponse;
import io.textlstm.serve.proto.PredictionServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TF Serving's model config file with two models and the labels {@code stable} and {@code canary}; a
 * HandleReloadConfigRequest that moves {@code stable} while clients run (no request fails, and each answer names the
 * version its label pointed to when it ran); bad configs refused while the running one keeps serving; the config file
 * read again when it changes.
 */
class ModelConfigReloadTest {

    @TempDir Path tmp;

    static String config(Path reviews, Path topics, long stable, long canary) {
        return """
                model_config_list {
                  config {
                    name: "reviews"
                    base_path: "%s"
                    model_platform: "tensorflow"
                    model_version_policy { specific { versions: 1 versions: 2 } }
                    version_labels { key: "stable" value: %d }
                    version_labels { key: "canary" value: %d }
                  }
                  config {
                    name: "topics"
                    base_path: "%s"
                    model_platform: "tensorflow"
                  }
                }
                """.formatted(reviews, stable, canary, topics);
    }

    static PredictRequest byLabel(String label) {
        return PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("reviews").setVersionLabel(label))
                .putInputs("text", GrpcApiTest.strings(List.of("I loved it"))).build();
    }

    @Test
    void labelsMoveWhileClientsRunWithoutAFailedRequest() throws Exception {
        Path reviews = tmp.resolve("reviews");
        ServeFixtures.export(reviews, 1, 11);
        ServeFixtures.export(reviews, 2, 22);
        Path topics = tmp.resolve("topics");
        ExportFixtures.exportThreeClasses(topics);
        Path file = tmp.resolve("models.config");
        Files.writeString(file, config(reviews, topics, 1, 2));
        try (ModelServer server = ModelServer.start(ServeConfig.builder().modelConfigFile(file)
                .configPollInterval(Duration.ofMillis(200)).host("127.0.0.1").port(0).grpcPort(0).build())) {
            ManagedChannel ch = GrpcApiTest.channel(server.grpcPort());
            try {
                var predict = PredictionServiceGrpc.newBlockingStub(ch);
                var models = ModelServiceGrpc.newBlockingStub(ch);
                assertEquals(1, predict.predict(byLabel("stable")).getModelSpec().getVersion().getValue());
                assertEquals(2, predict.predict(byLabel("canary")).getModelSpec().getVersion().getValue());
                assertEquals(3, predict.predict(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder()
                        .setName("topics")).putInputs("text", GrpcApiTest.strings(List.of("x"))).build())
                        .getOutputsOrThrow("probabilities").getFloatValCount(), "the second model serves");
                // REST addresses labels too
                Http.Reply rest = Http.post(server.port(), "/v1/models/reviews/labels/canary:predict",
                        "{\"instances\": [\"I loved it\"]}");
                assertEquals(200, rest.status(), rest.body());

                // clients keep asking for "stable" while it moves from version 1 to 2
                AtomicBoolean stop = new AtomicBoolean();
                AtomicBoolean moved = new AtomicBoolean();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                AtomicLong answers = new AtomicLong();
                AtomicLong afterMove = new AtomicLong();
                List<Thread> clients = new java.util.ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    Thread t = new Thread(() -> {
                        while (!stop.get()) {
                            boolean wasMoved = moved.get();
                            try {
                                PredictResponse r = predict.withDeadlineAfter(30, TimeUnit.SECONDS).predict(byLabel("stable"));
                                long v = r.getModelSpec().getVersion().getValue();
                                answers.incrementAndGet();
                                if (wasMoved) {
                                    afterMove.incrementAndGet();
                                    if (v != 2) {
                                        failures.add("after the reload, stable answered from version " + v);
                                    }
                                }
                            } catch (RuntimeException e) {
                                failures.add(e.toString());
                            }
                        }
                    });
                    t.start();
                    clients.add(t);
                }
                ServeFixtures.await("requests before the reload", Duration.ofSeconds(30), () -> answers.get() > 50);
                ModelServerConfig moveStable = ModelConfigFile.parse(config(reviews, topics, 2, 2), "request");
                ReloadConfigResponse ok = models.handleReloadConfigRequest(ReloadConfigRequest.newBuilder()
                        .setConfig(moveStable).build());
                assertEquals("OK", ok.getStatus().getErrorCode().name());
                moved.set(true);
                ServeFixtures.await("requests after the reload", Duration.ofSeconds(30), () -> afterMove.get() > 50);

                // bad configs are refused and change nothing
                StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> models.handleReloadConfigRequest(
                        ReloadConfigRequest.newBuilder().setConfig(moveStable.toBuilder().setModelConfigList(
                                moveStable.getModelConfigList().toBuilder().setConfig(1, moveStable.getModelConfigList()
                                        .getConfig(1).toBuilder().setModelPlatform("onnx"))).build()).build()));
                assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
                assertTrue(bad.getStatus().getDescription().contains("model_config_list.config[1].model_platform"),
                        bad.getStatus().getDescription());
                StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class, () ->
                        models.handleReloadConfigRequest(ReloadConfigRequest.newBuilder().setConfig(
                                ModelConfigFile.parse(config(reviews, topics, 7, 2), "request")).build()));
                assertEquals(Status.Code.FAILED_PRECONDITION, unavailable.getStatus().getCode());
                assertEquals("Request to assign label to version 7 of model reviews, which is not currently available "
                        + "for inference", unavailable.getStatus().getDescription());
                stop.set(true);
                for (Thread t : clients) {
                    t.join(30_000);
                }
                assertEquals(List.of(), List.copyOf(failures));
                assertEquals(2, predict.predict(byLabel("stable")).getModelSpec().getVersion().getValue());

                // the config file: a broken edit is refused (the running config keeps serving), a good one applied
                Files.writeString(file, "model_config_list { config { name: 'reviews' base_path: }");
                Thread.sleep(600);
                assertEquals(2, predict.predict(byLabel("stable")).getModelSpec().getVersion().getValue());
                Files.writeString(file, config(reviews, topics, 1, 1));
                ServeFixtures.await("the edited config file applied", Duration.ofSeconds(30),
                        () -> predict.predict(byLabel("stable")).getModelSpec().getVersion().getValue() == 1);
            } finally {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aConfigFileThatFailsIsRefusedAtStartWithItsLine() throws Exception {
        Path reviews = tmp.resolve("reviews");
        ServeFixtures.export(reviews, 1, 11);
        Path file = tmp.resolve("models.config");
        Files.writeString(file, config(reviews, tmp.resolve("nowhere"), 1, 1).replace("model_platform: \"tensorflow\"\n  }\n}",
                "model_platform: \"tensorflow\"\n    modl_version_policy { all {} }\n  }\n}"));
        BadInputException e = assertThrows(BadInputException.class, () -> ServeConfig.builder().modelConfigFile(file).build());
        assertTrue(e.getMessage().startsWith(file + ":14:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("modl_version_policy"), e.getMessage());
        // a label whose version is not served
        Files.writeString(file, config(reviews, reviews, 1, 2).replace("name: \"topics\"", "name: \"again\""));
        BadInputException label = assertThrows(BadInputException.class, () -> ModelServer.start(ServeConfig.builder()
                .modelConfigFile(file).host("127.0.0.1").port(0).build()));
        assertTrue(label.getMessage().contains("Request to assign label to version 2 of model reviews"), label.getMessage());
    }
}
