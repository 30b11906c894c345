package io.textlstm.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The network's trainable tensors by name, as row-major float arrays: what checkpoints store and exports load.
 *
 * <p>LSTM gates are stacked in TensorFlow's {@code LSTMBlockCell} order <b>i, c, f, o</b> (input, candidate,
 * forget, output), not Keras' i, f, c, o, because the fused cell kernels use that layout.
 */
public final class ModelWeights {
    public static final String EMBEDDING = "embedding";
    public static final String KERNEL = "lstm_kernel";
    public static final String RECURRENT_KERNEL = "lstm_recurrent_kernel";
    public static final String BIAS = "lstm_bias";
    public static final String DENSE_KERNEL = "dense_kernel";
    public static final String DENSE_BIAS = "dense_bias";

    /** Names in a fixed order, for deterministic graphs and files. */
    public static final List<String> NAMES =
            List.of(EMBEDDING, KERNEL, RECURRENT_KERNEL, BIAS, DENSE_KERNEL, DENSE_BIAS);

    private final Map<String, float[]> values;

    public ModelWeights(Map<String, float[]> values) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (String name : NAMES) {
            float[] v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing weight '" + name + "'");
            }
            copy.put(name, v.clone());
        }
        this.values = Collections.unmodifiableMap(copy);
    }

    /** Shape of each weight for a configuration. */
    public static Map<String, long[]> shapes(ModelConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(EMBEDDING, new long[] {c.numWords(), c.embeddingDim()});
        s.put(KERNEL, new long[] {c.embeddingDim(), c.gateWidth()});
        s.put(RECURRENT_KERNEL, new long[] {c.units(), c.gateWidth()});
        s.put(BIAS, new long[] {c.gateWidth()});
        s.put(DENSE_KERNEL, new long[] {c.units(), c.outputUnits()});
        s.put(DENSE_BIAS, new long[] {c.outputUnits()});
        return s;
    }

    /**
     * Keras' initial weights: embedding U(-0.05, 0.05), Glorot-uniform kernels, orthogonal recurrent kernel,
     * zero biases except the forget gate's, which is 1 ({@code unit_forget_bias}).
     */
    public static ModelWeights initial(ModelConfig c, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> w = new LinkedHashMap<>();
        w.put(EMBEDDING, Initializers.uniform(random, c.numWords() * c.embeddingDim(), 0.05));
        w.put(KERNEL, Initializers.glorotUniform(random, c.embeddingDim(), c.gateWidth()));
        w.put(RECURRENT_KERNEL, Initializers.orthogonal(random, c.units(), c.gateWidth()));
        float[] bias = new float[c.gateWidth()];
        for (int j = forgetGateOffset(c); j < forgetGateOffset(c) + c.units(); j++) {
            bias[j] = 1f;
        }
        w.put(BIAS, bias);
        w.put(DENSE_KERNEL, Initializers.glorotUniform(random, c.units(), c.outputUnits()));
        w.put(DENSE_BIAS, new float[c.outputUnits()]);
        return new ModelWeights(w);
    }

    /** First column of the forget gate in the i, c, f, o layout. */
    public static int forgetGateOffset(ModelConfig c) {
        return 2 * c.units();
    }

    /** A copy of one weight. */
    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no weight '" + name + "'");
        }
        return v.clone();
    }

    /** Read-only view of all weights (arrays are shared: do not modify). */
    public Map<String, float[]> asMap() {
        return values;
    }
}
