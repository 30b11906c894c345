package io.textlstm.data;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * CSV source (docs/data.md): RFC 4180 via commons-csv, a header row naming the columns, multi-line quoted fields,
 * strict UTF-8 (a leading BOM is dropped). Blank lines are ignored; records with empty text are skipped and
 * counted; everything else that is wrong fails with the file and line.
 */
public final class CsvReader {

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
            .get();

    private CsvReader() {}

    /** Reads all records of {@code file}; skipped ones (empty text) go to {@code skips}. */
    public static List<LabeledText> read(Path file, String textColumn, String labelColumn, SkipReport skips) {
        String what = "a CSV file with a header row and columns '" + textColumn + "' and '" + labelColumn + "'";
        List<LabeledText> out = new ArrayList<>();
        long recordLine = 1;
        try (InputStream raw = TextFiles.open(file, what);
                Reader reader = new InputStreamReader(skipBom(raw), TextFiles.strictUtf8());
                CSVParser parser = parse(file, reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || header.isEmpty()) {
                throw new BadInputException(file + ": empty file; expected " + what);
            }
            List<String> names = parser.getHeaderNames();
            requireColumn(file, names, textColumn, "textColumn");
            requireColumn(file, names, labelColumn, "labelColumn");
            int textIdx = header.get(textColumn);
            int labelIdx = header.get(labelColumn);
            int needed = Math.max(textIdx, labelIdx) + 1;
            Iterator<CSVRecord> it = parser.iterator();
            while (true) {
                recordLine = parser.getCurrentLineNumber() + 1;
                CSVRecord rec;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    rec = it.next();
                } catch (UncheckedIOException e) {
                    throw recordError(file, recordLine, parser.getCurrentLineNumber(), e.getCause() != null ? e.getCause() : e);
                }
                if (rec.size() < needed) {
                    throw new BadInputException(file + ":" + recordLine + ": record has " + rec.size()
                            + " field(s), the header has " + names.size() + "; expected a value for column '"
                            + (rec.size() <= textIdx ? textColumn : labelColumn) + "'");
                }
                if (rec.size() != names.size()) {
                    // an unquoted comma in a text would otherwise move the label into another column
                    throw new BadInputException(file + ":" + recordLine + ": record has " + rec.size()
                            + " fields, the header has " + names.size() + "; a text that contains a comma must be quoted "
                            + "(\"I liked it, a lot\",positive)");
                }
                String text = rec.get(textIdx);
                String label = rec.get(labelIdx);
                if (label.isEmpty()) {
                    throw new BadInputException(file + ":" + recordLine + ": empty label in column '" + labelColumn
                            + "'; expected a class label on every record");
                }
                if (text.isBlank()) {
                    skips.skip("empty text", file.getFileName() + ":" + recordLine);
                    continue;
                }
                out.add(new LabeledText(text, label));
            }
        } catch (IOException e) {
            throw recordError(file, recordLine, recordLine, e);
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": no records with text under the header; expected " + what);
        }
        return out;
    }

    private static CSVParser parse(Path file, Reader reader) throws IOException {
        try {
            return CSVParser.parse(reader, FORMAT);
        } catch (UncheckedIOException e) {
            throw recordError(file, 1, 1, e.getCause());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file + ":1: bad header row (" + e.getMessage()
                    + "); expected one header row with distinct column names", e);
        }
    }

    private static void requireColumn(Path file, List<String> names, String column, String setting) {
        if (names.contains(column)) {
            return;
        }
        String hint = names.stream()
                .filter(n -> n.strip().equalsIgnoreCase(column.strip()))
                .findFirst()
                .map(n -> " (did you mean '" + n + "'?)")
                .orElse("");
        throw new BadSettingException(setting, file + ":1: the header row has no column '" + column + "'" + hint
                + "; columns: " + names + ". The first line must be a header row naming the columns; choose one "
                + "of them");
    }

    /**
     * @param line      where the record starts
     * @param errorLine where the parser was when it failed
     */
    private static BadInputException recordError(Path file, long line, long errorLine, Throwable e) {
        if (TextFiles.isDecodingError(e)) {
            return TextFiles.malformed(file, TextFiles.locateMalformed(file));
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("EOF reached before encapsulated token finished")) {
            return new BadInputException(file + ":" + line + ": unbalanced quote: the quoted field of the record "
                    + "starting on line " + line + " is never closed; expected RFC 4180 quoting (a \" inside a "
                    + "quoted field is written \"\")", e);
        }
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("between encapsulated token and delimiter") && errorLine > line) {
            // the quote that "closed" the field is really the opening quote of a later field: this one was never closed
            return new BadInputException(file + ":" + line + ": unclosed quote: the quoted field opened in the record on line "
                    + line + " runs on to line " + errorLine + ", where a quote is followed by more text; close the "
                    + "field on line " + line + " (RFC 4180: a \" inside a quoted field is written \"\")", e);
        }
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("between encapsulated token and delimiter")) {
            return new BadInputException(file + ":" + line + ": stray character after a closing quote ("
                    + msg + "); expected RFC 4180 quoting (a \" inside a quoted field is written \"\")", e);
        }
        return new BadInputException(file + ":" + line + ": cannot read the CSV record (" + msg
                + "); expected RFC 4180 CSV", e);
    }

    /** Drops a UTF-8 byte order mark. */
    static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 3);
        byte[] b = new byte[3];
        int n = p.readNBytes(b, 0, 3);
        if (!(n == 3 && TextFiles.hasBom(b)) && n > 0) {
            p.unread(b, 0, n);
        }
        return p;
    }
}
