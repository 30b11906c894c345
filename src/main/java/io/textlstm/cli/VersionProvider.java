package io.textlstm.cli;

import picocli.CommandLine;

/** Reports textlstm's version (from the jar manifest) and the TensorFlow runtime it runs on. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"textlstm " + textlstmVersion(), "TensorFlow " + org.tensorflow.TensorFlow.version()};
    }

    /** The project version, or "dev" when running from classes outside a jar. */
    public static String textlstmVersion() {
        String v = TextLstm.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
