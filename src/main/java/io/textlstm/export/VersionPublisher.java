package io.textlstm.export;

import io.textlstm.BadSettingException;
import io.textlstm.DurableFiles;
import io.textlstm.FileTrees;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks an export's version and publishes it atomically under the base folder TF Serving polls
 * (docs/savedmodel.md, "Versions" and "Atomic publication").
 *
 * <p>Everything is written into {@code <base>/.tmp-<version>-<pid>@<host>-<uuid>} (not numeric, so TF Serving
 * ignores it), synced to disk (every file and folder), and only then renamed to {@code <base>/<version>} with an
 * atomic move, after which the base folder is synced too, so a power cut never leaves a numbered folder with empty
 * files. The rename fails rather than replace a non-empty folder, so two exports racing for the same version never
 * overwrite each other: without an explicit version the loser takes the next free number; with one it fails.
 *
 * <p>A killed export leaves its temporary folder behind. Each export removes the ones it can prove dead: made on
 * this host by a process that no longer runs, or whose process id now belongs to a process started after the
 * folder was made. Never a live one; folders of other hosts or without a process id in their name are left alone.
 */
public final class VersionPublisher {
    private VersionPublisher() {}

    private static final Pattern STAGING = Pattern.compile("\\.tmp-\\d+-(\\d+)@(.+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The requested version, which must not exist yet, or the next free one. */
    static long chooseVersion(Path base, OptionalLong requested) throws IOException {
        if (requested.isPresent()) {
            long version = requested.getAsLong();
            if (Files.exists(base.resolve(Long.toString(version)))) {
                throw versionExists(version, base);
            }
            return version;
        }
        return nextVersion(base);
    }

    /** A fresh staging folder path for {@code version} under {@code base} (not yet created). */
    static Path stagingFolder(Path base, long version) {
        return base.resolve(stagingName(version, ProcessHandle.current().pid(), localHost(), UUID.randomUUID()));
    }

    /**
     * Syncs {@code staged} to disk, renames it into place and syncs {@code base}; returns the version it got
     * (another one than {@code version} only when a racing export took it and {@code explicit} is false).
     */
    static long publish(Path staged, Path base, long version, boolean explicit) throws IOException {
        DurableFiles.syncTree(staged);
        long finalVersion = moveIntoPlace(staged, base, version, explicit);
        DurableFiles.syncDirectory(base);
        return finalVersion;
    }

    /** {@code .tmp-<version>-<pid>@<host>-<uuid>}: the folder an export is staged in. */
    static String stagingName(long version, long pid, String host, UUID uuid) {
        return ".tmp-" + version + "-" + pid + "@" + host + "-" + uuid;
    }

    static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * Removes staging folders of killed exports (see the class comment for the proof that their process is dead);
     * returns the names removed.
     */
    static List<String> removeDeadStagingFolders(Path base) throws IOException {
        List<String> removed = new ArrayList<>();
        String host = localHost();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(base, ".tmp-*")) {
            for (Path p : dir) {
                Matcher m = STAGING.matcher(p.getFileName().toString());
                if (!m.matches() || !m.group(2).equals(host) || !Files.isDirectory(p)) {
                    continue;
                }
                if (makerIsDead(Long.parseLong(m.group(1)), Files.getLastModifiedTime(p).toInstant())) {
                    try {
                        FileTrees.delete(p);
                        removed.add(p.getFileName().toString());
                    } catch (IOException e) {
                        // another export is removing it too, or it is not ours to remove: leave it
                    }
                }
            }
        }
        return removed;
    }

    /**
     * True when process {@code pid} no longer runs, or runs but started after {@code folderTime}: then it is
     * another process that got the number again. (A folder's modification time is never earlier than its
     * creation, so "the process started after it" is proven, not guessed.)
     */
    static boolean makerIsDead(long pid, Instant folderTime) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isPresent() && started.get().isAfter(folderTime);
    }

    /** Highest numeric version folder under {@code base} + 1, or 1 if there is none. */
    public static long nextVersion(Path base) throws IOException {
        long max = 0;
        if (Files.isDirectory(base)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(base)) {
                for (Path p : dir) {
                    String name = p.getFileName().toString();
                    if (ExportLayout.isVersionName(name) && Files.isDirectory(p)) {
                        max = Math.max(max, Long.parseLong(name));
                    }
                }
            }
        }
        return max + 1;
    }

    /**
     * Renames {@code tmp} to {@code base/<version>} atomically; on a lost race takes the next free version unless
     * {@code explicit}. Returns the version used.
     */
    static long moveIntoPlace(Path tmp, Path base, long version, boolean explicit) throws IOException {
        long v = version;
        for (int attempt = 0; attempt < 1000; attempt++) {
            Path target = base.resolve(Long.toString(v));
            if (!Files.exists(target)) {
                try {
                    // rename(2): atomic, and it refuses to replace a non-empty directory
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    return v;
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("cannot move " + tmp + " to " + target + " atomically", e);
                } catch (FileSystemException e) {
                    if (!Files.exists(target)) {
                        throw e;
                    }
                    // another export took this version between our check and our rename
                }
            }
            if (explicit) {
                throw versionExists(v, base);
            }
            v = Math.max(nextVersion(base), v + 1);
        }
        throw new IOException("could not find a free version under " + base);
    }

    private static BadSettingException versionExists(long version, Path base) {
        return new BadSettingException("version", "version " + version + " already exists in " + base
                + "; pick another version or none to take the next free one");
    }
}
