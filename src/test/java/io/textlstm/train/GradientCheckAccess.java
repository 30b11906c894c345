package io.textlstm.train;

import io.textlstm.model.ModelWeights;

/** Test helpers shared across packages. */
public final class GradientCheckAccess {
    private GradientCheckAccess() {}

    /** Every weight multiplied by {@code factor}. */
    public static ModelWeights scaled(ModelWeights w, float factor) {
        return GradientCheckTest.scaled(w, factor);
    }
}
