package io.textlstm.cli;

import io.textlstm.Versions;
import picocli.CommandLine;

/** {@code textlstm --version}: textlstm's version and the TensorFlow runtime it runs on, from {@link Versions}. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"textlstm " + Versions.textlstm(), "TensorFlow " + Versions.tensorflow()};
    }
}
