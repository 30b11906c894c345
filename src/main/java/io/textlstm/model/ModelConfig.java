package io.textlstm.model;

import io.textlstm.BadSettingException;
import io.textlstm.data.DataSettings;

/**
 * Shape and regularization of the tutorial network: Embedding(numWords, embeddingDim) → LSTM(units) → Dense.
 *
 * <p>{@code numClasses} is the number of labels. The head follows from it unless set: two classes get one
 * sigmoid unit (Keras' binary head), more get a softmax over {@code numClasses} units; a two-class softmax is
 * available on request.
 *
 * @param numWords vocabulary size, ids in [0, numWords)
 * @param maxLength sequence length the LSTM is unrolled over
 * @param embeddingDim embedding width [32]
 * @param units LSTM units [100]
 * @param numClasses number of labels, at least 2
 * @param dropout Keras {@code dropout}: drop rate on the LSTM inputs x_t [0.2]
 * @param recurrentDropout Keras {@code recurrent_dropout}: drop rate on h_{t-1} [0.2]
 * @param head output layer [sigmoid for two classes, softmax otherwise]
 */
public record ModelConfig(
        int numWords, int maxLength, int embeddingDim, int units, int numClasses, float dropout, float recurrentDropout,
        Head head) {

    /** The output layer: Dense(1) + sigmoid with binary cross-entropy, or Dense(K) + softmax with sparse categorical. */
    public enum Head { SIGMOID, SOFTMAX }

    public ModelConfig {
        DataSettings.requireNumWords(numWords);
        DataSettings.requireMaxLength(maxLength);
        require(embeddingDim >= 1, "embeddingDim", "the embedding width must be at least 1, got " + embeddingDim);
        require(units >= 1, "units", "the number of LSTM units must be at least 1, got " + units);
        require(numClasses >= 2, "numClasses", "a classifier needs at least 2 classes, got " + numClasses);
        require(dropout >= 0 && dropout < 1, "dropout", "the dropout rate must be in [0, 1), got " + dropout);
        require(recurrentDropout >= 0 && recurrentDropout < 1, "recurrentDropout",
                "the recurrent dropout rate must be in [0, 1), got " + recurrentDropout);
        if (head == null) {
            head = numClasses == 2 ? Head.SIGMOID : Head.SOFTMAX;
        }
        require(head == Head.SOFTMAX || numClasses == 2, "head", "a sigmoid head needs exactly 2 classes, got " + numClasses);
    }

    /** The tutorial's model for a vocabulary of {@code numWords} and sequences of {@code maxLength}. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when the head is one sigmoid unit (two classes). */
    public boolean binary() {
        return head == Head.SIGMOID;
    }

    /** Width of the Dense output layer: 1 for binary, K otherwise. */
    public int outputUnits() {
        return binary() ? 1 : numClasses;
    }

    /** Width of the stacked LSTM gate pre-activations. */
    public int gateWidth() {
        return 4 * units;
    }

    /** The one place the ranges are checked; a front end names the setting as its user spells it. */
    private static void require(boolean ok, String setting, String message) {
        if (!ok) {
            throw new BadSettingException(setting, message);
        }
    }

    /** Builder with the tutorial's defaults. */
    public static final class Builder {
        private int numWords = DataSettings.DEFAULT_NUM_WORDS;
        private int maxLength = DataSettings.DEFAULT_MAX_LENGTH;
        private int embeddingDim = 32;
        private int units = 100;
        private int numClasses = 2;
        private float dropout = 0.2f;
        private float recurrentDropout = 0.2f;
        private Head head;

        public Builder numWords(int v) { numWords = v; return this; }
        public Builder maxLength(int v) { maxLength = v; return this; }
        public Builder embeddingDim(int v) { embeddingDim = v; return this; }
        public Builder units(int v) { units = v; return this; }
        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder dropout(float v) { dropout = v; return this; }
        public Builder recurrentDropout(float v) { recurrentDropout = v; return this; }
        /** null: decided by the number of classes. */
        public Builder head(Head v) { head = v; return this; }

        public ModelConfig build() {
            return new ModelConfig(numWords, maxLength, embeddingDim, units, numClasses, dropout, recurrentDropout, head);
        }
    }
}
