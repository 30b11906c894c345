package io.textlstm.client;

import io.textlstm.eval.TextScorer;
import io.textlstm.BadInputException;
import io.textlstm.NativeMemory;
import io.textlstm.export.ExportLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Classifies raw text with a textlstm SavedModel, inside any JVM application.
 *
 * <pre>{@code
 * try (TextClassifier classifier = TextClassifier.load(Path.of("savedmodel/imdb_lstm"))) {
 *     for (Prediction p : classifier.predict("I loved it", "Dull.")) {
 *         System.out.println(p.label() + " " + p.probability());
 *     }
 * }
 * }</pre>
 *
 * <p>The whole tokenizer runs inside the graph ({@code serving_default}), so the answers are exactly those of TF
 * Serving on the same model. Thread-safe: one instance may serve any number of threads (TensorFlow sessions are
 * thread-safe and this class keeps no mutable Java state); {@link #close()} waits for running calls.
 */
public final class TextClassifier implements TextScorer, AutoCloseable {

    private final ModelDirectory model;
    private final SavedModelBundle bundle;
    private final SessionFunction servingDefault;
    private final SessionFunction predictIds;
    private final int maxLength;
    private final int vocabularySize;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private TextClassifier(ModelDirectory model, SavedModelBundle bundle) {
        this.model = model;
        this.bundle = bundle;
        this.servingDefault = bundle.function(ExportLayout.SERVING_DEFAULT);
        this.predictIds = bundle.function(ExportLayout.PREDICT_IDS);
        this.maxLength = model.maxLength();
        this.vocabularySize = model.vocabularySize();
    }

    /**
     * Loads a model: a version folder ({@code savedmodel/imdb_lstm/3}) or a base path ({@code savedmodel/imdb_lstm},
     * highest numeric version that is complete and loads; the versions passed over are in {@link #skipped()}).
     *
     * @throws BadInputException naming what is missing when the folder is not a complete textlstm export, or why its
     *     graph or weights do not load
     */
    public static TextClassifier load(Path path) {
        return ModelDirectory.open(path, TextClassifier::open);
    }

    private static TextClassifier open(ModelDirectory model) {
        NativeMemory.configure();
        SavedModelBundle bundle;
        try {
            // loading runs the restore op: a truncated or corrupt variables file fails here
            bundle = SavedModelBundle.load(model.directory().toString(), ExportLayout.TAG);
        } catch (TensorFlowException e) {
            throw new BadInputException("cannot load the SavedModel in " + model.directory() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        try {
            return new TextClassifier(model, bundle);
        } catch (IllegalArgumentException e) {
            bundle.close();
            throw new BadInputException(model.directory() + " lacks the " + ExportLayout.SERVING_DEFAULT + " or "
                    + ExportLayout.PREDICT_IDS + " signature: " + e.getMessage(), e);
        }
    }

    /** Higher versions of the base path that were passed over, each as "{@code <folder>: <why>}". */
    public List<String> skipped() {
        return model.skipped();
    }

    /** Classifies each text; empty or whitespace-only texts get the model's answer for an empty review. */
    public List<Prediction> predict(String... texts) {
        return predict(Arrays.asList(texts));
    }

    /** Classifies each text, in order. */
    public List<Prediction> predict(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            Objects.requireNonNull(texts.get(i), () -> "text is null");
        }
        if (texts.isEmpty()) {
            return List.of();
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            try (TString in = TString.vectorOf(texts.toArray(new String[0]));
                    var result = servingDefault.call(Map.of(ExportLayout.INPUT_TEXT, in))) {
                TFloat32 probs = (TFloat32) result.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow();
                TInt64 classIds = (TInt64) result.get(ExportLayout.OUTPUT_CLASS_IDS).orElseThrow();
                TString labels = (TString) result.get(ExportLayout.OUTPUT_LABELS).orElseThrow();
                int k = (int) probs.shape().get(1);
                List<Prediction> out = new ArrayList<>(texts.size());
                for (int i = 0; i < texts.size(); i++) {
                    float[] row = new float[k];
                    for (int j = 0; j < k; j++) {
                        row[j] = probs.getFloat(i, j);
                    }
                    out.add(new Prediction(labels.getObject(i), (int) classIds.getLong(i), row));
                }
                return out;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** The probability rows of {@link #predict(List)}: what {@link io.textlstm.eval.Evaluator} scores. */
    @Override
    public List<float[]> probabilities(List<String> texts) {
        return predict(texts).stream().map(Prediction::probabilities).toList();
    }

    /**
     * Probabilities for already-encoded sequences through {@code predict_ids}.
     *
     * @param ids one row per sequence, each {@link #maxLength()} ids in [0, {@link #vocabularySize()})
     * @throws BadInputException for a row of the wrong length or an id out of range (checked before TensorFlow sees it)
     */
    public float[][] predictIds(int[][] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == null || ids[i].length != maxLength) {
                throw new BadInputException("ids row " + i + " has " + (ids[i] == null ? "no" : ids[i].length)
                        + " ids; the model takes exactly " + maxLength + " (left-padded with 0)");
            }
            for (int j = 0; j < maxLength; j++) {
                int id = ids[i][j];
                if (id < 0 || id >= vocabularySize) {
                    throw new BadInputException("id " + id + " at row " + i + ", position " + j
                            + " is out of range: the vocabulary has ids 0.." + (vocabularySize - 1));
                }
            }
        }
        if (ids.length == 0) {
            return new float[0][];
        }
        lifecycle.readLock().lock();
        try {
            ensureOpen();
            try (TInt32 in = TInt32.tensorOf(StdArrays.ndCopyOf(ids));
                    var result = predictIds.call(Map.of(ExportLayout.INPUT_IDS, in))) {
                TFloat32 probs = (TFloat32) result.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow();
                int k = (int) probs.shape().get(1);
                float[][] out = new float[ids.length][k];
                for (int i = 0; i < ids.length; i++) {
                    for (int j = 0; j < k; j++) {
                        out[i][j] = probs.getFloat(i, j);
                    }
                }
                return out;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Class names, index = class id. */
    @Override
    public List<String> labels() {
        return model.labels();
    }

    /** Length of the id sequences the network reads. */
    public int maxLength() {
        return maxLength;
    }

    /** Number of ids in the vocabulary (ids 0..size-1). */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** The version folder that was loaded. */
    public Path directory() {
        return model.directory();
    }

    /** The loaded version number (-1 when the folder name is not numeric). */
    public long version() {
        return model.version();
    }

    /** Content of {@code assets.extra/model.json}: config, metrics, versions. */
    public Map<String, Object> modelInfo() {
        return model.modelInfoMap();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this TextClassifier is closed");
        }
    }

    /** Frees the native session and graph; waits for predictions in flight. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
