package io.textlstm.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Squeeze;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.LSTMBlockCell;
import org.tensorflow.op.nn.LSTMBlockCellGrad;
import org.tensorflow.op.nn.SparseSoftmaxCrossEntropyWithLogits;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Forward pass with Keras dropout and its exact backward pass (backpropagation through time), written out as
 * graph ops rather than taken from {@code Graph.addGradients}.
 *
 * <p>Why by hand: the fused {@code LSTMBlockCell} has no registered C++ gradient, and the composite cell's
 * generated gradient costs tens of ops per step. Here each step is one {@code LSTMBlockCell} forward and one
 * {@code LSTMBlockCellGrad} + one small MatMul backward; the weight gradients over all 500 steps are two large
 * MatMuls at the end. A numeric gradient check (test) guards the derivation.
 *
 * <p>Dropout follows Keras' LSTM: one input mask [batch, embeddingDim] and one recurrent mask [batch, units]
 * per batch, applied at every step to x_t and h_{t-1}, already scaled by 1/(1-p). The masks are fed from Java
 * (see {@code DropoutMasks}), which makes a seeded run and a resumed run reproduce the same masks.
 *
 * <p>The batch is cut into contiguous slices, one per chain: each chain is an independent forward and backward
 * pass over its slice, and their gradients are summed. The 500-step recurrence is a long run of small ops that one
 * core runs in order; independent chains let TF's inter-op pool keep every core busy. The math is the same as one
 * chain.
 */
public final class TrainingGraph {
    /** The placeholders of one batch slice. */
    public record ChainInputs(
            Placeholder<TInt32> ids,
            Placeholder<TInt32> labels,
            Placeholder<TFloat32> sampleWeights,
            Placeholder<TFloat32> inputMask,
            Placeholder<TFloat32> recurrentMask) {}

    /**
     * Per chain: ids [-1, maxLength], class ids [-1], per-sample loss weights [-1], input dropout mask
     * [-1, embeddingDim] and recurrent mask [-1, units] (values 0 or 1/(1-p)).
     */
    public final List<ChainInputs> chains;
    /**
     * Rows in the whole batch (float scalar), the divisor of the mean loss. Fed rather than counted from the chains'
     * inputs, because a chain that gets no rows of a small batch is fed one row of sample weight 0 (TF's LSTM cell
     * rejects an empty batch), which must not count.
     */
    public final Placeholder<TFloat32> batchSize;
    /** Mean weighted cross-entropy of the whole batch (scalar). */
    public final Operand<TFloat32> loss;
    /** Logits [-1, outputUnits] of the whole batch in chain order, computed with dropout. */
    public final Operand<TFloat32> logits;
    /** d loss / d weight, in {@link ModelWeights#NAMES} order. */
    public final List<Operand<TFloat32>> gradients;

    public TrainingGraph(Ops tf, ModelConfig c, NetworkParameters p, int chainCount) {
        if (chainCount < 1) {
            throw new IllegalArgumentException("chains must be positive, got " + chainCount);
        }
        List<ChainInputs> inputs = new ArrayList<>();
        for (int k = 0; k < chainCount; k++) {
            inputs.add(new ChainInputs(
                    tf.withName("train_ids_" + k).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, c.maxLength()))),
                    tf.withName("train_labels_" + k).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))),
                    tf.withName("train_sample_weights_" + k).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1))),
                    tf.withName("train_input_mask_" + k).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c.embeddingDim()))),
                    tf.withName("train_recurrent_mask_" + k).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, c.units())))));
        }
        chains = List.copyOf(inputs);
        batchSize = tf.withName("train_batch_size").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> w = tf.concat(Arrays.asList(p.kernel(), p.recurrentKernel()), tf.constant(0)); // [E+H, 4H]
        List<Operand<TFloat32>> lossSums = new ArrayList<>();
        List<Operand<TFloat32>> chainLogits = new ArrayList<>();
        List<List<Operand<TFloat32>>> chainGradients = new ArrayList<>();
        for (int k = 0; k < chains.size(); k++) {
            Chain chain = new Chain(tf, k, c, p, w, chains.get(k), batchSize);
            lossSums.add(chain.weightedLossSum);
            chainLogits.add(chain.logits);
            chainGradients.add(chain.gradients);
        }
        loss = tf.withName("train_loss").math.div(sum(tf, lossSums), batchSize);
        logits = chainLogits.size() == 1 ? chainLogits.get(0) : tf.concat(chainLogits, tf.constant(0));
        List<Operand<TFloat32>> total = new ArrayList<>();
        for (int i = 0; i < ModelWeights.NAMES.size(); i++) {
            List<Operand<TFloat32>> parts = new ArrayList<>();
            for (List<Operand<TFloat32>> g : chainGradients) {
                parts.add(g.get(i));
            }
            total.add(sum(tf, parts));
        }
        gradients = List.copyOf(total);
    }

    private static Operand<TFloat32> sum(Ops tf, List<Operand<TFloat32>> parts) {
        return parts.size() == 1 ? parts.get(0) : tf.math.addN(parts);
    }

    /** Forward and backward of one batch slice; gradients are of (sum of its weighted losses) / batchSize. */
    private static final class Chain {
        final Operand<TFloat32> weightedLossSum;
        final Operand<TFloat32> logits;
        final List<Operand<TFloat32>> gradients;

        Chain(Ops outer, int k, ModelConfig c, NetworkParameters p, Operand<TFloat32> w, ChainInputs in, Operand<TFloat32> batchSize) {
            int steps = c.maxLength();
            // ---- forward ---------------------------------------------------------------------------
            // ops are named by phase (forward0/..., backward0/...) so a profile can tell them apart
            Ops tf = outer.withSubScope("forward" + k);
            Operand<TInt32> timeMajorIds = tf.linalg.transpose(in.ids(), tf.constant(new int[] {1, 0})); // [T, B]
            Operand<TFloat32> x = tf.gather(p.embedding(), timeMajorIds, tf.constant(0)); // [T, B, E]
            Operand<TFloat32> xm = tf.math.mul(x, in.inputMask()); // broadcast [B, E] over T
            Operand<TFloat32> zeros = tf.zerosLike(in.recurrentMask()); // [B, H]
            Operand<TFloat32> noPeephole = tf.zeros(tf.constant(new int[] {c.units()}), TFloat32.class);
            List<Operand<TFloat32>> xs = new ArrayList<>(tf.unstack(xm, (long) steps).output());

            List<Operand<TFloat32>> hPrevMasked = new ArrayList<>(steps); // h_{t-1} * mask: the cell's h_prev
            List<Operand<TFloat32>> cPrev = new ArrayList<>(steps);
            List<LSTMBlockCell<TFloat32>> cells = new ArrayList<>(steps);
            Operand<TFloat32> h = zeros;
            Operand<TFloat32> cs = zeros;
            for (int t = 0; t < steps; t++) {
                Operand<TFloat32> hm = t == 0 ? zeros : tf.math.mul(h, in.recurrentMask());
                LSTMBlockCell<TFloat32> cell = LSTMBlockCell.create(tf.scope(), xs.get(t), cs, hm, w,
                        noPeephole, noPeephole, noPeephole, p.bias(),
                        LSTMBlockCell.forgetBias(0f), LSTMBlockCell.cellClip(-1f), LSTMBlockCell.usePeephole(false));
                hPrevMasked.add(hm);
                cPrev.add(cs);
                cells.add(cell);
                h = cell.h();
                cs = cell.cs();
            }
            logits = tf.math.add(tf.linalg.matMul(h, p.denseKernel()), p.denseBias());

            // ---- loss and d loss / d logits ----------------------------------------------------------
            tf = outer.withSubScope("loss" + k);
            Operand<TFloat32> perSample; // [B]
            Operand<TFloat32> dLogits; // [B, K'] before weighting and averaging
            if (c.binary()) {
                Operand<TFloat32> z = tf.squeeze(logits, Squeeze.axis(List.of(1L)));
                Operand<TFloat32> y = tf.dtypes.cast(in.labels(), TFloat32.class);
                // max(z, 0) - z*y + log(1 + exp(-|z|)): the overflow-free form of sigmoid cross-entropy
                perSample = tf.math.add(tf.math.sub(tf.math.maximum(z, tf.constant(0f)), tf.math.mul(z, y)),
                        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(z)))));
                dLogits = tf.expandDims(tf.math.sub(tf.math.sigmoid(z), y), tf.constant(1));
            } else {
                SparseSoftmaxCrossEntropyWithLogits<TFloat32> xent = tf.nn.sparseSoftmaxCrossEntropyWithLogits(logits, in.labels());
                perSample = xent.loss();
                dLogits = xent.backprop();
            }
            weightedLossSum = tf.reduceSum(tf.math.mul(perSample, in.sampleWeights()), tf.constant(0));
            Operand<TFloat32> dz = tf.math.div(tf.math.mul(dLogits, tf.expandDims(in.sampleWeights(), tf.constant(1))), batchSize);

            // ---- backward --------------------------------------------------------------------------
            tf = outer.withSubScope("backward" + k);
            Operand<TFloat32> dDenseKernel = tf.linalg.matMul(h, dz, MatMul.transposeA(true));
            Operand<TFloat32> dDenseBias = tf.reduceSum(dz, tf.constant(0));
            Operand<TFloat32> dh = tf.linalg.matMul(dz, p.denseKernel(), MatMul.transposeB(true));
            Operand<TFloat32> dcs = zeros;
            List<Operand<TFloat32>> dGates = new ArrayList<>(java.util.Collections.nCopies(steps, null));
            for (int t = steps - 1; t >= 0; t--) {
                LSTMBlockCell<TFloat32> cell = cells.get(t);
                LSTMBlockCellGrad<TFloat32> grad = LSTMBlockCellGrad.create(tf.scope(), xs.get(t), cPrev.get(t),
                        hPrevMasked.get(t), w, noPeephole, noPeephole, noPeephole, p.bias(),
                        cell.i(), cell.cs(), cell.f(), cell.o(), cell.ci(), cell.co(), dcs, dh, false);
                dGates.set(t, grad.dicfo()); // d pre-activations [B, 4H]
                dcs = grad.csPrevGrad();
                if (t > 0) {
                    dh = tf.math.mul(tf.linalg.matMul(grad.dicfo(), p.recurrentKernel(), MatMul.transposeB(true)),
                            in.recurrentMask());
                }
            }
            // Weight gradients summed over time as single large products: [E|H, T*B] x [T*B, 4H].
            Operand<TFloat32> dGatesAll = tf.reshape(tf.stack(dGates), tf.constant(new int[] {-1, c.gateWidth()}));
            Operand<TFloat32> xmAll = tf.reshape(xm, tf.constant(new int[] {-1, c.embeddingDim()}));
            Operand<TFloat32> hmAll = tf.reshape(tf.stack(hPrevMasked), tf.constant(new int[] {-1, c.units()}));
            Operand<TFloat32> dKernel = tf.linalg.matMul(xmAll, dGatesAll, MatMul.transposeA(true));
            Operand<TFloat32> dRecurrent = tf.linalg.matMul(hmAll, dGatesAll, MatMul.transposeA(true));
            Operand<TFloat32> dBias = tf.reduceSum(dGatesAll, tf.constant(0));
            // d x_t = (dGates · kernelᵀ) * mask, scattered onto the embedding rows the ids picked.
            Operand<TFloat32> dxm = tf.linalg.matMul(dGatesAll, p.kernel(), MatMul.transposeB(true)); // [T*B, E]
            Operand<TFloat32> dx = tf.reshape(
                    tf.math.mul(tf.reshape(dxm, tf.constant(new int[] {steps, -1, c.embeddingDim()})), in.inputMask()),
                    tf.constant(new int[] {-1, c.embeddingDim()}));
            Operand<TFloat32> dEmbedding = tf.math.unsortedSegmentSum(dx,
                    tf.reshape(timeMajorIds, tf.constant(new int[] {-1})), tf.constant(c.numWords()));
            gradients = List.of(dEmbedding, dKernel, dRecurrent, dBias, dDenseKernel, dDenseBias);
        }
    }
}
