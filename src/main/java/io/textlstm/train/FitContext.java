package io.textlstm.train;

import io.textlstm.model.ModelWeights;
import java.util.List;
import java.util.Map;

/** What a {@link TrainingListener} may see and do while {@link Trainer#fit} runs. */
public interface FitContext {

    /** Epochs the run is configured for. */
    int epochs();

    /** The completed epochs so far, including those of the run a resume continues. */
    List<EpochRecord> history();

    /** The current model weights. */
    ModelWeights weights();

    /** Weights and optimizer state: everything a resumed run needs to continue bit for bit. */
    Map<String, float[]> state();

    /** Puts back the weights of a completed epoch; the fit then reports that epoch's evaluation as final. */
    void restoreWeights(int epoch, Map<String, float[]> weights);

    /** Ends training after the current epoch (Keras' {@code model.stop_training = True}). */
    void stopTraining();

    /** Sends a line for the user to every listener. */
    void message(String text);
}
