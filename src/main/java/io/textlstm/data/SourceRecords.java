package io.textlstm.data;

import java.util.List;

/**
 * What every source reader returns (docs/data.md): the records of one dataset in its train and test splits, before
 * a validation share is held out. Labels of {@code train} have passed the {@link LabelSet} rules.
 *
 * @param name   short description for the data report, e.g. {@code "CSV reviews.csv"}
 * @param source how error messages name the records, e.g. {@code "reviews.csv column 'sentiment'"}
 * @param train  training records
 * @param test   test records
 * @param note   how the splits were obtained, e.g. {@code "official split (train/ and test/ folders)"}
 */
public record SourceRecords(String name, String source, List<LabeledText> train, List<LabeledText> test,
        String note) {

    /**
     * Splits {@code all} into train and test by the test fraction and seed of {@code options} (stratified); the
     * note says so after {@code notePrefix}.
     */
    public static SourceRecords stratified(String name, String source, List<LabeledText> all, DataSettings options,
            String notePrefix) {
        StratifiedSplit.Parts parts =
                StratifiedSplit.split(all, options.testFraction(), options.seed(), "testFraction", source);
        return new SourceRecords(name, source, parts.kept(), parts.heldOut(), notePrefix + "stratified split, test "
                + "fraction " + options.testFraction() + ", seed " + options.seed());
    }
}
