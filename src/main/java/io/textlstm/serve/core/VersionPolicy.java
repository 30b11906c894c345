package io.textlstm.serve.core;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the version folders under a base path are served, as TF Serving's {@code model_version_policy}:
 * the latest N (default 1), all, or specific version numbers.
 */
public sealed interface VersionPolicy {

    /** The versions to serve out of those that are on disk and loadable. */
    Set<Long> select(NavigableSet<Long> onDisk);

    record Latest(int count) implements VersionPolicy {
        public Latest {
            if (count < 1) {
                throw new IllegalArgumentException("latest needs a count of at least 1, got " + count);
            }
        }

        @Override
        public Set<Long> select(NavigableSet<Long> onDisk) {
            TreeSet<Long> out = new TreeSet<>();
            for (Long v : onDisk.descendingSet()) {
                if (out.size() == count) {
                    break;
                }
                out.add(v);
            }
            return out;
        }

        @Override
        public String toString() {
            return "latest " + count;
        }
    }

    record All() implements VersionPolicy {
        @Override
        public Set<Long> select(NavigableSet<Long> onDisk) {
            return new TreeSet<>(onDisk);
        }

        @Override
        public String toString() {
            return "all";
        }
    }

    record Specific(Set<Long> versions) implements VersionPolicy {
        public Specific {
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("specific needs at least one version number");
            }
            versions = Set.copyOf(versions);
        }

        @Override
        public Set<Long> select(NavigableSet<Long> onDisk) {
            TreeSet<Long> out = new TreeSet<>(onDisk);
            out.retainAll(versions);
            return out;
        }

        @Override
        public String toString() {
            return "specific " + new TreeSet<>(versions);
        }
    }

    static VersionPolicy latest() {
        return new Latest(1);
    }

    /**
     * Parses {@code latest}, {@code latest:N}, {@code all} or {@code specific:1,3}.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    static VersionPolicy parse(String text) {
        String t = text.trim();
        try {
            if (t.equals("latest")) {
                return latest();
            }
            if (t.startsWith("latest:")) {
                return new Latest(Integer.parseInt(t.substring(7).trim()));
            }
            if (t.equals("all")) {
                return new All();
            }
            if (t.startsWith("specific:")) {
                Set<Long> vs = new TreeSet<>();
                for (String p : List.of(t.substring(9).split(","))) {
                    vs.add(Long.parseLong(p.trim()));
                }
                return new Specific(vs);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("version policy '" + text
                + "' is not one of latest, latest:N, all, specific:V1,V2,...");
    }
}
