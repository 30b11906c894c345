package io.textlstm.data;

import io.textlstm.BadInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strict UTF-8 file reading with errors that name the file and line. */
public final class TextFiles {

    private TextFiles() {}

    /** A decoder that fails on malformed or unmappable bytes instead of replacing them. */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Fails with a clear message when {@code file} is missing, a folder, or unreadable. */
    public static void requireReadableFile(Path file, String what) {
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": no such file; expected " + what);
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + ": is a folder; expected " + what);
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException(file + ": not readable (permissions); expected " + what);
        }
    }

    /** Opens {@code file} buffered, turning I/O failures into {@link BadInputException}. */
    public static InputStream open(Path file, String what) {
        requireReadableFile(file, what);
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file; expected " + what, e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot open (" + io.textlstm.DurableFiles.cause(e) + "); expected " + what, e);
        }
    }

    /**
     * Reads all lines of a UTF-8 text file ({@code vocab.txt}, {@code labels.txt}); {@code what} names the content
     * in the error, e.g. {@code "the labels"}.
     */
    public static List<String> readLines(Path file, String what) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read " + what + " (" + io.textlstm.DurableFiles.cause(e) + ")", e);
        }
    }

    /** Reads a whole small file as strict UTF-8 (a leading BOM is dropped). */
    static String readUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + "); expected a UTF-8 text file", e);
        }
        int start = hasBom(bytes) ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            return strictUtf8().decode(in).toString();
        } catch (CharacterCodingException e) {
            long[] where = locateMalformed(bytes, start);
            throw malformed(file, where);
        }
    }

    static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    static BadInputException malformed(Path file, long[] where) {
        if (where == null) {
            return new BadInputException(file + ": not valid UTF-8; expected UTF-8 text (re-save the file as UTF-8)");
        }
        return new BadInputException(file + ":" + where[0] + ": invalid UTF-8 byte 0x"
                + String.format("%02X", where[2]) + " at byte offset " + where[1]
                + "; expected UTF-8 text (re-save the file as UTF-8)");
    }

    /** {line (1-based), byte offset, first bad byte} of the first malformed sequence, or null. */
    static long[] locateMalformed(byte[] bytes, int start) {
        CharsetDecoder dec = strictUtf8();
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isError()) {
                int pos = in.position();
                long line = 1;
                for (int i = 0; i < pos; i++) {
                    if (bytes[i] == '\n') {
                        line++;
                    }
                }
                return new long[] {line, pos, bytes[pos] & 0xFF};
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            if (!in.hasRemaining()) {
                return null;
            }
        }
    }

    /** Streams {@code file} to find its first malformed UTF-8 sequence: {line, byte offset, byte} or null. */
    static long[] locateMalformed(Path file) {
        try {
            return locateMalformed(Files.readAllBytes(file), 0);
        } catch (IOException | OutOfMemoryError e) {
            return null;
        }
    }

    /** Whether {@code t} or one of its causes is a character decoding failure. */
    static boolean isDecodingError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,9})_.*");

    /** File-name order with Stanford's {@code <id>_<rating>.txt} compared by id: 2_1.txt before 10_3.txt. */
    static final Comparator<Path> NATURAL = (a, b) -> {
        String x = a.getFileName().toString();
        String y = b.getFileName().toString();
        Matcher mx = NUMBERED.matcher(x);
        Matcher my = NUMBERED.matcher(y);
        if (mx.matches() && my.matches()) {
            int c = Integer.compare(Integer.parseInt(mx.group(1)), Integer.parseInt(my.group(1)));
            if (c != 0) {
                return c;
            }
        }
        return x.compareTo(y);
    };
}
