package io.textlstm.eval;

import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which records of a data set an evaluation scores (docs/cli.md, {@code evaluate}). */
public enum EvaluationSplit {
    /** The held-out test split. */
    TEST,
    /** Everything the model was fitted on: the training split and the validation split held out of it. */
    TRAIN,
    /** Both. */
    ALL;

    /** The records of this split, training before test (the order the data set gives them). */
    public List<LabeledText> records(RawDataset data) {
        List<LabeledText> records = new ArrayList<>();
        if (this != TEST) {
            records.addAll(data.train());
            records.addAll(data.validation());
        }
        if (this != TRAIN) {
            records.addAll(data.test());
        }
        return records;
    }

    /** The name a user writes: {@code test}, {@code train}, {@code all}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
