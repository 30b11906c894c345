package io.textlstm.cli;

import io.textlstm.model.ModelConfig;
import io.textlstm.train.TrainingJobSettings;
import picocli.CommandLine.Option;

/**
 * {@code train}'s layer options (docs/model.md). Their defaults are {@link ModelConfig}'s, the tutorial's model, so
 * each default has one home.
 */
final class ModelOptions {
    private static final ModelConfig DEFAULTS = ModelConfig.builder().build();

    @Option(names = "--embedding-dim", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int embeddingDim = DEFAULTS.embeddingDim();

    @Option(names = "--units", description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int units = DEFAULTS.units();

    @Option(names = "--dropout", description = "Dropout on the LSTM inputs (default: ${DEFAULT-VALUE}).")
    float dropout = DEFAULTS.dropout();

    @Option(names = "--recurrent-dropout", description = "Dropout on the LSTM's recurrent state (default: ${DEFAULT-VALUE}).")
    float recurrentDropout = DEFAULTS.recurrentDropout();

    @Option(names = "--head", converter = HeadChoice.Converter.class,
            description = "${COMPLETION-CANDIDATES} (default: auto = one sigmoid unit for two classes, softmax for more).")
    HeadChoice head = HeadChoice.AUTO;

    /** The options that give the layers of {@code settings}. */
    static ModelOptions of(TrainingJobSettings settings) {
        ModelOptions o = new ModelOptions();
        o.embeddingDim = settings.embeddingDim();
        o.units = settings.units();
        o.dropout = settings.dropout();
        o.recurrentDropout = settings.recurrentDropout();
        o.head = java.util.Arrays.stream(HeadChoice.values()).filter(h -> h.head == settings.head()).findFirst()
                .orElseThrow();
        return o;
    }

    /** These layers in a job's settings (the vocabulary size, length and classes come from the data). */
    TrainingJobSettings.Builder applyTo(TrainingJobSettings.Builder settings) {
        return settings.embeddingDim(embeddingDim).units(units).dropout(dropout).recurrentDropout(recurrentDropout)
                .head(head.head);
    }
}
