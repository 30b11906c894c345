package io.textlstm.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one text per line (as {@code textlstm predict} does from standard input) and keeps count of what is
 * suspicious instead of hiding it: empty lines, lines that are not valid UTF-8 and lines with NUL bytes. Every
 * line is still returned, so the answers stay one per input line (aligned for {@code paste}); {@link #warning()}
 * says what was found. Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
public final class TextLineReader {
    private static final int EXAMPLES = 5;
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineNumber;
    private final Finding empty = new Finding("empty line", "empty lines", "got the model's answer for an empty review");
    private final Finding invalid = new Finding("line with invalid UTF-8", "lines with invalid UTF-8", "read with U+FFFD in place of the bad bytes");
    private final Finding nul = new Finding("line with NUL bytes", "lines with NUL bytes", "read with them as separators between words");

    public TextLineReader(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The next line, or null at the end. */
    public String next() throws IOException {
        line.reset();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (!any) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            text = new String(bytes, 0, length, StandardCharsets.UTF_8);
            invalid.add(lineNumber);
        }
        if (text.indexOf('\0') >= 0) {
            nul.add(lineNumber);
        }
        if (text.isBlank()) {
            empty.add(lineNumber);
        }
        return text;
    }

    /** Lines read so far. */
    public long lines() {
        return lineNumber;
    }

    /** One line about what was suspicious, with counts and the first line numbers; empty when nothing was. */
    public String warning() {
        List<String> parts = new ArrayList<>();
        for (Finding f : List.of(empty, invalid, nul)) {
            if (f.count > 0) {
                parts.add(f.describe());
            }
        }
        return parts.isEmpty() ? "" : "of " + lineNumber + " lines, " + String.join("; ", parts);
    }

    private static final class Finding {
        final String one;
        final String many;
        final String consequence;
        long count;
        final List<Long> examples = new ArrayList<>();

        Finding(String one, String many, String consequence) {
            this.one = one;
            this.many = many;
            this.consequence = consequence;
        }

        void add(long line) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(line);
            }
        }

        String describe() {
            StringBuilder lines = new StringBuilder();
            for (long l : examples) {
                lines.append(lines.length() == 0 ? "" : ", ").append(l);
            }
            return count + " " + (count == 1 ? one : many) + " (line" + (count == 1 ? " " : "s ")
                    + lines + (count > examples.size() ? ", ..." : "") + ") " + consequence;
        }
    }
}
