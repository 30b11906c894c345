package io.textlstm.eval;

import java.util.List;

/**
 * What {@link Evaluator} measured: Keras' {@code evaluate} result plus how long scoring took.
 *
 * @param dataset the data set's display name
 * @param split   which records were scored
 * @param records how many
 * @param seconds wall time of the scoring calls (label mapping excluded)
 * @param labels  the model's class names, in label-id order (the rows and columns of the confusion matrix)
 */
public record Evaluation(String dataset, EvaluationSplit split, int records, double seconds, ClassificationMetrics metrics,
        List<String> labels) {

    public Evaluation {
        labels = List.copyOf(labels);
    }

    /** Records scored per second. */
    public double recordsPerSecond() {
        return records / seconds;
    }
}
