package io.textlstm.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Float variables of one graph with a feed-and-assign path for loading values from Java and a fetch path for
 * reading them back: how initial weights, checkpoints and exports move between Java arrays and a session.
 *
 * <p>Values come from Java (seeded) rather than TF's random initializers so that a seed determines the
 * model, and a checkpoint restores it exactly.
 */
public final class GraphVariables {
    private record Entry(Variable<TFloat32> variable, Placeholder<TFloat32> value, Assign<TFloat32> assign, long[] shape) {}

    private final Ops tf;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public GraphVariables(Ops tf) {
        this.tf = tf;
    }

    /** Creates a variable named {@code name} (no '/' — it would clash with TF name scopes). */
    public Variable<TFloat32> create(String name, long[] shape) {
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("variable '" + name + "' exists");
        }
        Variable<TFloat32> v = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
        Placeholder<TFloat32> value =
                tf.withName(name + "_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
        Assign<TFloat32> assign = tf.withName(name + "_assign").assign(v, value);
        entries.put(name, new Entry(v, value, assign, shape.clone()));
        return v;
    }

    /** The variable's current value as a plain tensor (reading a ref through Identity keeps gradients and aliasing sane). */
    public Operand<TFloat32> read(String name) {
        return tf.withName(name + "_read").identity(entry(name).variable());
    }

    public Variable<TFloat32> variable(String name) {
        return entry(name).variable();
    }

    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    /** Assigns every given value in one session run; sizes are checked against the variables' shapes. */
    public void load(Session session, Map<String, float[]> values) {
        Map<String, TFloat32> tensors = new LinkedHashMap<>();
        try {
            Session.Runner runner = session.runner();
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                Entry entry = entry(e.getKey());
                long expected = Shape.of(entry.shape()).size();
                if (e.getValue().length != expected) {
                    throw new io.textlstm.BadInputException("weight '" + e.getKey() + "' has " + e.getValue().length
                            + " values, expected " + expected + " for shape " + Shape.of(entry.shape())
                            + " (a checkpoint or weights from a model with other options?)");
                }
                TFloat32 t = TFloat32.tensorOf(Shape.of(entry.shape()), DataBuffers.of(e.getValue(), true, false));
                tensors.put(e.getKey(), t);
                runner.feed(entry.value(), t).addTarget(entry.assign());
            }
            runner.run().close();
        } finally {
            tensors.values().forEach(Tensor::close);
        }
    }

    /** Current values of all variables, by name. */
    public Map<String, float[]> fetchAll(Session session) {
        Session.Runner runner = session.runner();
        for (Entry e : entries.values()) {
            runner.fetch(e.variable());
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            int i = 0;
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                TFloat32 t = (TFloat32) result.get(i++);
                float[] values = new float[(int) t.size()];
                t.copyTo(DataBuffers.of(values, false, false));
                out.put(e.getKey(), values);
            }
        }
        return out;
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no variable '" + name + "'");
        }
        return e;
    }
}
