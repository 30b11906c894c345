package io.textlstm.serve.core;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the serving core needs, whichever front ends run over it: the models, how often their base paths are polled,
 * batching and the request limits.
 */
public record CoreConfig(List<ServedModelConfig> models, Duration pollInterval, BatchingParameters batching,
        RequestLimits limits) {

    public CoreConfig {
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("serve needs at least one model");
        }
        Set<String> names = new HashSet<>();
        for (ServedModelConfig m : models) {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("model name '" + m.name() + "' is given twice");
            }
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, got " + pollInterval);
        }
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(limits, "limits");
    }
}
