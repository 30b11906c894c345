package io.textlstm.train;

import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Named float arrays (weights and optimizer state) in a small binary file: the epoch states and best weights of a
 * {@link Checkpoint} and a run's final weights. Written with {@link DurableFiles}
 * (temporary file, fsync, rename, fsync of the folder), so a kill or power cut mid-write leaves the previous
 * checkpoint intact; a CRC32C checksum at the end catches what the disk or a user changed afterwards.
 *
 * <p>Format (big-endian): magic "TLCK", version, entry count, then per entry its name (modified UTF-8 with a 2-byte
 * length, as {@code DataOutput.writeUTF}), its length and its floats; version 2 ends with the CRC32C of every byte
 * before it. Version 1 files, written by earlier releases without the checksum, are still read.
 */
public final class StateFile {
    private static final int MAGIC = 0x544C434B; // "TLCK"
    private static final int VERSION = 2;
    private static final int VERSION_WITHOUT_CHECKSUM = 1;

    private StateFile() {}

    /**
     * Writes {@code values} to {@code file}, replacing it atomically.
     *
     * @throws BadInputException naming the file and the operating system's reason (a full disk, permissions)
     */
    public static void write(Path file, Map<String, float[]> values) {
        try {
            DurableFiles.write(file, encode(values));
        } catch (IOException e) {
            throw new BadInputException("cannot write checkpoint " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    /** The bytes of a version-2 file holding {@code values}. */
    static byte[] encode(Map<String, float[]> values) {
        List<byte[]> names = new ArrayList<>(values.size());
        long size = 12 + 4;
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            byte[] name = utf(e.getKey());
            names.add(name);
            size += name.length + 4 + 4L * e.getValue().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a state of " + size + " bytes does not fit one checkpoint file");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(MAGIC).putInt(VERSION).putInt(values.size());
        int i = 0;
        for (float[] v : values.values()) {
            out.put(names.get(i++));
            out.putInt(v.length);
            out.asFloatBuffer().put(v);
            out.position(out.position() + 4 * v.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * Reads a state file.
     *
     * @throws BadInputException naming the file when it is missing, unreadable, truncated, damaged (its checksum does
     *     not match) or not a checkpoint
     */
    public static Map<String, float[]> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("checkpoint " + file + " does not exist");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint " + file + ": " + DurableFiles.cause(e), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (bytes.length < 12 || in.getInt() != MAGIC) {
                throw new BadInputException(file + " is not a textlstm checkpoint (bad magic number)");
            }
            int version = in.getInt();
            if (version == VERSION) {
                if (bytes.length < 16) {
                    throw truncated(file, null);
                }
                CRC32C crc = new CRC32C();
                crc.update(bytes, 0, bytes.length - 4);
                if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
                    throw new BadInputException("checkpoint " + file + " is damaged: its CRC32C checksum does not match "
                            + "its content (the file was changed or cut after it was written); it cannot be used");
                }
                in.limit(bytes.length - 4);
            } else if (version != VERSION_WITHOUT_CHECKSUM) {
                throw new BadInputException(file + " has checkpoint format " + version + ", expected " + VERSION
                        + " (or " + VERSION_WITHOUT_CHECKSUM + ")");
            }
            int count = in.getInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readUtf(in, file);
                int length = in.getInt();
                if (length < 0 || 4L * length > in.remaining()) {
                    throw truncated(file, null);
                }
                float[] v = new float[length];
                in.asFloatBuffer().get(v);
                in.position(in.position() + 4 * length);
                values.put(name, v);
            }
            if (in.hasRemaining()) {
                throw new BadInputException("checkpoint " + file + " is damaged: " + in.remaining()
                        + " bytes follow its last entry");
            }
            return values;
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw truncated(file, e);
        }
    }

    private static BadInputException truncated(Path file, RuntimeException cause) {
        return new BadInputException("checkpoint " + file + " is truncated", cause);
    }

    private static byte[] utf(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream; a name longer than 65535 bytes is a bug
        }
        return bytes.toByteArray();
    }

    private static String readUtf(ByteBuffer in, Path file) {
        int length = Short.toUnsignedInt(in.getShort(in.position())) + 2;
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        try {
            String s = new DataInputStream(new ByteArrayInputStream(in.array(), in.position(), length)).readUTF();
            in.position(in.position() + length);
            return s;
        } catch (IOException e) {
            throw new BadInputException("checkpoint " + file + " is damaged: an entry name is not valid modified UTF-8", e);
        }
    }
}
