package io.textlstm.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The user's own labelled data (docs/data.md): a CSV file or a folder of class folders, split by a separate test
 * set of the same layout when one is given, else by a stratified seeded test fraction.
 */
public final class LabeledFilesSource {

    private LabeledFilesSource() {}

    /** Reads {@code options.data()} as a CSV file ({@code csv}) or as a folder of class folders. */
    public static SourceRecords read(DataSettings options, boolean csv, SkipReport skips) {
        Path data = options.data();
        String source = csv ? data + " column '" + options.labelColumn() + "'" : data.toString();
        String name = (csv ? "CSV " : "class folders ") + data;
        List<LabeledText> all = records(data, options, csv, skips);
        LabelSet.fromRecords(all, source);
        if (options.testData() == null) {
            return SourceRecords.stratified(name, source, all, options, "");
        }
        List<LabeledText> test = records(options.testData(), options, csv, skips);
        LabelSet.requireKnownLabels(all, test, options.testData().toString());
        return new SourceRecords(name, source, all, test, "separate test set " + options.testData());
    }

    private static List<LabeledText> records(Path path, DataSettings options, boolean csv, SkipReport skips) {
        return csv
                ? CsvReader.read(path, options.textColumn(), options.labelColumn(), skips)
                : FolderReader.readClassFolders(path, skips);
    }
}
