package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.export.ExportLayout;
import java.nio.file.Path;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * Where {@code train} and {@code export} write a SavedModel: the base path, the version, and the tf.Example feature of
 * the classify and regress signatures (docs/savedmodel.md). The
 * version flag is {@code --version}, as in TF Serving's layout, which is why these commands take only {@code --help}
 * from picocli.
 */
final class ExportOptions {

    @Option(names = "--export", paramLabel = "BASE_PATH",
            description = "Base path of the export (default: savedmodel/<name>, the model's name: --name, or for "
                    + "export the run folder's name without its timestamp).")
    Path base;

    @Option(names = "--version", paramLabel = "N", description = "SavedModel version to write (default: highest existing + 1).")
    Long version;

    @Option(names = "--example-feature", paramLabel = "NAME",
            description = "The tf.Example feature that holds the text in the classify and regress signatures "
                    + "(default: ${DEFAULT-VALUE}).")
    String exampleFeature = ExportLayout.DEFAULT_EXAMPLE_FEATURE;

    /** The base path, {@code savedmodel/<name>} unless one was given. */
    Path base(String name) {
        return base != null ? base : Path.of("savedmodel", name);
    }

    /** The version asked for, checked; empty for the next free one. */
    OptionalLong version() {
        if (version != null && version < 0) {
            throw new BadInputException("--version must not be negative, got " + version);
        }
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
