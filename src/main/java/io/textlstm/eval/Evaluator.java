package io.textlstm.eval;

import io.textlstm.BadInputException;
import io.textlstm.BadSettingException;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' {@code evaluate} for a model that reads raw text: scores a split of a data set in batches through a
 * {@link TextScorer} and computes the {@link ClassificationMetrics} of docs/model.md. Labels are matched by name, so
 * the data set's label order does not matter; a label the model does not know is an error, not a silent miss.
 */
public final class Evaluator {
    /** Texts per scoring call unless told otherwise ({@code textlstm evaluate --batch-size}). */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final int batchSize;

    /** @param batchSize texts per scoring call: larger batches score faster, up to the memory one call needs */
    public Evaluator(int batchSize) {
        if (batchSize < 1) {
            throw new BadSettingException("batchSize", "the batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public Evaluation evaluate(TextScorer model, RawDataset data, EvaluationSplit split) {
        List<LabeledText> records = split.records(data);
        if (records.isEmpty()) {
            throw new BadInputException("the " + split + " split of " + data.name() + " is empty");
        }
        List<String> labels = model.labels();
        int[] truth = labelIds(records, labels, split);
        long t0 = System.nanoTime();
        float[] probabilities = null;
        int width = 0;
        for (int from = 0; from < records.size(); from += batchSize) {
            List<LabeledText> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            List<float[]> rows = model.probabilities(batch.stream().map(LabeledText::text).toList());
            for (int i = 0; i < rows.size(); i++) {
                if (probabilities == null) {
                    width = rows.get(i).length;
                    probabilities = new float[records.size() * width];
                }
                System.arraycopy(rows.get(i), 0, probabilities, (from + i) * width, width);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ClassificationMetrics metrics = ClassificationMetrics.compute(probabilities, truth, Math.max(2, labels.size()));
        return new Evaluation(data.name(), split, records.size(), seconds, metrics, labels);
    }

    private static int[] labelIds(List<LabeledText> records, List<String> labels, EvaluationSplit split) {
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.put(labels.get(i), i);
        }
        int[] truth = new int[records.size()];
        for (int i = 0; i < records.size(); i++) {
            Integer id = ids.get(records.get(i).label());
            if (id == null) {
                throw new BadInputException("record " + (i + 1) + " of the " + split + " split has label '"
                        + records.get(i).label() + "', which the model does not know (its labels: " + labels + ")");
            }
            truth[i] = id;
        }
        return truth;
    }
}
