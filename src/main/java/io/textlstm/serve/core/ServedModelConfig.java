package io.textlstm.serve.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One model to serve, as an entry of TF Serving's {@code model_config_list}: its name in request URLs, the base path
 * holding its numeric version folders, and which of them to serve.
 */
public record ServedModelConfig(String name, Path basePath, VersionPolicy versionPolicy) {

    public ServedModelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(versionPolicy, "versionPolicy");
        if (name.isEmpty() || !name.matches("[^/:]+")) {
            throw new IllegalArgumentException("model name '" + name + "' must be non-empty without '/' or ':'");
        }
    }
}
