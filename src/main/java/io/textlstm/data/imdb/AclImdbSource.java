package io.textlstm.data.imdb;

import io.textlstm.BadInputException;
import io.textlstm.data.DataSettings;
import io.textlstm.data.FolderReader;
import io.textlstm.data.LabelSet;
import io.textlstm.data.LabeledText;
import io.textlstm.data.SkipReport;
import io.textlstm.data.SourceRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanford's {@code aclImdb/} folder (docs/data.md): {@code train|test/pos|neg/*.txt}, {@code unsup/} ignored,
 * split as the folders say (the official split).
 */
public final class AclImdbSource {

    private AclImdbSource() {}

    /** {@code dir} or its {@code aclImdb/} child when it looks like Stanford's layout, else null. */
    public static Path root(Path dir) {
        if (Files.isDirectory(dir.resolve("train").resolve("pos")) || Files.isDirectory(dir.resolve("test").resolve("pos"))) {
            return dir;
        }
        Path child = dir.resolve("aclImdb");
        if (Files.isDirectory(child.resolve("train"))) {
            return child;
        }
        return null;
    }

    /** Reads the folder {@code options.data()} (or its {@code aclImdb/} child). */
    public static SourceRecords read(DataSettings options, SkipReport skips) {
        Path root = root(options.data());
        if (root == null) {
            root = options.data();
        }
        String source = root.toString();
        List<LabeledText> train = readSplit(root, "train", skips);
        List<LabeledText> test = readSplit(root, "test", skips);
        LabelSet.fromRecords(train, source + "/train");
        return new SourceRecords("IMDB (aclImdb folder " + root + ")", source, train, test,
                "official split (train/ and test/ folders)");
    }

    /** Reads one split of {@code aclImdb/}: {@code split/neg} as "negative", then {@code split/pos} as "positive". */
    static List<LabeledText> readSplit(Path root, String split, SkipReport skips) {
        List<LabeledText> out = new ArrayList<>();
        for (String[] c : new String[][] {{"neg", ImdbJson.NEGATIVE}, {"pos", ImdbJson.POSITIVE}}) {
            Path folder = root.resolve(split).resolve(c[0]);
            if (!Files.isDirectory(folder)) {
                throw new BadInputException(folder + ": missing; expected the Stanford aclImdb layout "
                        + "(train/pos, train/neg, test/pos, test/neg with one review per .txt file)");
            }
            out.addAll(FolderReader.readClass(folder, c[1], skips));
        }
        return out;
    }
}
