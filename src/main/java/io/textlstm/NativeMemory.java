package io.textlstm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets glibc's malloc thresholds for TensorFlow's tensors, once per JVM, before the first graph runs.
 *
 * <p>Why: glibc serves every block above its mmap threshold (128 KiB at start) with a fresh {@code mmap}, and raises
 * the threshold only after such a block has been freed. Until then each large tensor of each call is mapped, zeroed
 * by the kernel and page-faulted again: a fresh JVM ran batches of 64 reviews about 4× slower and training steps
 * about 1.5× slower than the same JVM after one large batch had been freed. Fixing the thresholds (32 MiB mmap,
 * 256 MiB trim, the values of {@code MALLOC_MMAP_THRESHOLD_}/{@code MALLOC_TRIM_THRESHOLD_}) keeps freed tensor
 * memory in the heap for reuse from the first call.
 *
 * <p>Every entry point that creates a TensorFlow session calls {@link #configure()} (training, {@code TextClassifier},
 * hence the server, the CLI and Spark executors), so an embedding application gets it too. It does nothing when
 * the process already chose: when either environment variable is set (glibc reads them at start), when the
 * system property {@code textlstm.malloc} is {@code system}, or on a C library without {@code mallopt} (not Linux
 * glibc). docs/model.md, "Memory allocator", has the measurements.
 */
public final class NativeMemory {
    /** glibc's {@code M_MMAP_THRESHOLD}: blocks at least this large are mmapped. Setting it disables its growth. */
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's {@code M_TRIM_THRESHOLD}: free heap top above this is returned to the OS. */
    private static final int M_TRIM_THRESHOLD = -1;
    /** The largest mmap threshold glibc accepts on 64-bit (HEAP_MAX_SIZE / 2). */
    public static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    public static final int TRIM_THRESHOLD_BYTES = 256 << 20;
    /** System property that leaves malloc as the process has it ({@code system}). */
    public static final String PROPERTY = "textlstm.malloc";

    private static final Logger LOG = LoggerFactory.getLogger("textlstm.memory");
    private static State state;

    /** What {@link #configure()} did. */
    public enum State {
        /** The thresholds were set by this class. */
        TUNED,
        /** The environment or {@code -Dtextlstm.malloc=system} chose; nothing was changed. */
        LEFT_TO_PROCESS,
        /** Not glibc (or mallopt refused the values): nothing was changed. */
        UNSUPPORTED
    }

    private interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    private NativeMemory() {}

    /** Sets the thresholds the first time it is called; later calls return the first answer. Thread-safe. */
    public static synchronized State configure() {
        if (state == null) {
            state = apply();
            LOG.debug("malloc thresholds: {}", state);
        }
        return state;
    }

    private static State apply() {
        if ("system".equals(System.getProperty(PROPERTY))
                || System.getenv("MALLOC_MMAP_THRESHOLD_") != null || System.getenv("MALLOC_TRIM_THRESHOLD_") != null) {
            return State.LEFT_TO_PROCESS;
        }
        if (!Platform.isLinux()) {
            return State.UNSUPPORTED;
        }
        try {
            CLibrary c = Native.load(Platform.C_LIBRARY_NAME, CLibrary.class);
            // mallopt answers 1 on success, 0 when it refuses a value
            boolean ok = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
                    & c.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1;
            return ok ? State.TUNED : State.UNSUPPORTED;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // musl and other C libraries have no mallopt: their allocator is what it is
            return State.UNSUPPORTED;
        }
    }
}
