package io.textlstm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The inference network: Embedding → LSTM over the whole sequence → Dense, with no dropout and no training
 * placeholders. Used for evaluation during training and for the exported SavedModel, so both compute
 * identical numbers from identical weights.
 *
 * <p>The LSTM runs as TF's fused whole-sequence {@code BlockLSTM} kernel (gate order i, c, f, o, forget bias 0, no
 * cell clipping) over length-ordered chains of rows, see {@link #logits}. It computes what the training graph's
 * unrolled {@code LSTMBlockCell}s compute (a test checks it).
 */
public final class LstmNetwork {
    private LstmNetwork() {}

    /** Most independent chains a batch is cut into; a chain gets about {@link #ROWS_PER_CHAIN} rows. */
    static final int MAX_CHAINS = 64;
    static final int ROWS_PER_CHAIN = 16;

    /**
     * Logits [-1, outputUnits] for ids [-1, maxLength].
     *
     * <p>Sequences are left-padded, and every padding step of every row sees the same input (the embedding of
     * id 0) from the same zero state, so all rows share one state trajectory until their first token. The graph
     * computes that trajectory once, on one row, orders the rows by length, cuts them into chains of about
     * {@value #ROWS_PER_CHAIN} rows, and starts each chain from the trajectory's state at the padding its rows
     * have in common. This is the same computation as running every row through all steps (a test compares it with
     * the unrolled training cells), with less work for short texts; and independent chains keep every core busy,
     * since one recurrence is a chain of small steps one core runs in order. Results come back in input order.
     */
    public static Operand<TFloat32> logits(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        int steps = c.maxLength();
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> scalar = tf.constant(new int[0]);
        Operand<TInt32> batch = tf.reshape(tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})), scalar);
        Operand<TInt32> leading = leadingPadding(tf, ids);
        // least padding (longest text) first, so the longest chains start first; TopK keeps equal keys in row
        // order, so the order is deterministic
        Operand<TInt32> order = tf.nn.topK(tf.math.neg(leading), batch, new org.tensorflow.op.nn.TopK.Options[0]).indices();
        Operand<TInt32> sorted = tf.gather(ids, order, zero);

        // the shared padding trajectory, as deep as the most padded row needs; row k = state after k padding steps
        Operand<TInt32> deepest = tf.math.minimum(tf.math.maximum(tf.reduceMax(leading, zero), zero), tf.constant(steps));
        Operand<TFloat32> noPeephole = tf.zeros(tf.constant(new int[] {c.units()}), TFloat32.class);
        Operand<TFloat32> w = tf.concat(Arrays.asList(p.kernel(), p.recurrentKernel()), zero);
        Operand<TFloat32> padInput = tf.tile(
                tf.reshape(tf.gather(p.embedding(), tf.constant(new int[] {0}), zero), tf.constant(new int[] {1, 1, c.embeddingDim()})),
                tf.constant(new int[] {steps, 1, 1})); // [T, 1, E]
        Operand<TFloat32> oneZeroState = tf.zeros(tf.constant(new int[] {1, c.units()}), TFloat32.class);
        GraphOperation pad = blockLstm(tf, tf.dtypes.cast(deepest, TInt64.class), padInput, oneZeroState, oneZeroState, w,
                noPeephole, p.bias());
        Operand<TFloat32> zeroRow = tf.reshape(oneZeroState, tf.constant(new int[] {1, 1, c.units()}));
        Trajectory trajectory = new Trajectory(
                tf.concat(List.of(zeroRow, pad.<TFloat32>output(1)), zero), tf.concat(List.of(zeroRow, pad.<TFloat32>output(6)), zero));

        // chains: k = clamp(ceil(B / ROWS_PER_CHAIN), 1, MAX_CHAINS) non-empty slices of near-equal size
        Operand<TInt32> chains = tf.math.minimum(tf.math.maximum(
                tf.math.floorDiv(tf.math.add(batch, tf.constant(ROWS_PER_CHAIN - 1)), tf.constant(ROWS_PER_CHAIN)), tf.constant(1)),
                tf.constant(MAX_CHAINS));
        Operand<TInt32> base = tf.math.floorDiv(batch, chains);
        Operand<TInt32> extra = tf.math.floorMod(batch, chains);
        List<Operand<TInt32>> sizes = new ArrayList<>();
        for (int k = 0; k < MAX_CHAINS; k++) {
            Operand<TInt32> active = tf.dtypes.cast(tf.math.greater(chains, tf.constant(k)), TInt32.class);
            Operand<TInt32> oneMore = tf.dtypes.cast(tf.math.greater(extra, tf.constant(k)), TInt32.class);
            sizes.add(tf.math.mul(active, tf.math.add(base, oneMore)));
        }
        var slices = tf.splitV(sorted, tf.stack(sizes), zero, (long) MAX_CHAINS).output();
        List<Operand<TFloat32>> states = new ArrayList<>();
        for (Operand<TInt32> slice : slices) {
            states.add(lastHiddenState(tf, c, p, w, noPeephole, slice, trajectory));
        }
        Operand<TFloat32> hSorted = tf.concat(states, zero);
        // row order[i] of the input is row i of the sorted batch
        Operand<TFloat32> h = tf.scatterNd(tf.expandDims(order, tf.constant(1)), hSorted,
                tf.stack(List.of(batch, tf.constant(c.units()))));
        return tf.math.add(tf.linalg.matMul(h, p.denseKernel()), p.denseBias());
    }

    /** P(positive) [-1, 1] for a binary head, softmax [-1, K] otherwise. */
    public static Operand<TFloat32> probabilities(Ops tf, ModelConfig c, Operand<TFloat32> logits) {
        return c.binary() ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
    }

    /** States after k padding steps, k = 0..T: cell state and hidden state, each [T + 1, 1, units]. */
    private record Trajectory(Operand<TFloat32> cs, Operand<TFloat32> h) {}

    /** Leading padding of each row: positions before its first non-zero id [-1]. */
    static Operand<TInt32> leadingPadding(Ops tf, Operand<TInt32> ids) {
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> nonPad = tf.dtypes.cast(tf.math.notEqual(ids, zero), TInt32.class);
        Operand<TInt32> seen = tf.math.cumsum(nonPad, tf.constant(1));
        return tf.reduceSum(tf.dtypes.cast(tf.math.equal(seen, zero), TInt32.class), tf.constant(1));
    }

    /** h_T [-1, units] of one chain: from the trajectory's state at the chain's common padding, the remaining steps. */
    private static Operand<TFloat32> lastHiddenState(Ops tf, ModelConfig c, NetworkParameters p, Operand<TFloat32> w,
            Operand<TFloat32> noPeephole, Operand<TInt32> ids, Trajectory trajectory) {
        int steps = c.maxLength();
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> leading = leadingPadding(tf, ids);
        // an empty chain (a tiny batch leaves most of them empty) runs no steps at all
        Operand<TInt32> nonEmpty = tf.dtypes.cast(tf.math.greater(tf.size(leading), zero), TInt32.class);
        Operand<TInt32> common = tf.math.mul(tf.math.minimum(tf.reduceMin(leading, zero), tf.constant(steps)), nonEmpty);
        Operand<TInt32> rest = tf.math.mul(tf.math.sub(tf.constant(steps), common), nonEmpty);
        Operand<TInt32> rows = tf.reshape(tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {1}));
        Operand<TInt32> tileRows = tf.concat(List.of(rows, tf.constant(new int[] {1})), zero);
        Operand<TFloat32> cs0 = tf.tile(tf.gather(trajectory.cs(), common, zero), tileRows); // [B, H]
        Operand<TFloat32> h0 = tf.tile(tf.gather(trajectory.h(), common, zero), tileRows);
        Operand<TInt32> tail = tf.slice(ids, tf.stack(List.of(zero, common)), tf.stack(List.of(tf.constant(-1), rest))); // [B, T-P]
        Operand<TFloat32> x = tf.linalg.transpose(tf.gather(p.embedding(), tail, zero), tf.constant(new int[] {1, 0, 2}));
        GraphOperation block = blockLstm(tf, tf.dtypes.cast(rest, TInt64.class), x, cs0, h0, w, noPeephole, p.bias());
        // h after the last step; with no steps left (all-padding rows) the padding state itself
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
