package io.textlstm.data;

import io.textlstm.BadSettingException;
import java.nio.file.Path;

/**
 * Which data a run reads and how it is split and turned into ids (docs/data.md), checked once, when it is built.
 * Build one with {@link #builder()}: {@code DataSettings.builder().data(path).numWords(100).build()}; every unset value
 * is the tutorial's default.
 *
 * <p>The seed is the one seed of a run: it drives the stratified splits and the training.
 *
 * @param data            a dataset file or folder, or null for IMDB from the npm cache
 * @param format          the source format, {@link DataFormat#AUTO} to tell it from the path
 * @param testData        a separate test set for CSV and class folders, or null to hold out {@code testFraction}
 * @param textColumn      the CSV column with the text
 * @param labelColumn     the CSV column with the label
 * @param testFraction    the share held out for testing when the data has no test split, in (0, 1)
 * @param validationSplit the share of the training split held out for per-epoch validation, in [0, 1)
 * @param numWords        the vocabulary size, ids 0-2 included
 * @param maxLength       the sequence length
 * @param seed            the run's seed
 */
public record DataSettings(Path data, DataFormat format, Path testData, String textColumn, String labelColumn,
        double testFraction, double validationSplit, int numWords, int maxLength, long seed) {

    public static final int DEFAULT_NUM_WORDS = 5000;
    public static final int DEFAULT_MAX_LENGTH = 500;
    public static final long DEFAULT_SEED = 7;

    public DataSettings {
        format = format == null ? DataFormat.AUTO : format;
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
    }

    /** IMDB from the npm cache with the tutorial's settings. */
    public static DataSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder().data(data).format(format).testData(testData).textColumn(textColumn).labelColumn(labelColumn)
                .testFraction(testFraction).validationSplit(validationSplit).numWords(numWords).maxLength(maxLength)
                .seed(seed);
    }

    /**
     * The one check of a vocabulary size: ids 0-2 are reserved, so at least one word needs 4.
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
     * The one check of a sequence length.
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

    /** Starts from the defaults of docs/data.md. */
    public static final class Builder {
        private Path data;
        private DataFormat format = DataFormat.AUTO;
        private Path testData;
        private String textColumn = "review";
        private String labelColumn = "sentiment";
        private double testFraction = 0.2;
        private double validationSplit = 0;
        private int numWords = DEFAULT_NUM_WORDS;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private long seed = DEFAULT_SEED;

        private Builder() {}

        public Builder data(Path v) { data = v; return this; }
        public Builder format(DataFormat v) { format = v; return this; }
        public Builder testData(Path v) { testData = v; return this; }
        public Builder textColumn(String v) { textColumn = v; return this; }
        public Builder labelColumn(String v) { labelColumn = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        public Builder validationSplit(double v) { validationSplit = v; return this; }
        public Builder numWords(int v) { numWords = v; return this; }
        public Builder maxLength(int v) { maxLength = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** @throws BadSettingException naming the first setting out of range */
        public DataSettings build() {
            return new DataSettings(data, format, testData, textColumn, labelColumn, testFraction, validationSplit,
                    numWords, maxLength, seed);
        }
    }
}
