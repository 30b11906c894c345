package io.textlstm.model;

import java.util.Arrays;
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

    /** Logits [-1, outputUnits] for ids [-1, maxLength]. */
    public static Operand<TFloat32> logits(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        Operand<TFloat32> h = lastHiddenState(tf, c, p, ids);
        return tf.math.add(tf.linalg.matMul(h, p.denseKernel()), p.denseBias());
    }

    /** P(positive) [-1, 1] for a binary head, softmax [-1, K] otherwise. */
    public static Operand<TFloat32> probabilities(Ops tf, ModelConfig c, Operand<TFloat32> logits) {
        return c.binary() ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
    }

    /** h_T [-1, units] of the LSTM over the embedded ids. */
    static Operand<TFloat32> lastHiddenState(Ops tf, ModelConfig c, NetworkParameters p, Operand<TInt32> ids) {
        Gather<TFloat32> embedded = tf.gather(p.embedding(), ids, tf.constant(0)); // [B, T, E]
        Operand<TFloat32> timeMajor = tf.linalg.transpose(embedded, tf.constant(new int[] {1, 0, 2})); // [T, B, E]
        Operand<TInt32> batch = tf.reshape(
                tf.slice(tf.shape(ids), tf.constant(new int[] {0}), tf.constant(new int[] {1})), tf.constant(new int[] {1}));
        Operand<TFloat32> zeroState = tf.fill(tf.concat(java.util.List.of(batch, tf.constant(new int[] {c.units()})), tf.constant(0)),
                tf.constant(0f));
        Operand<TFloat32> noPeephole = tf.zeros(tf.constant(new int[] {c.units()}), TFloat32.class);
        Operand<TFloat32> w = tf.concat(Arrays.asList(p.kernel(), p.recurrentKernel()), tf.constant(0));
        Operand<TInt64> steps = tf.constant((long) c.maxLength());
        // TF Java's BlockLSTM class is BlockLSTMV2 (gate order i, f, c, o); V1 matches LSTMBlockCell's i, c, f, o.
        GraphOperation block = (GraphOperation) tf.scope().opBuilder("BlockLSTM", "BlockLSTM")
                .addInput(steps.asOutput())
                .addInput(timeMajor.asOutput())
                .addInput(zeroState.asOutput())
                .addInput(zeroState.asOutput())
                .addInput(w.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(noPeephole.asOutput())
                .addInput(p.bias().asOutput())
                .setAttr("forget_bias", 0f)
                .setAttr("cell_clip", -1f)
                .setAttr("use_peephole", false)
                .build();
        Operand<TFloat32> hAll = block.output(6); // [T, B, H]
        return tf.squeeze(tf.slice(hAll, tf.constant(new int[] {c.maxLength() - 1, 0, 0}), tf.constant(new int[] {1, -1, -1})),
                org.tensorflow.op.core.Squeeze.axis(java.util.List.of(0L)));
    }
}
