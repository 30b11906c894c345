package io.textlstm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import io.textlstm.data.load.DatasetLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir Path dir;

    private Path csv(String content) throws Exception {
        return DataFiles.write(dir, "data.csv", content);
    }

    private List<LabeledText> read(Path f, SkipReport skips) {
        return CsvReader.read(f, "review", "sentiment", skips);
    }

    private BadInputException fails(Path f) {
        return assertThrows(BadInputException.class, () -> read(f, new SkipReport()));
    }

    private static void mentions(BadInputException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void readsQuotedMultiLineFieldsAndBom() throws Exception {
        Path f = dir.resolve("bom.csv");
        byte[] body = ("id,review,sentiment\r\n1,\"Great, \"\"really\"\"\nfilm\",positive\r\n2,Bad,negative\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(f, withBom);
        List<LabeledText> rows = read(f, new SkipReport());
        assertEquals(List.of(new LabeledText("Great, \"really\"\nfilm", "positive"), new LabeledText("Bad", "negative")),
                rows);
    }

    @Test
    void missingFile() {
        mentions(assertThrows(BadInputException.class, () -> read(dir.resolve("nope.csv"), new SkipReport())),
                "nope.csv", "no such file");
    }

    @Test
    void folderInsteadOfFile() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(dir).format(DataFormat.CSV).build()));
        mentions(e, dir.toString(), "is a folder", "CSV file");
    }

    @Test
    void noHeaderRow() throws Exception {
        BadInputException e = fails(csv("I loved it,positive\nDull,negative\n"));
        mentions(e, "data.csv:1", "no column 'review'", "header row");
    }

    @Test
    void missingColumnSuggestsTheOption() throws Exception {
        BadInputException e = fails(csv("review,label\nI loved it,positive\n"));
        mentions(e, "data.csv:1", "no column 'sentiment'", "[review, label]", "choose one of them");
        mentions(fails(csv("Review,sentiment\nx,positive\n")), "did you mean 'Review'");
    }

    @Test
    void recordWithTooFewFields() throws Exception {
        mentions(fails(csv("review,sentiment\ngood,positive\nno label here\n")), "data.csv:3", "1 field",
                "'sentiment'");
    }

    @Test
    void unbalancedQuoteNamesTheLine() throws Exception {
        BadInputException e = fails(csv("review,sentiment\ngood,positive\nbad,negative\n\"never closed,positive\nx,y\n"));
        mentions(e, "data.csv:4", "unbalanced quote");
    }

    /** Issue 10, defect 5: the comma of "I liked it, a lot" used to turn " a lot" into the label. */
    @Test
    void recordWithMoreFieldsThanTheHeaderNamesFileAndLine() throws Exception {
        mentions(fails(csv("review,sentiment\ngood,positive\nI liked it, a lot,positive\n")), "data.csv:3", "3 fields",
                "the header has 2", "quoted");
    }

    /** Issue 10: a quote left open mid-file is named at its own line, not at the later quote that closes it. */
    @Test
    void unclosedQuoteMidFileNamesTheLineOfTheOpeningQuote() throws Exception {
        BadInputException e = fails(csv("review,sentiment\ngood,positive\n\"never closed,positive\nok,negative\n\"fine\",positive\n"));
        mentions(e, "data.csv:3", "unclosed quote", "line 3");
    }

    @Test
    void strayCharacterAfterQuote() throws Exception {
        mentions(fails(csv("review,sentiment\ngood,positive\n\"bad\"x,negative\n")), "data.csv:3", "quote");
    }

    @Test
    void nonUtf8BytesNameTheLine() throws Exception {
        Path f = dir.resolve("latin1.csv");
        StringBuilder sb = new StringBuilder("review,sentiment\n");
        for (int i = 0; i < 3000; i++) {
            sb.append("plain review number ").append(i).append(",positive\n");
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9,negative\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(f, all);
        BadInputException e = assertThrows(BadInputException.class, () -> read(f, new SkipReport()));
        mentions(e, "latin1.csv:3002", "invalid UTF-8 byte 0xE9", "UTF-8");
    }

    @Test
    void emptyTextIsSkippedAndCounted() throws Exception {
        SkipReport skips = new SkipReport();
        List<LabeledText> rows = read(csv("review,sentiment\ngood,positive\n,negative\n\"  \",positive\nbad,negative\n"),
                skips);
        assertEquals(2, rows.size());
        assertEquals(2, skips.total());
        assertEquals(List.of("data.csv:3", "data.csv:4"), skips.examples("empty text"));
    }

    @Test
    void emptyLabelNamesTheLine() throws Exception {
        mentions(fails(csv("review,sentiment\ngood,positive\nbad,\n")), "data.csv:3", "empty label");
    }

    @Test
    void emptyFileAndHeaderOnly() throws Exception {
        mentions(fails(csv("")), "empty file");
        mentions(fails(csv("review,sentiment\n")), "no records");
    }

    @Test
    void labelColumnWithOneClassFailsWhenLoaded() throws Exception {
        Path f = csv("review,sentiment\ngood,positive\ngreat,positive\nfine,positive\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> DatasetLoader.load(DataSettings.builder().data(f).build()));
        mentions(e, "data.csv", "only one class ('positive')", "label column");
    }
}
