package io.textlstm.train;

import io.textlstm.data.DataSettings;
import io.textlstm.model.ModelConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a {@link TrainingJob} runs: the data, the training settings, the model's layer sizes (the vocabulary size,
 * length and number of classes come from the data), and where the run goes. Build one with {@link #builder()}.
 *
 * @param head                 the output layer, or null to let the number of classes decide
 * @param balancedClassWeights weight classes by n/(k*count) of the train split (for skewed data)
 * @param name                 the run folder's prefix, or null for {@link TrainingJob#defaultName}
 * @param resumeFrom           the run folder to continue, or null for a new run under {@code runsDir}
 * @param stored               {@code resumeFrom}'s config.json, or null (a new run, or a folder made before textlstm
 *                             stored its options); a new config.json is written only when it is null
 * @param options              the options, in order, written to a new config.json, so a resume can check and reuse them
 * @param quiet                print only what the caller prints, no data summary or progress bar
 * @param beforeRunFolder      runs once the data are read and the model is configured, before the run folder is made
 *                             or touched: where a caller checks its own destinations (the CLI: that the export folder
 *                             is writable), so a bad one fails before any training
 * @param resumeCommand        how a user of the caller continues a run folder (the CLI: its {@code train} command),
 *                             printed when training is interrupted; null to say it in general terms
 */
public record TrainingJobSettings(DataSettings data, TrainingConfig training, int embeddingDim, int units, float dropout,
        float recurrentDropout, ModelConfig.Head head, boolean balancedClassWeights, String name, Path runsDir,
        RunFolder resumeFrom, RunConfig stored, Map<String, String> options, boolean quiet, Runnable beforeRunFolder,
        Function<Path, String> resumeCommand) {

    public TrainingJobSettings {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(runsDir, "runsDir");
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
        beforeRunFolder = beforeRunFolder == null ? () -> { } : beforeRunFolder;
    }

    /** Where run folders go unless told otherwise. */
    public static final Path DEFAULT_RUNS_DIR = Path.of("runs");

    public static Builder builder() {
        return new Builder();
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

    /** Defaults: {@link DataSettings}', {@link TrainingConfig}'s and {@link ModelConfig}'s, runs under {@code runs}. */
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
        private Path runsDir = DEFAULT_RUNS_DIR;
        private RunFolder resumeFrom;
        private RunConfig stored;
        private Map<String, String> options;
        private boolean quiet;
        private Runnable beforeRunFolder;
        private Function<Path, String> resumeCommand;

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
        public Builder runsDir(Path v) { runsDir = v; return this; }
        /** Continue {@code run} (with its config.json, or null when it has none). */
        public Builder resume(RunFolder run, RunConfig storedConfig) { resumeFrom = run; stored = storedConfig; return this; }
        public Builder options(Map<String, String> v) { options = v; return this; }
        public Builder quiet(boolean v) { quiet = v; return this; }
        public Builder beforeRunFolder(Runnable v) { beforeRunFolder = v; return this; }
        public Builder resumeCommand(Function<Path, String> v) { resumeCommand = v; return this; }

        public TrainingJobSettings build() {
            return new TrainingJobSettings(data, training, embeddingDim, units, dropout, recurrentDropout, head,
                    balancedClassWeights, name, runsDir, resumeFrom, stored, options, quiet, beforeRunFolder,
                    resumeCommand);
        }
    }
}
