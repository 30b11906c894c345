package io.textlstm.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import io.textlstm.model.GraphVariables;
import org.tensorflow.types.TFloat32;

/**
 * Adam with Keras' defaults and Keras' update, built from {@code ApplyAdam} ops.
 *
 * <p>Written here instead of using {@code tensorflow-framework}'s Adam, which (1.1.0) updates
 * {@code beta1_power}/{@code beta2_power} with no ordering against the weight updates — so the first step
 * often used already-decayed powers — and whose epsilon defaults to 1e-8. Here every {@code ApplyAdam} waits
 * for all gradients (so no weight changes while the backward pass still reads it) and the beta-power updates
 * wait for every {@code ApplyAdam}.
 *
 * <p>Update (Kingma and Ba with Keras' "epsilon hat"): m ← β1·m + (1-β1)·g, v ← β2·v + (1-β2)·g²,
 * w ← w − lr·√(1-β2ᵗ)/(1-β1ᵗ) · m/(√v + ε).
 */
public final class Adam {
    /** Slot and state variable names, so checkpoints can carry them. */
    public static final String BETA1_POWER = "adam_beta1_power";
    public static final String BETA2_POWER = "adam_beta2_power";

    /** Hyperparameters; {@link #keras()} gives lr 1e-3, β1 0.9, β2 0.999, ε 1e-7. */
    public record Config(float learningRate, float beta1, float beta2, float epsilon) {
        public static Config keras() {
            return new Config(1e-3f, 0.9f, 0.999f, 1e-7f);
        }

        public Config withLearningRate(float lr) {
            return new Config(lr, beta1, beta2, epsilon);
        }
    }

    private Adam() {}

    public static String firstMoment(String weight) {
        return "adam_m_" + weight;
    }

    public static String secondMoment(String weight) {
        return "adam_v_" + weight;
    }

    /**
     * Adds the optimizer state to {@code vars} and returns the op that applies one update.
     *
     * @param weights names of the variables to update, matching {@code gradients} one to one
     * @param after ops that must finish before any weight changes (e.g. the loss and logits fetched with the step)
     */
    public static Op minimize(Ops tf, GraphVariables vars, List<String> weights, List<Operand<TFloat32>> gradients,
            Config config, List<Op> after) {
        if (weights.size() != gradients.size()) {
            throw new IllegalArgumentException(weights.size() + " weights but " + gradients.size() + " gradients");
        }
        Variable<TFloat32> beta1Power = vars.create(BETA1_POWER, new long[0]);
        Variable<TFloat32> beta2Power = vars.create(BETA2_POWER, new long[0]);
        Operand<TFloat32> lr = tf.constant(config.learningRate());
        Operand<TFloat32> beta1 = tf.constant(config.beta1());
        Operand<TFloat32> beta2 = tf.constant(config.beta2());
        Operand<TFloat32> epsilon = tf.constant(config.epsilon());

        List<Op> barrier = new ArrayList<>(after);
        for (Operand<TFloat32> g : gradients) {
            barrier.add(g);
        }
        Ops gated = tf.withControlDependencies(barrier);
        List<Op> updates = new ArrayList<>();
        for (int k = 0; k < weights.size(); k++) {
            String name = weights.get(k);
            Variable<TFloat32> m = vars.create(firstMoment(name), vars.shape(name));
            Variable<TFloat32> v = vars.create(secondMoment(name), vars.shape(name));
            updates.add(gated.train.applyAdam(vars.variable(name), m, v, beta1Power, beta2Power, lr, beta1, beta2, epsilon,
                    gradients.get(k)));
        }
        Ops afterUpdates = tf.withControlDependencies(updates);
        Op b1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, beta1));
        Op b2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, beta2));
        return tf.withControlDependencies(List.of(b1, b2)).withName("train_step").noOp();
    }

    /** Initial optimizer state for the given weight shapes: zero moments, β powers β1 and β2. */
    public static Map<String, float[]> initialState(Map<String, float[]> weights, Config config) {
        Map<String, float[]> state = new LinkedHashMap<>();
        state.put(BETA1_POWER, new float[] {config.beta1()});
        state.put(BETA2_POWER, new float[] {config.beta2()});
        weights.forEach((name, w) -> {
            state.put(firstMoment(name), new float[w.length]);
            state.put(secondMoment(name), new float[w.length]);
        });
        return state;
    }
}
