package io.textlstm.serve;

import io.textlstm.serve.core.BatchingParameters;
import io.textlstm.serve.core.CoreConfig;
import io.textlstm.serve.core.ModelConfigFile;
import io.textlstm.serve.proto.ModelServerConfigOuterClass.ModelServerConfig;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.core.ServedModelConfig;
import io.textlstm.serve.core.VersionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link ModelServer} needs: the serving core's settings (the models, how often to poll, batching and
 * request limits), where the REST and gRPC APIs listen, how long a stop may drain, and, when the models come from TF
 * Serving's model config file, that file, its version labels and how often it is read again. Built with
 * {@link #builder()}.
 *
 * @param grpcPort           the gRPC port; 0 for any free one, {@link #GRPC_OFF} for no gRPC API
 * @param versionLabels      version labels by model (the config file's {@code version_labels})
 * @param modelConfigFile    the model config file the models came from, or null
 * @param configPollInterval how often that file is read again and applied when it changed; null: never
 */
public record ServeConfig(CoreConfig core, String host, int port, Duration drainTimeout, int grpcPort,
        Map<String, Map<String, Long>> versionLabels, Path modelConfigFile, Duration configPollInterval) {

    /** TF Serving's REST port. */
    public static final int DEFAULT_PORT = 8501;
    /** TF Serving's gRPC port. */
    public static final int DEFAULT_GRPC_PORT = io.textlstm.serve.grpc.GrpcServer.DEFAULT_PORT;
    /** {@link #grpcPort()} when the gRPC API is off. */
    public static final int GRPC_OFF = -1;

    public ServeConfig {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative, got " + drainTimeout);
        }
        if (grpcPort < GRPC_OFF || grpcPort > 65535) {
            throw new IllegalArgumentException("gRPC port must be 0..65535, got " + grpcPort);
        }
        versionLabels = Map.copyOf(versionLabels);
        if (configPollInterval != null && (configPollInterval.isNegative() || configPollInterval.isZero())) {
            throw new IllegalArgumentException("the config file poll interval must be positive, got " + configPollInterval);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with the defaults of {@code textlstm serve}. */
    public static final class Builder {
        private final Map<String, Path> models = new LinkedHashMap<>();
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private Duration pollInterval = Duration.ofSeconds(1);
        private VersionPolicy versionPolicy = VersionPolicy.latest();
        private BatchingParameters batching = BatchingParameters.DEFAULTS;
        private RequestLimits limits = RequestLimits.DEFAULTS;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private int grpcPort = GRPC_OFF;
        private Path modelConfigFile;
        private Duration configPollInterval;

        /** Adds a model served under {@code name} from {@code basePath}; names must be unique. */
        public Builder model(String name, Path basePath) {
            new ServedModelConfig(name, basePath, VersionPolicy.latest()); // checks the name
            if (models.putIfAbsent(name, basePath) != null) {
                throw new IllegalArgumentException("model name '" + name + "' is given twice");
            }
            return this;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        /** The version policy of every model. */
        public Builder versionPolicy(VersionPolicy v) { versionPolicy = v; return this; }
        public Builder batching(BatchingParameters v) { batching = v; return this; }
        public Builder limits(RequestLimits v) { limits = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        /** The gRPC port: 0 for any free one, {@link #GRPC_OFF} (the default here; the CLI's is 8500) for none. */
        public Builder grpcPort(int v) { grpcPort = v; return this; }
        /** Takes the models, their version policies and labels from TF Serving's model config file instead. */
        public Builder modelConfigFile(Path v) { modelConfigFile = v; return this; }
        /** Reads the model config file again this often and applies it when it changed (null: never). */
        public Builder configPollInterval(Duration v) { configPollInterval = v; return this; }

        /**
         * @throws io.textlstm.BadInputException when the model config file cannot be read or is refused (with its line
         *     and field)
         * @throws IllegalArgumentException for models given both ways, or a bad setting
         */
        public ServeConfig build() {
            List<ServedModelConfig> list = new ArrayList<>();
            Map<String, Map<String, Long>> labels = Map.of();
            if (modelConfigFile != null) {
                if (!models.isEmpty()) {
                    throw new IllegalArgumentException("models come from the model config file or are given one by one, "
                            + "not both");
                }
                ModelServerConfig file = ModelConfigFile.read(modelConfigFile);
                list.addAll(ModelConfigFile.models(file));
                labels = ModelConfigFile.labels(file);
            } else {
                models.forEach((name, base) -> list.add(new ServedModelConfig(name, base, versionPolicy)));
            }
            return new ServeConfig(new CoreConfig(list, pollInterval, batching, limits), host, port, drainTimeout,
                    grpcPort, labels, modelConfigFile, modelConfigFile == null ? null : configPollInterval);
        }
    }
}
