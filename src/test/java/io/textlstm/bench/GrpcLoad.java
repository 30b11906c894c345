package io.textlstm.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.textlstm.serve.proto.Model.ModelSpec;
import io.textlstm.serve.proto.Predict.PredictRequest;
import io.textlstm.serve.proto.Predict.PredictResponse;
import io.textlstm.serve.proto.PredictionServiceGrpc;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * gRPC load for {@link ServerBench}, the counterpart of its JDK HTTP client load: {@code conns} clients, each on its
 * own channel (one HTTP/2 connection), each sending Predict requests of {@code rows} reviews one after the other
 * (asynchronously, as the HTTP load does) for {@code seconds}; the same result fields as the REST rows.
 */
final class GrpcLoad {
    private GrpcLoad() {}

    static Map<String, Object> load(int port, List<String> texts, int rows, int conns, double seconds) throws Exception {
        List<PredictRequest> requests = new ArrayList<>();
        for (int i = 0; i + rows <= texts.size(); i += rows) {
            TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_STRING).setTensorShape(
                    TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(rows)));
            for (String s : texts.subList(i, i + rows)) {
                t.addStringVal(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
            requests.add(PredictRequest.newBuilder().setModelSpec(ModelSpec.newBuilder().setName("imdb_lstm"))
                    .putInputs("text", t.build()).build());
        }
        List<ManagedChannel> channels = new ArrayList<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> errorSamples = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<CompletableFuture<Void>> users = new ArrayList<>();
        try {
            for (int u = 0; u < conns; u++) {
                ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                        .directExecutor().build(); // callbacks on the transport thread, as a lean client (wrk) runs
                channels.add(ch);
                var stub = PredictionServiceGrpc.newStub(ch);
                long[] lat = new long[1 << 20];
                latencies.add(lat);
                int[] count = {0};
                int offset = u * 7;
                CompletableFuture<Void> done = new CompletableFuture<>();
                users.add(done);
                Runnable[] next = new Runnable[1];
                next[0] = () -> {
                    if (System.nanoTime() >= end) {
                        lat[lat.length - 1] = count[0];
                        done.complete(null);
                        return;
                    }
                    PredictRequest request = requests.get((offset + count[0]) % requests.size());
                    long t0 = System.nanoTime();
                    stub.withDeadlineAfter(60, TimeUnit.SECONDS).predict(request, new StreamObserver<PredictResponse>() {
                        @Override
                        public void onNext(PredictResponse value) {}

                        @Override
                        public void onError(Throwable e) {
                            errors.incrementAndGet();
                            synchronized (errorSamples) {
                                if (errorSamples.size() < 5) {
                                    errorSamples.add(e.toString());
                                }
                            }
                            finish();
                        }

                        @Override
                        public void onCompleted() {
                            ok.incrementAndGet();
                            finish();
                        }

                        private void finish() {
                            if (count[0] < lat.length - 1) {
                                lat[count[0]] = System.nanoTime() - t0;
                            }
                            count[0]++;
                            next[0].run();
                        }
                    });
                };
                next[0].run();
            }
            CompletableFuture.allOf(users.toArray(new CompletableFuture[0])).get((long) (seconds + 120), TimeUnit.SECONDS);
        } finally {
            for (ManagedChannel ch : channels) {
                ch.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> all = new ArrayList<>();
        for (long[] lat : latencies) {
            int n = (int) Math.min(lat[lat.length - 1], lat.length - 1);
            for (int i = 0; i < n; i++) {
                all.add(lat[i] / 1e6);
            }
        }
        double[] ms = all.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("api", "gRPC");
        r.put("reviews_per_request", rows);
        r.put("connections", conns);
        r.put("seconds", Math.round(elapsed * 10) / 10.0);
        r.put("requests", ok.get());
        r.put("reviews_per_s", ok.get() * rows / elapsed);
        r.put("p50_ms", ms.length == 0 ? Double.NaN : ServingBench.percentile(ms, 50));
        r.put("p99_ms", ms.length == 0 ? Double.NaN : ServingBench.percentile(ms, 99));
        r.put("errors", errors.get());
        r.put("load_generator", "grpc-java (Netty) in the bench JVM");
        if (!errorSamples.isEmpty()) {
            r.put("error_samples", errorSamples);
        }
        return r;
    }
}
