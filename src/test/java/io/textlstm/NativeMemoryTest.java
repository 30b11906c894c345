package io.textlstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

/** After {@link NativeMemory#configure()}, a block of a few MiB comes from the heap, not from a fresh mmap. */
class NativeMemoryTest {

    /** glibc's {@code struct mallinfo2}: ten size_t counters; {@code hblks} counts the live mmapped blocks. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    interface Glibc extends Library {
        MallInfo2 mallinfo2();

        long malloc(long size);

        void free(long pointer);
    }

    @Test
    void largeTensorSizedBlocksAreNotMmappedOneByOne() {
        assumeTrue(Platform.isLinux() && System.getenv("MALLOC_MMAP_THRESHOLD_") == null, "glibc with no MALLOC_ setting");
        Glibc c;
        try {
            c = Native.load(Platform.C_LIBRARY_NAME, Glibc.class);
            c.mallinfo2();
        } catch (UnsatisfiedLinkError e) {
            assumeTrue(false, "not glibc 2.33+: " + e.getMessage());
            return;
        }
        assertEquals(NativeMemory.State.TUNED, NativeMemory.configure());
        long before = c.mallinfo2().hblks;
        // 4 MiB: far above glibc's initial 128 KiB mmap threshold, below the 32 MiB one set by configure()
        long block = c.malloc(4L << 20);
        try {
            assertEquals(before, c.mallinfo2().hblks, "a 4 MiB block was mmapped: the threshold is not set");
        } finally {
            c.free(block);
        }
    }
}
