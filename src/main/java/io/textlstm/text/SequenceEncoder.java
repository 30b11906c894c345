package io.textlstm.text;

import io.textlstm.data.DataSettings;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Text to a fixed-length id sequence, Keras semantics: the start marker 1, then the token ids
 * ({@link Vocabulary#OOV_ID} for unknown words), then {@code pad_sequences(padding='pre', truncating='pre')}:
 * longer sequences keep their last {@code maxLength} ids, shorter ones are left-padded with 0.
 */
public final class SequenceEncoder {

    private final Vocabulary vocabulary;
    private final int maxLength;

    public SequenceEncoder(Vocabulary vocabulary, int maxLength) {
        this.vocabulary = vocabulary;
        this.maxLength = DataSettings.requireMaxLength(maxLength);
    }

    public int maxLength() {
        return maxLength;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Start marker + ids of the tokens of {@code text}, unpadded. */
    public int[] ids(String text) {
        return ids(Tokenizer.tokenize(text));
    }

    /** Start marker + ids of {@code tokens}, unpadded. */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size() + 1];
        out[0] = Vocabulary.START_ID;
        for (int i = 0; i < tokens.size(); i++) {
            out[i + 1] = vocabulary.id(tokens.get(i));
        }
        return out;
    }

    /** The padded/truncated sequence of length {@code maxLength}. */
    public int[] encode(String text) {
        int[] row = new int[maxLength];
        encodeInto(Tokenizer.tokenize(text), row, 0);
        return row;
    }

    /**
     * Writes the padded sequence of {@code tokens} into {@code dest[offset .. offset+maxLength)} (which must
     * hold zeros); returns the unpadded length (start marker included).
     */
    public int encodeInto(List<String> tokens, int[] dest, int offset) {
        return encodeInto(tokens.size(), i -> vocabulary.id(tokens.get(i)), dest, offset);
    }

    /**
     * Writes the start marker and {@code tokenId(0 .. tokenCount)} into {@code dest[offset .. offset+maxLength)}
     * (which must hold zeros) with 'pre' padding and truncation; returns the unpadded length (start marker
     * included). Every text goes through here: {@link #encode}, and {@link PreparedDataset} with ids it already
     * looked up.
     */
    int encodeInto(int tokenCount, IntUnaryOperator tokenId, int[] dest, int offset) {
        int length = tokenCount + 1;
        // with truncating='pre' the kept ids are the last maxLength of [1, ids...]
        int skip = Math.max(0, length - maxLength);
        int pos = offset + Math.max(0, maxLength - length);
        for (int i = skip; i < length; i++) {
            dest[pos++] = i == 0 ? Vocabulary.START_ID : tokenId.applyAsInt(i - 1);
        }
        return length;
    }

    /** Keras {@code pad_sequences(seqs, maxlen=maxLength, padding='pre', truncating='pre', value=0)}. */
    public static int[][] padSequences(int[][] seqs, int maxLength) {
        DataSettings.requireMaxLength(maxLength);
        int[][] out = new int[seqs.length][];
        for (int s = 0; s < seqs.length; s++) {
            out[s] = padSequence(seqs[s], maxLength);
        }
        return out;
    }

    /** One row of {@link #padSequences}. */
    public static int[] padSequence(int[] seq, int maxLength) {
        int[] row = new int[maxLength];
        int n = Math.min(seq.length, maxLength);
        System.arraycopy(seq, seq.length - n, row, maxLength - n, n);
        return row;
    }
}
