package io.textlstm.export;

import java.nio.file.Path;
import java.util.List;

/**
 * What an export produced.
 *
 * @param directory            {@code <base>/<version>}, complete and in place
 * @param version              the version number used
 * @param warmupTexts          the texts of the warmup file
 * @param warmupProbabilities  their probabilities computed in the export session (the exported model reproduces
 *                             them bitwise: the exporter reloads it and checks before moving it into place)
 */
public record ExportResult(Path directory, long version, List<String> warmupTexts, float[][] warmupProbabilities) {}
