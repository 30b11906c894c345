package io.textlstm;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes files so that a crash or power cut leaves either the old content or the complete new content, never an
 * empty or half-written file: write a temporary file beside the target, {@code fsync} it, rename it over the
 * target, then {@code fsync} the folder so the rename itself is on disk (what databases do; see
 * {@code docs/training-runs.md}).
 *
 * <p>The system property {@code textlstm.fsync=false} skips the {@code fsync} calls (the renames stay atomic);
 * it exists to measure what the syncs cost and for throwaway runs on file systems where they are slow.
 */
public final class DurableFiles {
    private static final boolean SYNC = !"false".equalsIgnoreCase(System.getProperty("textlstm.fsync", "true"));

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private DurableFiles() {}

    /** Replaces {@code target} atomically and durably with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Replaces {@code target} atomically and durably with what {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        flush(); // the channel is closed below, after the sync
                    }
                };
                content.writeTo(buffered);
                buffered.flush();
                if (SYNC) {
                    ch.force(true);
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /** Flushes a folder's entries (creations, renames) to disk; a no-op where folders cannot be opened (Windows). */
    public static void syncDirectory(Path dir) throws IOException {
        if (!SYNC) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (AccessDeniedException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** Syncs every file and folder below and including {@code root} (a finished export before its rename). */
    public static void syncTree(Path root) throws IOException {
        if (!SYNC) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
        }
        for (int i = dirs.size() - 1; i >= 0; i--) {
            syncDirectory(dirs.get(i));
        }
    }

    /**
     * What went wrong with a file, in the operating system's words ("Permission denied", "Read-only file system",
     * "No space left on device"), or for a JSON file what its parser found and where, on one line (Jackson's own
     * message adds a second line quoting the source), for messages that already name the path.
     */
    public static String cause(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        if (e instanceof AccessDeniedException) {
            return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A JSON problem on one line: the parser's or the mapper's words (or the message of the setting a value broke),
     * the field it concerns and the line and column.
     */
    private static String jsonProblem(JsonProcessingException e) {
        String what = null;
        for (Throwable t = e.getCause(); t != null && what == null; t = t.getCause()) {
            if (t instanceof BadInputException bad) {
                what = bad.getMessage();
            }
        }
        if (what == null) {
            String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            what = original.lines().findFirst().orElse("").strip();
        }
        StringBuilder field = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference r : mapping.getPath()) {
                if (r.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    field.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
        String context = field.length() == 0 ? where : where.isEmpty() ? "field " + field : "field " + field + ", " + where;
        return context.isEmpty() ? what : what + " (" + context + ")";
    }
}
