package io.textlstm.serve;

import io.textlstm.serve.core.BatchingParameters;
import io.textlstm.serve.core.CoreConfig;
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
 * request limits), where the REST API listens, and how long a stop may drain. Built with {@link #builder()}.
 */
public record ServeConfig(CoreConfig core, String host, int port, Duration drainTimeout) {

    /** TF Serving's REST port. */
    public static final int DEFAULT_PORT = 8501;

    public ServeConfig {
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout must not be negative, got " + drainTimeout);
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

        public ServeConfig build() {
            List<ServedModelConfig> list = new ArrayList<>();
            models.forEach((name, base) -> list.add(new ServedModelConfig(name, base, versionPolicy)));
            return new ServeConfig(new CoreConfig(list, pollInterval, batching, limits), host, port, drainTimeout);
        }
    }
}
