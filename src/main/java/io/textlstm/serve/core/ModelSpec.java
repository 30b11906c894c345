package io.textlstm.serve.core;

import java.util.Objects;

/**
 * Which servable a request is for, as TF Serving's {@code ModelSpec} names it: a model, and either a version number,
 * a version label, or neither (the highest version that is serving).
 *
 * @param name         the model's name
 * @param version      a version number, or null
 * @param versionLabel a version label (such as {@code stable}), or null; at most one of version and label is set
 */
public record ModelSpec(String name, Long version, String versionLabel) {

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        if (version != null && versionLabel != null) {
            throw new IllegalArgumentException("a model spec names a version or a version label, not both");
        }
    }

    /** The highest version of {@code name} that is serving. */
    public static ModelSpec latest(String name) {
        return new ModelSpec(name, null, null);
    }

    public static ModelSpec specific(String name, long version) {
        return new ModelSpec(name, version, null);
    }

    public static ModelSpec labeled(String name, String label) {
        return new ModelSpec(name, null, label);
    }

    /** TF Serving's words for the request in "Servable not found for request: ..." messages. */
    String describe() {
        return version == null ? "Latest(" + name + ")" : "Specific(" + name + ", " + version + ")";
    }
}
