package io.textlstm.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link ModelServer} needs: the models (name → base path holding numeric version folders), where to
 * listen, how often to poll, which versions to serve, batching and request limits. Built with {@link #builder()}.
 */
public record ServeConfig(Map<String, Path> models, String host, int port, Duration pollInterval,
        VersionPolicy versionPolicy, BatchingParameters batching, RequestLimits limits, Duration drainTimeout) {

    /** TF Serving's REST port. */
    public static final int DEFAULT_PORT = 8501;

    public ServeConfig {
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        if (models.isEmpty()) {
            throw new IllegalArgumentException("serve needs at least one model");
        }
        Objects.requireNonNull(host);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
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
            if (name.isEmpty() || !name.matches("[^/:]+")) {
                throw new IllegalArgumentException("model name '" + name + "' must be non-empty without '/' or ':'");
            }
            if (models.putIfAbsent(name, basePath) != null) {
                throw new IllegalArgumentException("model name '" + name + "' is given twice");
            }
            return this;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder pollInterval(Duration v) { pollInterval = v; return this; }
        public Builder versionPolicy(VersionPolicy v) { versionPolicy = v; return this; }
        public Builder batching(BatchingParameters v) { batching = v; return this; }
        public Builder limits(RequestLimits v) { limits = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }

        public ServeConfig build() {
            return new ServeConfig(models, host, port, pollInterval, versionPolicy, batching, limits, drainTimeout);
        }
    }
}
