package io.textlstm.export;

import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A small real network for the export tests: mean of embeddings → Dense → sigmoid (K = 1) or softmax (K > 1),
 * with fixed pseudo-random weights. Follows the {@link InferenceNetwork} rules (VariableV2, weights fed through
 * placeholders).
 */
public final class StandInNetwork implements InferenceNetwork {
    private final int vocabSize;
    private final int dim;
    private final int outputs;
    private final float[][] embedding;
    private final float[][] kernel;
    private final float[] bias;

    private Placeholder<TFloat32> embeddingIn;
    private Placeholder<TFloat32> kernelIn;
    private Placeholder<TFloat32> biasIn;
    private Assign<TFloat32> assignEmbedding;
    private Assign<TFloat32> assignKernel;
    private Assign<TFloat32> assignBias;

    public StandInNetwork(int vocabSize, int dim, int outputs, long seed) {
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.outputs = outputs;
        Random r = new Random(seed);
        embedding = new float[vocabSize][dim];
        for (float[] row : embedding) {
            for (int j = 0; j < dim; j++) {
                row[j] = (r.nextFloat() - 0.5f) * 2f;
            }
        }
        kernel = new float[dim][outputs];
        for (float[] row : kernel) {
            for (int j = 0; j < outputs; j++) {
                row[j] = (r.nextFloat() - 0.5f) * 4f;
            }
        }
        bias = new float[outputs];
        for (int j = 0; j < outputs; j++) {
            bias[j] = (r.nextFloat() - 0.5f) * 0.2f;
        }
    }

    @Override
    public Operand<TFloat32> probabilities(Ops tf, Operand<TInt32> ids) {
        Variable<TFloat32> emb = tf.withName("embedding").variable(Shape.of(vocabSize, dim), TFloat32.class);
        Variable<TFloat32> w = tf.withName("kernel").variable(Shape.of(dim, outputs), TFloat32.class);
        Variable<TFloat32> b = tf.withName("bias").variable(Shape.of(outputs), TFloat32.class);
        Ops restore = tf.withSubScope("restore");
        embeddingIn = restore.placeholder(TFloat32.class, Placeholder.shape(Shape.of(vocabSize, dim)));
        kernelIn = restore.placeholder(TFloat32.class, Placeholder.shape(Shape.of(dim, outputs)));
        biasIn = restore.placeholder(TFloat32.class, Placeholder.shape(Shape.of(outputs)));
        assignEmbedding = restore.assign(emb, embeddingIn);
        assignKernel = restore.assign(w, kernelIn);
        assignBias = restore.assign(b, biasIn);

        Operand<TFloat32> vectors = tf.gather(emb, ids, tf.constant(0));
        Operand<TFloat32> mean = tf.math.mean(vectors, tf.constant(1));
        Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(mean, w), b);
        return outputs == 1 ? tf.math.sigmoid(logits) : tf.nn.softmax(logits);
    }

    @Override
    public void restoreWeights(Session session) {
        try (TFloat32 e = TFloat32.tensorOf(StdArrays.ndCopyOf(embedding));
                TFloat32 k = TFloat32.tensorOf(StdArrays.ndCopyOf(kernel));
                TFloat32 bb = TFloat32.vectorOf(bias)) {
            session.runner()
                    .feed(embeddingIn, e).feed(kernelIn, k).feed(biasIn, bb)
                    .addTarget(assignEmbedding).addTarget(assignKernel).addTarget(assignBias)
                    .run();
        }
    }
}
