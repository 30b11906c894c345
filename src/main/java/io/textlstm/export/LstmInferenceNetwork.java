package io.textlstm.export;

import io.textlstm.model.GraphVariables;
import io.textlstm.model.LstmNetwork;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.model.NetworkParameters;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The trained LSTM classifier as an export fragment: the same {@link LstmNetwork} inference graph that
 * evaluation uses during training, with the trained weights in {@code VariableV2}s.
 */
public final class LstmInferenceNetwork implements InferenceNetwork {
    private final ModelConfig config;
    private final ModelWeights weights;
    private GraphVariables variables;

    public LstmInferenceNetwork(ModelConfig config, ModelWeights weights) {
        this.config = config;
        this.weights = weights;
    }

    @Override
    public Operand<TFloat32> probabilities(Ops tf, Operand<TInt32> ids) {
        variables = new GraphVariables(tf);
        ModelWeights.shapes(config).forEach(variables::create);
        NetworkParameters params = new NetworkParameters(
                variables.read(ModelWeights.EMBEDDING), variables.read(ModelWeights.KERNEL),
                variables.read(ModelWeights.RECURRENT_KERNEL), variables.read(ModelWeights.BIAS),
                variables.read(ModelWeights.DENSE_KERNEL), variables.read(ModelWeights.DENSE_BIAS));
        return LstmNetwork.probabilities(tf, config, LstmNetwork.logits(tf, config, params, ids));
    }

    @Override
    public void restoreWeights(Session session) {
        if (variables == null) {
            throw new IllegalStateException("probabilities() must build the graph before weights are restored");
        }
        variables.load(session, weights.asMap());
    }
}
