package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.textlstm.export.ExportFixtures;
import io.textlstm.serve.core.BatchingParameters;
import io.textlstm.serve.proto.Predict.PredictRequest;
import io.textlstm.serve.proto.Predict.PredictResponse;
import io.textlstm.serve.proto.PredictionServiceGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A REST and a gRPC request share one model run: both front ends enqueue into the same batching queue of the loaded
 * version (docs/serving.md, "gRPC API"). One REST client and one gRPC client, each with one request in flight at a
 * time, and {@code max_batch_size} 2: a run of two rows can only be one request of each front end, so the metrics
 * must show runs of two rows (the second client's request joins the batch that fills while the first one's runs).
 */
class MixedFrontEndBatchingTest {

    @TempDir Path tmp;

    static final int REQUESTS_EACH = 300;

    @Test
    void aRestAndAGrpcRequestShareOneBatch() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        BatchingParameters batching = new BatchingParameters(true, 2, 5_000, 1, 100);
        try (ModelServer s = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1")
                .port(0).grpcPort(0).batching(batching).build())) {
            ManagedChannel channel = GrpcApiTest.channel(s.grpcPort());
            try {
                CompletableFuture<Integer> rest = CompletableFuture.supplyAsync(() -> {
                    int ok = 0;
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        try {
                            Http.Reply r = Http.post(s.port(), "/v1/models/tiny:predict", "{\"instances\": [\"a good film " + i + "\"]}");
                            ok += r.status() == 200 ? 1 : 0;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return ok;
                });
                CompletableFuture<Integer> grpc = CompletableFuture.supplyAsync(() -> {
                    int ok = 0;
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        PredictResponse g = PredictionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                                .predict(PredictRequest.newBuilder().setModelSpec(GrpcApiTest.spec("tiny", ""))
                                        .putInputs("text", GrpcApiTest.strings(List.of("a bad film " + i))).build());
                        ok += g.getOutputsOrThrow("probabilities").getFloatValCount();
                    }
                    return ok;
                });
                assertEquals(REQUESTS_EACH, rest.get(120, TimeUnit.SECONDS));
                assertEquals(REQUESTS_EACH, grpc.get(120, TimeUnit.SECONDS));
                String page = Http.get(s.port(), "/monitoring/prometheus/metrics").body();
                String labels = "\\{model=\"tiny\",signature=\"serving_default\"}";
                long runs = BatchingTest.metric(page, "textlstm_serve_batch_size_count" + labels);
                long rows = BatchingTest.metric(page, "textlstm_serve_batch_size_sum" + labels);
                assertEquals(2L * REQUESTS_EACH, rows, page);
                // rows - runs = the runs of two rows, each one REST and one gRPC request
                assertTrue(rows - runs > 0, "no REST and gRPC request shared a run: " + runs + " runs of " + rows + " rows");
            } finally {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }
}
