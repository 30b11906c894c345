package io.textlstm.bench;

import io.textlstm.model.ModelConfig;

/**
 * Floating-point operations of the matrix products of one training step and of one review's inference, counted from
 * the model's shapes (a multiply-add is 2 FLOPs). Element-wise work (gate activations, dropout masks, Adam) is left
 * out: it is a few percent of the products and runs at memory speed, not at the FMA units' rate.
 *
 * <p>Per step of the recurrence the LSTM cell multiplies [B, E + H] by the stacked weights [E + H, 4H]: the input
 * projection (E rows) and the recurrence (H rows). The backward pass costs two products for each forward one: d h_{t-1}
 * and d x_t (data gradients) and the kernel and recurrent-kernel gradients, so it is twice the forward pass.
 *
 * @param inputProjection forward x_t · kernel over all steps
 * @param recurrence forward h_{t-1} · recurrent kernel over all steps
 * @param dense forward h_T · dense kernel
 * @param backward all products of the backward pass
 */
public record StepFlops(double inputProjection, double recurrence, double dense, double backward) {

    /** The training step of {@code batch} rows at the full length {@code c.maxLength()}. */
    public static StepFlops trainingStep(ModelConfig c, int batch) {
        double steps = c.maxLength();
        double gates = c.gateWidth();
        double input = 2 * batch * steps * c.embeddingDim() * gates;
        double recurrent = 2 * batch * steps * c.units() * gates;
        double dense = 2.0 * batch * c.units() * c.outputUnits();
        return new StepFlops(input, recurrent, dense, 2 * (input + recurrent + dense));
    }

    /** Inference of one review at the full length: the forward pass alone. */
    public static double inferencePerReview(ModelConfig c) {
        StepFlops one = trainingStep(c, 1);
        return one.forward();
    }

    public double forward() {
        return inputProjection + recurrence + dense;
    }

    public double total() {
        return forward() + backward;
    }
}
