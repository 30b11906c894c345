package io.textlstm.bench;

import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the first N IMDB test reviews, one per line (line breaks folded to spaces), as the serving benchmark's
 * input: real review lengths and markup rather than synthetic text.
 *
 * <p>Usage: {@code ReviewSample N OUT_FILE}
 */
public final class ReviewSample {
    private ReviewSample() {}

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        RawDataset imdb = DatasetLoader.load(DataSettings.defaults());
        List<String> lines = new ArrayList<>();
        // alternate negative (first half of the test split) and positive reviews
        List<LabeledText> test = imdb.test();
        for (int i = 0; lines.size() < n && i < test.size() / 2; i++) {
            lines.add(test.get(i).text().replaceAll("[\\r\\n]+", " "));
            lines.add(test.get(test.size() / 2 + i).text().replaceAll("[\\r\\n]+", " "));
        }
        Files.write(Path.of(args[1]), lines.subList(0, Math.min(n, lines.size())), StandardCharsets.UTF_8);
    }
}
