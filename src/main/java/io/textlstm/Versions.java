package io.textlstm;

/**
 * The versions a run or an export records: textlstm's own (from the jar manifest) and the TensorFlow runtime's.
 * Lives in the root package so that every step of the flow, and the CLI's {@code --version}, can read it.
 */
public final class Versions {
    private Versions() {}

    /** The project version, or "dev" when running from classes outside a jar. */
    public static String textlstm() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The version of the TensorFlow runtime the natives report (loads them on first use). */
    public static String tensorflow() {
        return org.tensorflow.TensorFlow.version();
    }
}
