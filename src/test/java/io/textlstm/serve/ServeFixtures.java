package io.textlstm.serve;

import io.textlstm.FileTrees;
import io.textlstm.client.ModelDirectory;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import io.textlstm.export.SavedModelExporter;
import io.textlstm.export.StandInNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Tiny exports that differ by their weights, and the file moves a deployment makes. */
public final class ServeFixtures {
    private ServeFixtures() {}

    /** Exports the binary fixture with the stand-in network of {@code seed} as {@code base/<version>}. */
    public static ExportResult export(Path base, long version, long seed) throws IOException {
        Path probe = base.resolveSibling(base.getFileName() + "-probe");
        if (!Files.exists(probe)) {
            ExportFixtures.exportBinary(probe);
        }
        int vocab = ModelDirectory.resolve(probe).vocabularySize();
        return new SavedModelExporter().export(ExportFixtures.binary(base).version(version)
                .network(new StandInNetwork(vocab, 8, 1, seed)).build());
    }

    /** Copies a version folder into {@code base} under a hidden name, then renames it to {@code version} in one step. */
    public static Path publish(Path versionDir, Path base, long version) throws IOException {
        Path hidden = base.resolve(".incoming-" + version);
        FileTrees.copy(versionDir, hidden);
        return Files.move(hidden, base.resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
