package io.textlstm.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Weights for tests in any package. */
public final class TestWeights {
    private TestWeights() {}

    /**
     * Every weight multiplied by {@code factor}: larger than the initial weights, so that outputs differ
     * noticeably and gradients stand well above float32 noise.
     */
    public static ModelWeights scaled(ModelWeights w, float factor) {
        Map<String, float[]> out = new LinkedHashMap<>();
        w.asMap().forEach((k, v) -> {
            float[] s = v.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] *= factor;
            }
            out.put(k, s);
        });
        return new ModelWeights(out);
    }
}
