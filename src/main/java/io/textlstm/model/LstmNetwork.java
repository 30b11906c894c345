package io.textlstm.model;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The inference network: Embedding → LSTM over the whole sequence → Dense, with no dropout and no training
 * placeholders. Used for evaluation during training and for the exported SavedModel, so both compute
 * identical numbers from identical weights.
 *
 * <p>The LSTM runs as one fused {@code BlockLSTM} kernel (gate order i, c, f, o, forget bias 0, no cell
 * clipping), which keeps the exported graph small and fast to optimize. It computes exactly what the
 * training graph's unrolled {@code LSTMBlockCell}s compute (a test checks it).
 */
public final class LstmNetwork {
    private LstmNetwork() {}

    /**
     * Logits [-1, outputUnits] for ids [-1, maxLength].
     *
     * <p>The batch runs as two independent halves: the recurrence is a chain of 500 small steps that one core
     * runs in order, and two chains let TF's inter-op threads use two cores (as in training).
     */
    public static Operand<TFloat32> logits(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        Operand<TInt32> batch = tf.reshape(
                tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})), tf.constant(new int[] {1}));
        Operand<TInt32> firstHalf = tf.math.floorDiv(tf.math.add(batch, tf.constant(1)), tf.constant(2));
        Operand<TInt32> sizes = tf.concat(List.of(firstHalf, tf.math.sub(batch, firstHalf)), tf.constant(0));
        var halves = tf.splitV(ids, sizes, tf.constant(0), 2L).output();
        Operand<TFloat32> h = tf.concat(List.of(lastHiddenState(tf, c, p, halves.get(0)), lastHiddenState(tf, c, p, halves.get(1))),
                tf.constant(0));
        return tf.math.add(tf.linalg.matMul(h, p.denseKernel()), p.denseBias());
    }

    /** P(positive) [-1, 1] for a binary head, softmax [-1, K] otherwise. */
    public static Operand<TFloat32> probabilities(Ops tf, ModelConfig c, Operand<TFloat32> logits) {
        return c.binary() ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
    }

    /**
     * h_T [-1, units] of the LSTM over the embedded ids.
     *
     * <p>Sequences are left-padded, and every padding step of every row sees the same input (the embedding of
     * id 0) from the same zero state, so all rows share one state trajectory until their first token. The graph
     * therefore runs the P padding steps that all rows of the batch have in common once, on a single row, and
     * starts the batch from that state for the remaining T - P steps. This is the same computation (a test
     * compares it with the full unrolled cells) and cuts the work for batches of short texts; evaluation sorts
     * rows by length to make the most of it.
     */
    static Operand<TFloat32> lastHiddenState(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        int steps = c.maxLength();
        Operand<TInt32> zero = tf.constant(0);
        // leading padding of each row: positions before its first non-zero id
        Operand<TInt32> nonPad = tf.dtypes.cast(tf.math.notEqual(ids, zero), TInt32.class);
        Operand<TInt32> seen = tf.math.cumsum(nonPad, tf.constant(1));
        Operand<TInt32> leading = tf.reduceSum(tf.dtypes.cast(tf.math.equal(seen, zero), TInt32.class), tf.constant(1));
        // padding common to the whole batch (an empty batch reduces to INT_MAX, hence the clamp)
        Operand<TInt32> common = tf.math.minimum(tf.reduceMin(leading, tf.constant(0)), tf.constant(steps));
        Operand<TInt32> rest = tf.math.sub(tf.constant(steps), common);
        Operand<TInt32> batch = tf.reshape(
                tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})), tf.constant(new int[] {1}));
        Operand<TFloat32> noPeephole = tf.zeros(tf.constant(new int[] {c.units()}), TFloat32.class);
        Operand<TFloat32> w = tf.concat(Arrays.asList(p.kernel(), p.recurrentKernel()), tf.constant(0));

        // 1. the shared padding trajectory, on one row: state after `common` padding steps
        Operand<TFloat32> padInput = tf.tile(
                tf.reshape(tf.gather(p.embedding(), tf.constant(new int[] {0}), zero), tf.constant(new int[] {1, 1, c.embeddingDim()})),
                tf.constant(new int[] {steps, 1, 1})); // [T, 1, E]
        Operand<TFloat32> oneZeroState = tf.zeros(tf.constant(new int[] {1, c.units()}), TFloat32.class);
        GraphOperation pad = blockLstm(tf, tf.dtypes.cast(common, TInt64.class), padInput, oneZeroState, oneZeroState, w,
                noPeephole, p.bias());
        Operand<TInt32> padStateShape = tf.constant(new int[] {1, 1, c.units()});
        Operand<TFloat32> padCs = tf.gather(tf.concat(List.of(tf.reshape(oneZeroState, padStateShape), pad.<TFloat32>output(1)),
                zero), common, zero); // [1, H]; index 0 is the zero state (no common padding)
        Operand<TFloat32> padH = tf.gather(tf.concat(List.of(tf.reshape(oneZeroState, padStateShape), pad.<TFloat32>output(6)),
                zero), common, zero);
        Operand<TInt32> tileRows = tf.concat(List.of(batch, tf.constant(new int[] {1})), zero);
        Operand<TFloat32> cs0 = tf.tile(padCs, tileRows); // [B, H]
        Operand<TFloat32> h0 = tf.tile(padH, tileRows);

        // 2. the rest of the sequence for the whole batch, from that state
        Operand<TInt32> tail = tf.slice(ids, tf.stack(List.of(zero, common)), tf.stack(List.of(tf.constant(-1), rest))); // [B, T-P]
        Operand<TFloat32> x = tf.linalg.transpose(tf.gather(p.embedding(), tail, zero), tf.constant(new int[] {1, 0, 2}));
        GraphOperation block = blockLstm(tf, tf.dtypes.cast(rest, TInt64.class), x, cs0, h0, w, noPeephole, p.bias());
        // h after the last step; with no steps left (all-padding input) the padding state itself
        Operand<TFloat32> hAll = tf.concat(List.of(tf.expandDims(h0, zero), block.<TFloat32>output(6)), zero); // [T-P+1, B, H]
        return tf.squeeze(tf.gather(hAll, tf.reshape(rest, tf.constant(new int[] {1})), zero),
                org.tensorflow.op.core.Squeeze.axis(List.of(0L)));
    }

    /**
     * TF's fused whole-sequence LSTM, version 1: gate order i, c, f, o as {@code LSTMBlockCell} (TF Java's
     * {@code BlockLSTM} class builds V2, whose order is i, f, c, o); forget bias 0 and no cell clipping, as Keras.
     * Outputs: 1 = cs, 6 = h, each [steps, batch, units].
     */
    private static GraphOperation blockLstm(Ops tf, Operand<TInt64> steps, Operand<TFloat32> x, Operand<TFloat32> cs,
            Operand<TFloat32> h, Operand<TFloat32> w, Operand<TFloat32> noPeephole, Operand<TFloat32> bias) {
        return (GraphOperation) tf.scope().opBuilder("BlockLSTM", "BlockLSTM")
                .addInput(steps.asOutput())
                .addInput(x.asOutput())
                .addInput(cs.asOutput())
                .addInput(h.asOutput())
                .addInput(w.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(bias.asOutput())
                .setAttr("forget_bias", 0f)
                .setAttr("cell_clip", -1f)
                .setAttr("use_peephole", false)
                .build();
    }
}
