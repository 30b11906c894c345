package io.textlstm.train;

import io.textlstm.data.DataSettings;
import io.textlstm.model.ModelConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TrainingJob} trains: the data, the training settings, the model's layer sizes (the vocabulary size,
 * length and number of classes come from the data) and the run's name. A run folder's {@code config.json} stores
 * exactly this record, so {@link TrainingJob#resume} continues with it. Build one with {@link #builder()}.
 *
 * @param head                 the output layer, or null to let the number of classes decide
 * @param balancedClassWeights weight classes by n/(k*count) of the train split (for skewed data)
 * @param name                 the run folder's prefix, or null for {@link TrainingJob#defaultName}
 */
public record TrainingJobSettings(DataSettings data, TrainingConfig training, int embeddingDim, int units, float dropout,
        float recurrentDropout, ModelConfig.Head head, boolean balancedClassWeights, String name) {

    public TrainingJobSettings {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(training, "training");
        // the layer settings are checked now, where ModelConfig checks them, not once the data are read (which give
        // the vocabulary size and the number of classes: here stand-ins that any head accepts)
        ModelConfig.builder().numWords(data.numWords()).maxLength(data.maxLength()).embeddingDim(embeddingDim).units(units)
                .numClasses(head == ModelConfig.Head.SOFTMAX ? 3 : 2).dropout(dropout).recurrentDropout(recurrentDropout)
                .head(head).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder().data(data).training(training).embeddingDim(embeddingDim).units(units).dropout(dropout)
                .recurrentDropout(recurrentDropout).head(head).balancedClassWeights(balancedClassWeights).name(name);
    }

    /** These settings with {@code epochs} passes over the data in all. */
    public TrainingJobSettings withEpochs(int epochs) {
        TrainingConfig t = training;
        return toBuilder().training(new TrainingConfig(epochs, t.batchSize(), t.seed(), t.adam(), t.patience(),
                t.restoreBest(), t.chains(), t.intraOpThreads(), t.interOpThreads(), t.classWeights(), t.evalBatchSize()))
                .build();
    }

    /** These settings with the name resolved ({@link TrainingJob#defaultName} when none was given). */
    TrainingJobSettings named() {
        return name != null ? this : toBuilder().name(TrainingJob.defaultName(data)).build();
    }

    /**
     * These settings as a run folder stores them: data paths absolute and normalized (so a resume works from any
     * directory), the name resolved.
     */
    TrainingJobSettings resolved() {
        DataSettings d = data.toBuilder().data(absolute(data.data())).testData(absolute(data.testData())).build();
        return named().toBuilder().data(d).build();
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }

    /**
     * The settings in which {@code other} differs from these, each as {@code name: this value vs other value}, named
     * by their record components ({@code data.numWords}, {@code training.adam.learningRate}); the number of epochs
     * is left out when {@code ignoreEpochs} (a resume may change it).
     */
    List<String> differences(TrainingJobSettings other, boolean ignoreEpochs) {
        List<String> out = new ArrayList<>();
        compare("", this, other, ignoreEpochs ? "training.epochs" : null, out);
        return out;
    }

    private static void compare(String prefix, Object a, Object b, String skip, List<String> out) {
        if (a instanceof Record && b instanceof Record && a.getClass() == b.getClass()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                String name = prefix + c.getName();
                if (!name.equals(skip)) {
                    compare(name + ".", value(c, a), value(c, b), skip, out);
                }
            }
        } else if (!Objects.deepEquals(a, b)) {
            String name = prefix.substring(0, prefix.length() - 1);
            out.add(name + " " + show(a) + " vs " + show(b));
        }
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String show(Object v) {
        return v instanceof float[] f ? Arrays.toString(f) : String.valueOf(v);
    }

    /** The model's layers from these settings and the sizes the data give. */
    ModelConfig model(int numWords, int maxLength, int numClasses) {
        return ModelConfig.builder()
                .numWords(numWords)
                .maxLength(maxLength)
                .embeddingDim(embeddingDim)
                .units(units)
                .numClasses(numClasses)
                .dropout(dropout)
                .recurrentDropout(recurrentDropout)
                .head(head)
                .build();
    }

    /** Defaults: {@link DataSettings}', {@link TrainingConfig}'s and {@link ModelConfig}'s. */
    public static final class Builder {
        private static final ModelConfig MODEL_DEFAULTS = ModelConfig.builder().build();
        private DataSettings data = DataSettings.defaults();
        private TrainingConfig training = TrainingConfig.builder().build();
        private int embeddingDim = MODEL_DEFAULTS.embeddingDim();
        private int units = MODEL_DEFAULTS.units();
        private float dropout = MODEL_DEFAULTS.dropout();
        private float recurrentDropout = MODEL_DEFAULTS.recurrentDropout();
        private ModelConfig.Head head;
        private boolean balancedClassWeights;
        private String name;

        private Builder() {}

        public Builder data(DataSettings v) { data = v; return this; }
        public Builder training(TrainingConfig v) { training = v; return this; }
        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder units(int v) { units = v; return this; }
        public Builder dropout(float v) { dropout = v; return this; }
        public Builder recurrentDropout(float v) { recurrentDropout = v; return this; }
        public Builder head(ModelConfig.Head v) { head = v; return this; }
        public Builder balancedClassWeights(boolean v) { balancedClassWeights = v; return this; }
        public Builder name(String v) { name = v; return this; }

        public TrainingJobSettings build() {
            return new TrainingJobSettings(data, training, embeddingDim, units, dropout, recurrentDropout, head,
                    balancedClassWeights, name);
        }
    }
}
