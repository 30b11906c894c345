package io.textlstm.train;

import io.textlstm.BadInputException;
import io.textlstm.DurableFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float arrays (weights and optimizer state) in a small binary file: the epoch states and best weights of a
 * {@link Checkpoint} and a run's final weights. Written with {@link DurableFiles}
 * (temporary file, fsync, rename, fsync of the folder), so a kill or power cut mid-write leaves the previous
 * checkpoint intact.
 *
 * <p>Format: magic "TLCK", version 1, entry count, then per entry its name (UTF), length and floats.
 */
public final class StateFile {
    private static final int MAGIC = 0x544C434B; // "TLCK"
    private static final int VERSION = 1;

    private StateFile() {}

    public static void write(Path file, Map<String, float[]> values) {
        try {
            DurableFiles.write(file, stream -> {
                DataOutputStream out = new DataOutputStream(stream);
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(values.size());
                for (Map.Entry<String, float[]> e : values.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().length);
                    for (float v : e.getValue()) {
                        out.writeFloat(v);
                    }
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + DurableFiles.cause(e), e);
        }
    }

    public static Map<String, float[]> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("checkpoint " + file + " does not exist");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new BadInputException(file + " is not a textlstm checkpoint (bad magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new BadInputException(file + " has checkpoint format " + version + ", expected " + VERSION);
            }
            int count = in.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                values.put(name, v);
            }
            return values;
        } catch (EOFException e) {
            throw new BadInputException("checkpoint " + file + " is truncated", e);
        } catch (IOException e) {
            throw new BadInputException("cannot read checkpoint " + file + ": " + DurableFiles.cause(e), e);
        }
    }
}
