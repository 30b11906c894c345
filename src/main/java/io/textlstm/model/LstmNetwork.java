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

    /**
     * Most independent chains a batch is cut into; a chain gets about {@link #ROWS_PER_CHAIN} rows. Chains stay
     * small at every batch size because one {@code BlockLSTM} keeps 7 tensors of [steps, rows, units] floats:
     * chains of hundreds of rows ran 2-3x slower per review at batch 1,000 (results/serving-profile.md).
     */
    static final int MAX_CHAINS = 64;
    static final int ROWS_PER_CHAIN = 16;
    /**
     * Time segments of a chain; its rows join the running chain at the start of their segment. Rows of a small batch
     * differ widely in length (16 IMDB reviews in one chain ran 2.2 LSTM steps per token without segments). Two
     * segments: batch 16 +28%, 64 +10% reviews/s over one; four gained a little more at 16-32 rows but cost batch 1
     * a millisecond in the ops of its empty segments (results/serving-profile.md).
     */
    static final int SEGMENTS = 2;

    /**
     * Logits [-1, outputUnits] for ids [-1, maxLength].
     *
     * <p>Sequences are left-padded, and every padding step of every row sees the same input (the embedding of
     * id 0) from the same zero state, so all rows share one state trajectory until their first token. The graph
     * computes that trajectory once, on one row, orders the rows by length, cuts them into chains of about
     * {@value #ROWS_PER_CHAIN} rows, and runs each chain in {@value #SEGMENTS} time segments from the trajectory's
     * state at the padding its rows have in common (see {@code lastHiddenState}). This is the same computation as
     * running every row through all steps (a test compares it with the unrolled training cells), with less work for
     * short texts; and independent chains keep every core busy, since one recurrence is a chain of small steps one
     * core runs in order. Chains a batch leaves empty are switched off ({@code Switch}/{@code Merge}), so a small
     * batch runs the ops of the chains it uses, not of all {@value #MAX_CHAINS}. Results come back in input order.
     */
    public static Operand<TFloat32> logits(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        int steps = c.maxLength();
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> scalar = tf.constant(new int[0]);
        Operand<TInt32> batch = tf.reshape(tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})), scalar);
        Operand<TInt32> leading = leadingPadding(tf, ids);
        // least padding (longest text) first, so the longest chains start first; TopK keeps equal keys in row
        // order, so the order is deterministic
        var top = tf.nn.topK(tf.math.neg(leading), batch, new org.tensorflow.op.nn.TopK.Options[0]);
        Operand<TInt32> order = top.indices();
        Operand<TInt32> sortedPadding = tf.math.neg(top.values());
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
                tf.concat(List.of(zeroRow, pad.<TFloat32>output(1)), zero), tf.concat(List.of(zeroRow, pad.<TFloat32>output(6)), zero),
                deepest);

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
        Operand<TInt32> splitSizes = tf.stack(sizes);
        var idSlices = tf.splitV(sorted, splitSizes, zero, (long) MAX_CHAINS).output();
        var paddingSlices = tf.splitV(sortedPadding, splitSizes, zero, (long) MAX_CHAINS).output();
        List<Operand<TFloat32>> states = new ArrayList<>();
        for (int k = 0; k < MAX_CHAINS; k++) {
            // an empty chain (a small batch leaves most of them empty) is switched off: its ops get dead inputs and
            // the executor skips them, instead of running each on empty tensors
            Operand<org.tensorflow.types.TBool> live = tf.math.greater(sizes.get(k), zero);
            var chainIds = tf.switchCond(idSlices.get(k), live);
            var chainPadding = tf.switchCond(paddingSlices.get(k), live);
            Operand<TFloat32> ran = lastHiddenState(tf, c, p, w, noPeephole, chainIds.outputTrue(), chainPadding.outputTrue(), trajectory);
            // [0, units] from the switched-off side, of a size only known at run time: Grappler folds an op whose
            // output it knows to be empty into a constant, which would no longer be dead and would win the Merge
            Operand<TFloat32> none = tf.fill(tf.stack(List.of(tf.size(chainPadding.outputFalse()), tf.constant(c.units()))), tf.constant(0f));
            states.add(tf.merge(List.of(ran, none)).output());
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

    /** States after k padding steps, k = 0..deepest: cell state and hidden state, each [deepest + 1, 1, units]. */
    private record Trajectory(Operand<TFloat32> cs, Operand<TFloat32> h, Operand<TInt32> deepest) {}

    /** Leading padding of each row: positions before its first non-zero id [-1]. */
    static Operand<TInt32> leadingPadding(Ops tf, Operand<TInt32> ids) {
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> nonPad = tf.dtypes.cast(tf.math.notEqual(ids, zero), TInt32.class);
        Operand<TInt32> seen = tf.math.cumsum(nonPad, tf.constant(1));
        return tf.reduceSum(tf.dtypes.cast(tf.math.equal(seen, zero), TInt32.class), tf.constant(1));
    }

    /**
     * h_T [-1, units] of one chain (rows sorted by padding, least first), in {@link #SEGMENTS} time segments: segment
     * k starts at the padding of the chain's row at quantile k/SEGMENTS, and the rows whose text starts within it
     * join the running rows there, from the trajectory's state at that step (their steps before that are padding
     * steps, so this is exact). One segment is the whole chain from its common padding.
     */
    private static Operand<TFloat32> lastHiddenState(Ops tf, ModelConfig c, NetworkParameters p, Operand<TFloat32> w,
            Operand<TFloat32> noPeephole, Operand<TInt32> ids, Operand<TInt32> padding, Trajectory trajectory) {
        int steps = c.maxLength();
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> one = tf.constant(new int[] {1});
        Operand<TInt32> rows = tf.size(padding);
        Operand<TInt32> idsByStep = tf.linalg.transpose(ids, tf.constant(new int[] {1, 0})); // [T, rows]
        // segment starts: the padding of the row at each quantile (non-decreasing); T for an empty chain
        Operand<TInt32> paddingOrEnd = tf.concat(List.of(padding, tf.constant(new int[] {steps})), zero);
        List<Operand<TInt32>> starts = new ArrayList<>();
        for (int k = 0; k < SEGMENTS; k++) {
            starts.add(tf.gather(paddingOrEnd, tf.math.floorDiv(tf.math.mul(rows, tf.constant(k)), tf.constant(SEGMENTS)), zero));
        }
        starts.add(tf.constant(steps));
        Operand<TFloat32> cs = tf.zeros(tf.constant(new int[] {0, c.units()}), TFloat32.class);
        Operand<TFloat32> h = cs;
        Operand<TInt32> running = zero;
        for (int k = 0; k < SEGMENTS; k++) {
            Operand<TInt32> from = tf.math.minimum(starts.get(k), tf.constant(steps));
            Operand<TInt32> length = tf.math.sub(starts.get(k + 1), from);
            // the rows whose text starts before the segment ends run in it: a prefix of the sorted rows
            Operand<TInt32> active = k == SEGMENTS - 1 ? rows
                    : tf.reduceSum(tf.dtypes.cast(tf.math.less(padding, starts.get(k + 1)), TInt32.class), zero);
            Operand<TInt32> tileRows = tf.concat(List.of(tf.reshape(tf.math.sub(active, running), one), one), zero);
            // the trajectory is as deep as the most padded row; no deeper start is looked up but an empty chain's
            Operand<TInt32> at = tf.math.minimum(from, trajectory.deepest());
            Operand<TFloat32> cs0 = tf.concat(List.of(cs, tf.tile(tf.gather(trajectory.cs(), at, zero), tileRows)), zero); // [active, H]
            Operand<TFloat32> h0 = tf.concat(List.of(h, tf.tile(tf.gather(trajectory.h(), at, zero), tileRows)), zero);
            Operand<TInt32> segmentIds = tf.slice(idsByStep, tf.stack(List.of(from, zero)), tf.stack(List.of(length, active))); // [L, active]
            Operand<TFloat32> x = tf.gather(p.embedding(), segmentIds, zero); // [L, active, E]
            GraphOperation block = blockLstm(tf, tf.dtypes.cast(length, TInt64.class), x, cs0, h0, w, noPeephole, p.bias());
            cs = lastStep(tf, cs0, block.output(1), length);
            h = lastStep(tf, h0, block.output(6), length);
            running = active;
        }
        return h;
    }

    /** The state after a segment: its last step's, or the state it started from when it ran no steps. */
    private static Operand<TFloat32> lastStep(Ops tf, Operand<TFloat32> initial, Operand<TFloat32> outputs, Operand<TInt32> length) {
        Operand<TInt32> zero = tf.constant(0);
        Operand<TInt32> ran = tf.math.minimum(length, tf.constant(1)); // 0 or 1
        // [ran, rows, H]: the last step alone (copying all steps would move megabytes for one row of them)
        Operand<TFloat32> last = tf.slice(outputs, tf.stack(List.of(tf.math.sub(length, ran), zero, zero)),
                tf.stack(List.of(ran, tf.constant(-1), tf.constant(-1))));
        Operand<TFloat32> both = tf.concat(List.of(tf.expandDims(initial, zero), last), zero);
        return tf.squeeze(tf.gather(both, tf.reshape(ran, tf.constant(new int[] {1})), zero),
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
