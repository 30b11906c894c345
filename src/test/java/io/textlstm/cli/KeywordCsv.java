package io.textlstm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small review CSV whose label is decided by one keyword ("great" or "awful"), so a tiny model learns it in a few epochs. */
final class KeywordCsv {
    private KeywordCsv() {}

    /** Writes {@code rows} records (the same ones for the same count) to {@code dir/reviews.csv}. */
    static Path write(Path dir, int rows) throws IOException {
        Random r = new Random(3);
        String[] filler = {"the", "a", "movie", "plot", "actor", "scene", "film", "story", "was", "is"};
        List<String> lines = new ArrayList<>();
        lines.add("review,sentiment");
        for (int i = 0; i < rows; i++) {
            boolean positive = r.nextBoolean();
            StringBuilder text = new StringBuilder();
            int len = 5 + r.nextInt(10);
            int at = r.nextInt(len);
            for (int t = 0; t < len; t++) {
                text.append(t == at ? (positive ? "great" : "awful") : filler[r.nextInt(filler.length)]).append(' ');
            }
            lines.add("\"" + text.toString().trim() + "\"," + (positive ? "positive" : "negative"));
        }
        Path file = dir.resolve("reviews.csv");
        Files.write(file, lines);
        return file;
    }
}
