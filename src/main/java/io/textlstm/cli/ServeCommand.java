package io.textlstm.cli;

import io.textlstm.serve.ModelServer;
import io.textlstm.serve.ServeConfig;
import io.textlstm.serve.core.BatchingParameters;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.core.VersionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code textlstm serve}: TF Serving's REST and gRPC APIs for exported models, until SIGTERM or Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve SavedModels over TF Serving's REST and gRPC APIs, with version polling, its model config file, request batching and Prometheus metrics.",
            "REST: POST /v1/models/NAME[/versions/N|/labels/L]:predict|:classify|:regress, GET /v1/models/NAME[/metadata], GET /monitoring/prometheus/metrics.",
            "gRPC: tensorflow.serving.PredictionService and ModelService.",
            "Stops gracefully on SIGTERM or Ctrl-C. See docs/serving.md."
        })
public final class ServeCommand implements Callable<Integer> {

    static final String DEFAULT_MODEL = "imdb_lstm=savedmodel/imdb_lstm";

    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME=BASE",
            description = "Model name and base path holding numeric version folders; repeat for several (default: " + DEFAULT_MODEL + ")")
    List<String> models = new ArrayList<>();

    @Option(names = "--port", paramLabel = "N", description = "REST port, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = ServeConfig.DEFAULT_PORT;

    @Option(names = "--grpc-port", paramLabel = "N", description = "gRPC port, 0 for no gRPC API (default: ${DEFAULT-VALUE})")
    int grpcPort = ServeConfig.DEFAULT_GRPC_PORT;

    @Option(names = "--model-config-file", paramLabel = "FILE",
            description = "TF Serving's model config file (text format ModelServerConfig): models, base paths, version "
                    + "policies and labels; instead of --model and --version-policy")
    Path modelConfigFile;

    @Option(names = "--model-config-file-poll-wait-seconds", paramLabel = "S",
            description = "Read the model config file again this often and apply it when it changed (default: 0, never)")
    double configPollSeconds = 0;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: ${DEFAULT-VALUE})")
    String host = "0.0.0.0";

    @Option(names = "--file-system-poll-wait-seconds", paramLabel = "S",
            description = "How often each base path is checked for new or removed versions (default: ${DEFAULT-VALUE})")
    double pollSeconds = 1;

    @Option(names = "--version-policy", paramLabel = "P",
            description = "latest (default), latest:N, all, or specific:V1,V2")
    String versionPolicy = "latest";

    @Option(names = "--batching", negatable = true, description = "Merge concurrent requests into one model run (default: on)")
    boolean batching = true;

    @Option(names = "--max-batch-size", paramLabel = "N", description = "Rows per merged run (default: ${DEFAULT-VALUE})")
    int maxBatchSize = BatchingParameters.DEFAULTS.maxBatchSize();

    @Option(names = "--batch-timeout-micros", paramLabel = "US",
            description = "Longest a request waits for others to join its batch (default: ${DEFAULT-VALUE})")
    long batchTimeoutMicros = BatchingParameters.DEFAULTS.batchTimeoutMicros();

    @Option(names = "--num-batch-threads", paramLabel = "N", description = "Batches run at once, shared by all models (default: ${DEFAULT-VALUE}, measured best on 2 cores; "
            + "docs/serving.md, Performance)")
    int numBatchThreads = BatchingParameters.DEFAULTS.numBatchThreads();

    @Option(names = "--max-enqueued-batches", paramLabel = "N",
            description = "Full batches that may wait per model and signature before requests get 503 (default: ${DEFAULT-VALUE})")
    int maxEnqueuedBatches = BatchingParameters.DEFAULTS.maxEnqueuedBatches();

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default: ${DEFAULT-VALUE})")
    int maxBodyBytes = RequestLimits.DEFAULTS.maxBodyBytes();

    @Option(names = "--max-instances", paramLabel = "N", description = "Most texts or rows per request (default: ${DEFAULT-VALUE})")
    int maxInstances = RequestLimits.DEFAULTS.maxInstances();

    @Option(names = "--max-text-length", paramLabel = "N", description = "Most characters per text (default: ${DEFAULT-VALUE})")
    int maxTextLength = RequestLimits.DEFAULTS.maxTextLength();

    @Option(names = "--body-timeout-seconds", paramLabel = "S",
            description = "Longest a client may take to send a request body; slower uploads get 408 (default: ${DEFAULT-VALUE})")
    double bodyTimeoutSeconds = RequestLimits.DEFAULTS.bodyTimeout().toMillis() / 1000.0;

    @Option(names = "--drain-seconds", paramLabel = "S",
            description = "On shutdown, how long requests in flight may take to finish (default: ${DEFAULT-VALUE})")
    double drainSeconds = 30;

    @Override
    public Integer call() throws Exception {
        ServeConfig config;
        try {
            ServeConfig.Builder b = ServeConfig.builder().host(host).port(port)
                    .grpcPort(grpcPort(grpcPort))
                    .modelConfigFile(modelConfigFile)
                    .configPollInterval(configPollSeconds == 0 ? null
                            : seconds(configPollSeconds, "--model-config-file-poll-wait-seconds"))
                    .pollInterval(seconds(pollSeconds, "--file-system-poll-wait-seconds"))
                    .versionPolicy(VersionPolicy.parse(versionPolicy))
                    .batching(new BatchingParameters(batching, maxBatchSize, batchTimeoutMicros, numBatchThreads, maxEnqueuedBatches))
                    .limits(new RequestLimits(maxBodyBytes, maxInstances, maxTextLength,
                            seconds(bodyTimeoutSeconds, "--body-timeout-seconds")))
                    .drainTimeout(seconds(drainSeconds, "--drain-seconds"));
            if (modelConfigFile != null && (!models.isEmpty() || !versionPolicy.equals("latest"))) {
                throw new IllegalArgumentException("--model-config-file names the models and their version policies; "
                        + "leave out --model and --version-policy");
            }
            for (String m : modelConfigFile != null ? List.<String>of() : models.isEmpty() ? List.of(DEFAULT_MODEL) : models) {
                int eq = m.indexOf('=');
                if (eq <= 0 || eq == m.length() - 1) {
                    throw new IllegalArgumentException("--model takes NAME=BASE_PATH, e.g. " + DEFAULT_MODEL + "; got '" + m + "'");
                }
                b.model(m.substring(0, eq), Path.of(m.substring(eq + 1)));
            }
            config = b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // the hook is in place before the port opens: a SIGTERM right after the first answer still stops gracefully
        java.util.concurrent.atomic.AtomicReference<ModelServer> running = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ModelServer s = running.get();
            if (s != null) {
                s.close();
            }
        }, "textlstm-shutdown"));
        ModelServer server = ModelServer.start(config);
        running.set(server);
        server.awaitStop();
        return 0;
    }

    /** The CLI's 0 turns gRPC off, as TF Serving's 0 turns its REST API off. */
    private static int grpcPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--grpc-port must be 0..65535 (0: no gRPC API), got " + port);
        }
        return port == 0 ? ServeConfig.GRPC_OFF : port;
    }

    private static Duration seconds(double s, String option) {
        if (!(s > 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got " + s);
        }
        return Duration.ofNanos((long) (s * 1e9));
    }
}
