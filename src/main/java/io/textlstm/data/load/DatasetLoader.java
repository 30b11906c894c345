package io.textlstm.data.load;

import io.textlstm.BadSettingException;
import io.textlstm.data.DataFormat;
import io.textlstm.data.DataSettings;
import io.textlstm.data.LabelSet;
import io.textlstm.data.LabeledFilesSource;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.SkipReport;
import io.textlstm.data.SourceRecords;
import io.textlstm.data.StratifiedSplit;
import io.textlstm.data.imdb.AclImdbSource;
import io.textlstm.data.imdb.ImdbArraySource;
import io.textlstm.data.imdb.ImdbNpm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Loads a {@link RawDataset} from any source of docs/data.md, chosen by {@link DataSettings}: it detects the format
 * and hands the reading to the source's reader ({@link ImdbArraySource}, {@link AclImdbSource},
 * {@link LabeledFilesSource}), which gives train and test records.
 *
 * <p>Splits: IMDB sources keep the official 25k/25k split (the npm array by index, {@code aclImdb/} by folder);
 * CSV and class folders use the separate test data when given, otherwise a stratified seeded test fraction. A
 * validation split then holds a stratified share of TRAIN out as validation (seeded with {@code seed + 1}, so that
 * it does not mirror the test split). Labels are checked ({@link LabelSet} rules) on the training records before
 * anything is split, and every test/validation label must occur in train.
 *
 * <p>This class lives in its own package because it is the one place that knows every source: {@code data.imdb}
 * builds on {@code data}, and this package on both.
 */
public final class DatasetLoader {

    private DatasetLoader() {}

    /** Loads the data of {@code o}, telling nobody about a download (see {@link #load(DataSettings, Consumer)}). */
    public static RawDataset load(DataSettings o) {
        return load(o, notice -> { });
    }

    /**
     * Loads the data of {@code o}.
     *
     * @param notices hears what the user should know while the data are fetched (the IMDB download starts, a cached
     *                copy failed its check and is fetched again): a front end prints them
     */
    public static RawDataset load(DataSettings o, Consumer<String> notices) {
        DataFormat format = detect(o);
        if (o.testData() != null && format != DataFormat.CSV && format != DataFormat.FOLDERS) {
            throw new BadSettingException("testData", "a separate test set is for csv and folders datasets; " + format
                    + " already has its own test split");
        }
        SkipReport skips = new SkipReport();
        SourceRecords read = switch (format) {
            case NPM_TARBALL, IMDB_JSON -> ImdbArraySource.read(o, format == DataFormat.NPM_TARBALL, skips, notices);
            case ACLIMDB -> AclImdbSource.read(o, skips);
            case CSV, FOLDERS -> LabeledFilesSource.read(o, format == DataFormat.CSV, skips);
            default -> throw new IllegalStateException("format " + format);
        };
        List<LabeledText> train = read.train();
        LabelSet.requireKnownLabels(train, read.test(), "the test split of " + read.source());
        List<LabeledText> validation = List.of();
        String note = read.note();
        if (o.validationSplit() > 0) {
            StratifiedSplit.Parts parts = StratifiedSplit.split(train, o.validationSplit(), o.seed() + 1,
                    "validationSplit", "the training split of " + read.source());
            train = parts.kept();
            validation = parts.heldOut();
            note += "; validation split " + o.validationSplit() + " of train held out";
        }
        return new RawDataset(read.name(), train, read.test(), validation, skips, note);
    }

    /** The format the options name, or the one the data path suggests. */
    public static DataFormat detect(DataSettings o) {
        Path data = o.data();
        if (data == null) {
            if (o.format() != DataFormat.AUTO && o.format() != DataFormat.NPM_TARBALL) {
                throw new BadSettingException("data", "format " + o.format() + " needs a dataset path");
            }
            return DataFormat.NPM_TARBALL;
        }
        if (!Files.exists(data)) {
            throw new BadSettingException("data", data + ": no such file or folder; expected a dataset "
                    + "(CSV file, folder of class folders, aclImdb/ folder, reviews.json or " + ImdbNpm.TARBALL + ")");
        }
        if (o.format() != DataFormat.AUTO) {
            return o.format();
        }
        if (Files.isDirectory(data)) {
            return AclImdbSource.root(data) != null ? DataFormat.ACLIMDB : DataFormat.FOLDERS;
        }
        String n = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".tgz") || n.endsWith(".tar.gz")) {
            return DataFormat.NPM_TARBALL;
        }
        if (n.endsWith(".json")) {
            return DataFormat.IMDB_JSON;
        }
        if (n.endsWith(".csv")) {
            return DataFormat.CSV;
        }
        throw new BadSettingException("format", data + ": cannot tell the format from the file name; name it: "
                + "csv, imdb-json or npm-tarball");
    }
}
