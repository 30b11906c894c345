package io.textlstm.spark;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Scores one partition in batches: reads up to {@code batchSize} rows, classifies their texts in one
 * {@code serving_default} call of the executor's shared model, and appends the label and the class probabilities
 * to each row. Rows stream through; a partition is never held in memory whole.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelLocation model;
    private final SerializableConfiguration hadoopConf;
    private final int textIndex;
    private final int batchSize;

    PartitionScorer(ModelLocation model, SerializableConfiguration hadoopConf, int textIndex, int batchSize) {
        this.model = model;
        this.hadoopConf = hadoopConf;
        this.textIndex = textIndex;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows; // an empty partition does not load the model
        }
        TextClassifier classifier = ExecutorModels.get(model, hadoopConf.value());
        return new Iterator<>() {
            private final List<Row> batch = new ArrayList<>(batchSize);
            private List<Row> scored = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < scored.size()) {
                    return true;
                }
                if (!rows.hasNext()) {
                    return false;
                }
                batch.clear();
                while (batch.size() < batchSize && rows.hasNext()) {
                    batch.add(rows.next());
                }
                scored = score(classifier, batch);
                next = 0;
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return scored.get(next++);
            }
        };
    }

    private List<Row> score(TextClassifier classifier, List<Row> batch) {
        List<String> texts = new ArrayList<>(batch.size());
        for (Row r : batch) {
            if (!r.isNullAt(textIndex)) {
                texts.add(r.getString(textIndex));
            }
        }
        List<Prediction> predictions = classifier.predict(texts);
        List<Row> out = new ArrayList<>(batch.size());
        int p = 0;
        for (Row r : batch) {
            Object[] values = new Object[r.length() + 2];
            for (int i = 0; i < r.length(); i++) {
                values[i] = r.get(i);
            }
            if (!r.isNullAt(textIndex)) {
                // null text stays null (no text, no answer); an empty text is a text (docs/spark.md)
                Prediction prediction = predictions.get(p++);
                values[r.length()] = prediction.label();
                values[r.length() + 1] = classProbabilities(prediction);
            }
            out.add(RowFactory.create(values));
        }
        return out;
    }

    /**
     * One probability per class, index = class id, as Spark ML's classifiers give them: a binary model's single
     * output P(class 1) becomes [1 - P, P] (computed in float, as {@link Prediction#probability()} does).
     */
    static Vector classProbabilities(Prediction prediction) {
        float[] row = prediction.probabilities();
        if (row.length == 1) {
            return Vectors.dense(1f - row[0], row[0]);
        }
        double[] values = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = row[i];
        }
        return Vectors.dense(values);
    }
}
