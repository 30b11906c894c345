package io.textlstm.cli;

import java.util.Locale;

/** {@code train --class-weights}: none, or scikit-learn's "balanced" weights from the train split. */
enum ClassWeighting {
    NONE, BALANCED;

    /** As typed and as stored in config.json. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static final class Converter extends ChoiceConverter<ClassWeighting> {
        Converter() {
            super(ClassWeighting.class);
        }
    }
}
