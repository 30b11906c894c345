package io.textlstm.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a checkpoint carries a CRC32C; one flipped bit is refused, naming the file; old files still read. */
class StateFileTest {
    @TempDir Path tmp;

    private static Map<String, float[]> state() {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("embedding", new float[] {0.25f, -1.5f, 3e-8f, Float.MIN_VALUE});
        m.put("lstm/kernel", new float[] {1, 2, 3});
        m.put("empty", new float[0]);
        m.put("adam/step", new float[] {42});
        return m;
    }

    private static void assertSame(Map<String, float[]> want, Map<String, float[]> got) {
        assertEquals(want.keySet().stream().toList(), got.keySet().stream().toList(), "names, in order");
        want.forEach((name, v) -> assertArrayEquals(v, got.get(name), name));
    }

    @Test
    void roundTripsEveryValueBitForBit() {
        Path f = tmp.resolve("epoch-1.bin");
        StateFile.write(f, state());
        assertSame(state(), StateFile.read(f));
    }

    @Test
    void everyFlippedBitIsRefusedNamingTheFile() throws Exception {
        Path f = tmp.resolve("epoch-3.bin");
        StateFile.write(f, state());
        byte[] good = Files.readAllBytes(f);
        for (int bit = 0; bit < 8 * good.length; bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(f, bad);
            BadInputException e = assertThrows(BadInputException.class, () -> StateFile.read(f), "bit " + bit);
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
        byte[] floatBit = good.clone();
        floatBit[good.length / 2] ^= 1;
        Files.write(f, floatBit);
        assertTrue(assertThrows(BadInputException.class, () -> StateFile.read(f)).getMessage()
                .contains("checkpoint " + f + " is damaged: its CRC32C checksum does not match"));
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path f = tmp.resolve("best.bin");
        StateFile.write(f, state());
        byte[] good = Files.readAllBytes(f);
        for (int n : new int[] {0, 3, 11, 15, good.length - 1}) {
            Files.write(f, Arrays.copyOf(good, n));
            BadInputException e = assertThrows(BadInputException.class, () -> StateFile.read(f), n + " bytes");
            assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        }
    }

    /** The format earlier releases wrote (version 1, no checksum) still reads, so their runs still resume. */
    @Test
    void readsTheFormatOfEarlierReleases() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x544C434B);
            out.writeInt(1);
            out.writeInt(state().size());
            for (Map.Entry<String, float[]> e : state().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
        Path f = tmp.resolve("epoch-2.bin");
        Files.write(f, bytes.toByteArray());
        assertSame(state(), StateFile.read(f));
        byte[] v2 = Files.readAllBytes(f);
        StateFile.write(f, state());
        byte[] written = Files.readAllBytes(f);
        assertEquals(v2.length + 4, written.length, "version 2 adds only the 4-byte checksum");
        assertArrayEquals(Arrays.copyOfRange(v2, 8, v2.length), Arrays.copyOfRange(written, 8, v2.length),
                "and the entries are laid out as before");
    }
}
