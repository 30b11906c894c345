package io.textlstm.cli;

import io.textlstm.model.ModelConfig;
import java.util.Locale;

/** {@code train --head}: the output layer, or {@code auto} to let the number of classes decide. */
enum HeadChoice {
    AUTO(null), SIGMOID(ModelConfig.Head.SIGMOID), SOFTMAX(ModelConfig.Head.SOFTMAX);

    /** null for {@code auto}, which {@link ModelConfig} resolves. */
    final ModelConfig.Head head;

    HeadChoice(ModelConfig.Head head) {
        this.head = head;
    }

    /** As typed and as stored in config.json. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static final class Converter extends ChoiceConverter<HeadChoice> {
        Converter() {
            super(HeadChoice.class);
        }
    }
}
