package io.textlstm.export;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The trained network as an inference-only graph fragment: what {@link SavedModelExporter} puts behind the
 * in-graph tokenizer.
 *
 * <p>Rules an implementation must follow (the exporter checks the first two and fails loudly otherwise):
 *
 * <ul>
 *   <li>Create variables with {@code tf.variable(...)} (TF's {@code VariableV2}). TF Java 1.1's saver only saves
 *       {@code VariableV2}; resource variables ({@code VarHandleOp}) would be exported without their values.
 *   <li>No dropout, no optimizer, no training placeholders: every placeholder it adds must be fed only by
 *       {@link #restoreWeights(Session)}.
 *   <li>Assign the trained values in {@link #restoreWeights} by feeding placeholders into {@code tf.assign}, not
 *       by baking them into constants, so that the weights live in {@code variables/} only and the graph stays small.
 * </ul>
 */
public interface InferenceNetwork {

    /**
     * Adds the lean inference graph to {@code tf}: creates its variables and returns probabilities of shape
     * [-1, K] (K = 1 for binary: P(positive)).
     *
     * @param ids int32 [-1, maxLength], left-padded with 0, starting with the start marker 1
     */
    Operand<TFloat32> probabilities(Ops tf, Operand<TInt32> ids);

    /** Runs once in the export session after the variables exist: assigns the trained values. */
    void restoreWeights(Session session);
}
