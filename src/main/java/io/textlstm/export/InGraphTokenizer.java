package io.textlstm.export;

import io.textlstm.BadInputException;
import io.textlstm.data.DataSettings;
import io.textlstm.text.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.strings.Lower;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The tokenizer of docs/data.md as TensorFlow ops, so that a SavedModel takes raw text.
 *
 * <p>Steps, each mirroring the Java tokenizer:
 *
 * <ol>
 *   <li>NUL characters become {@code '#'}: {@code StringLower}'s ICU conversion stops at the first NUL, and both
 *       characters are non-token characters, so the result is the same;
 *   <li>{@code StringLower} with {@code encoding = "utf-8"} (ICU full case mapping; without the encoding the op
 *       lowercases ASCII only);
 *   <li>{@code StaticRegexReplace} (RE2) of {@link Tokenizer#HTML_BREAK_REGEX} by a space;
 *   <li>{@code StaticRegexReplace} of {@link Tokenizer#NON_TOKEN_REGEX} by a space (both regexes are shared with
 *       {@link Tokenizer}, which keeps them in the subset where RE2 and java.util.regex agree);
 *   <li>{@code StringSplitV2} with an empty separator: split on whitespace, no empty tokens;
 *   <li>vocabulary lookup (below), unknown words → 2;
 *   <li>prepend 1, keep the last {@code maxLength} ids, left-pad with 0 ({@code ScatterNd} into a zero matrix).
 * </ol>
 *
 * <p><b>Why a stateless lookup and no {@code HashTableV2}.</b> A hash table is state: it must be filled by an init
 * op that every loader runs after restoring the variables. TF Java's exporter registers no such op; adding one by
 * hand works for the C++ loader but is easy to get wrong (pointing it at TF Java's {@code Init} op silently
 * re-initialises the trained variables), and a table makes the graph depend on asset files being found at load
 * time. Instead the vocabulary is stored as three constants sorted by a 64-bit key: {@code Fingerprint}
 * ({@code farmhash64}) of the word, assembled into an int64 with shifts (independent of byte order). At run time
 * each token's key is located with {@code LowerBound} (binary search), and the candidate word is compared with the
 * token <em>as a string</em>: a hit gives that word's id, anything else gives 2. The string comparison makes the
 * lookup exact; the key only finds the candidate. Two vocabulary words with the same 64-bit key would make one of
 * them unreachable, so the build fails in that (astronomically unlikely) case. Nothing needs initialising, so
 * TF Serving, TF Java and Python TF load the graph with no init op and no extra step.
 */
public final class InGraphTokenizer {

    /** HTML line breaks: the Java tokenizer's own regex (written in the common subset of java.util.regex and RE2). */
    public static final String BR_PATTERN = Tokenizer.HTML_BREAK_REGEX;
    /** Runs of characters that are neither letters, digits nor apostrophes: the Java tokenizer's regex. */
    public static final String NON_TOKEN_PATTERN = Tokenizer.NON_TOKEN_REGEX;

    /** Padding id. */
    public static final int PAD = 0;
    /** Start marker, prepended to every sequence. */
    public static final int START = 1;
    /** Out-of-vocabulary id. */
    public static final int UNKNOWN = 2;
    /** Ids below this are reserved and never produced by a lookup. */
    public static final int FIRST_WORD_ID = 3;

    private final int maxLength;
    private final long[] sortedKeys;
    private final String[] sortedWords;
    private final int[] sortedIds;

    private InGraphTokenizer(int maxLength, long[] sortedKeys, String[] sortedWords, int[] sortedIds) {
        this.maxLength = maxLength;
        this.sortedKeys = sortedKeys;
        this.sortedWords = sortedWords;
        this.sortedIds = sortedIds;
    }

    /**
     * Prepares the lookup constants for {@code vocabulary} (index = id; ids 0, 1, 2 reserved).
     *
     * @throws BadInputException if the vocabulary has no words, an empty word, or a duplicate
     */
    public static InGraphTokenizer create(List<String> vocabulary, int maxLength) {
        DataSettings.requireMaxLength(maxLength);
        if (vocabulary.size() <= FIRST_WORD_ID) {
            throw new BadInputException("the vocabulary has no words (size " + vocabulary.size()
                    + "; ids 0, 1, 2 are <pad>, <start>, <unk>)");
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> words = new ArrayList<>(vocabulary.size() - FIRST_WORD_ID);
        for (int id = FIRST_WORD_ID; id < vocabulary.size(); id++) {
            String w = vocabulary.get(id);
            if (w == null || w.isEmpty()) {
                throw new BadInputException("vocabulary id " + id + " is empty");
            }
            Integer prev = seen.putIfAbsent(w, id);
            if (prev != null) {
                throw new BadInputException("vocabulary word '" + w + "' appears twice (ids " + prev + " and " + id + ")");
            }
            words.add(w);
        }
        long[] keys = computeKeys(words);
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> keys[i]));
        long[] sortedKeys = new long[keys.length];
        String[] sortedWords = new String[keys.length];
        int[] sortedIds = new int[keys.length];
        for (int i = 0; i < order.length; i++) {
            sortedKeys[i] = keys[order[i]];
            sortedWords[i] = words.get(order[i]);
            sortedIds[i] = order[i] + FIRST_WORD_ID;
            if (i > 0 && sortedKeys[i] == sortedKeys[i - 1]) {
                throw new IllegalStateException("vocabulary words '" + sortedWords[i - 1] + "' and '" + sortedWords[i]
                        + "' share a 64-bit fingerprint; the in-graph lookup cannot tell them apart");
            }
        }
        return new InGraphTokenizer(maxLength, sortedKeys, sortedWords, sortedIds);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Adds the tokenizer to {@code tf}: text [-1] → ids int32 [-1, maxLength]. */
    public Operand<TInt32> ids(Ops tf, Operand<TString> text) {
        Ops t = tf.withSubScope("tokenizer");
        // StringLower's ICU conversion stops at the first NUL byte; NUL is a non-token character anyway, so turn it
        // into another one ('#' is neither whitespace nor part of "<br>", so the line-break rule is unaffected)
        Operand<TString> noNul = t.strings.staticRegexReplace(text, "\\x00", "#");
        Operand<TString> lower = t.strings.lower(noNul, Lower.encoding("utf-8"));
        Operand<TString> noBreaks = t.strings.staticRegexReplace(lower, BR_PATTERN, " ");
        Operand<TString> spaced = t.strings.staticRegexReplace(noBreaks, NON_TOKEN_PATTERN, " ");
        var split = t.strings.stringSplit(spaced, t.constant(""));
        Operand<TString> tokens = split.values();
        Operand<TInt32> tokenIds = lookup(t.withSubScope("lookup"), tokens);

        Ops p = t.withSubScope("pad");
        Operand<TInt32> batch = p.gather(p.shape(text), p.constant(0), p.constant(0));
        Operand<TInt32> maxLen = p.constant(maxLength);
        // indices [N, 2] int64: (row, column) of each token
        Operand<TInt32> indices = p.dtypes.cast(split.indices(), TInt32.class);
        Operand<TInt32> rows = p.gather(indices, p.constant(0), p.constant(1));
        Operand<TInt32> cols = p.gather(indices, p.constant(1), p.constant(1));
        Operand<TInt32> counts = p.math.unsortedSegmentSum(p.onesLike(rows), rows, batch);
        // the last token of a row lands in column maxLength - 1
        Operand<TInt32> tokenPos = p.math.sub(maxLen, p.math.sub(p.gather(counts, rows, p.constant(0)), cols));
        Operand<TInt32> startPos = p.math.sub(p.math.sub(maxLen, counts), p.constant(1));
        Operand<TInt32> allRows = p.concat(List.of(rows, p.range(p.constant(0), batch, p.constant(1))), p.constant(0));
        Operand<TInt32> allPos = p.concat(List.of(tokenPos, startPos), p.constant(0));
        Operand<TInt32> allVals = p.concat(List.of(tokenIds, p.fill(p.expandDims(batch, p.constant(0)),
                p.constant(START))), p.constant(0));
        // ids that fall off the front (truncating='pre') become zeros added to column 0: ScatterNd sums duplicates
        Operand<TInt32> zero = p.constant(0);
        Operand<org.tensorflow.types.TBool> kept = p.math.greaterEqual(allPos, zero);
        Operand<TInt32> vals = p.select(kept, allVals, p.zerosLike(allVals));
        Operand<TInt32> pos = p.math.maximum(allPos, zero);
        Operand<TInt32> scatterIdx = p.stack(List.of(allRows, pos), org.tensorflow.op.core.Stack.axis(1L));
        Operand<TInt32> dense = p.scatterNd(scatterIdx, vals, p.stack(List.of(batch, maxLen)));
        return t.withName("ids").reshape(dense, t.constant(new int[] {-1, maxLength}));
    }

    private Operand<TInt32> lookup(Ops tf, Operand<TString> tokens) {
        int n = sortedKeys.length;
        Operand<TInt64> keys = fingerprintKeys(tf, tokens);
        Operand<TInt64> sorted = tf.withName("sorted_keys").constant(new long[][] {sortedKeys});
        Operand<TString> words = tf.withName("sorted_words").constant(NdArrays.vectorOfObjects(sortedWords));
        Operand<TInt32> ids = tf.withName("sorted_ids").constant(sortedIds);
        Operand<TInt32> pos = tf.reshape(tf.lowerBound(sorted, tf.expandDims(keys, tf.constant(0))),
                tf.constant(new int[] {-1}));
        Operand<TInt32> clamped = tf.math.minimum(pos, tf.constant(n - 1));
        Operand<TString> candidate = tf.gather(words, clamped, tf.constant(0));
        Operand<org.tensorflow.types.TBool> hit = tf.math.equal(candidate, tokens);
        Operand<TInt32> candidateIds = tf.gather(ids, clamped, tf.constant(0));
        return tf.select(hit, candidateIds, tf.fill(tf.shape(candidateIds), tf.constant(UNKNOWN)));
    }

    /** int64 key of each string: farmhash64 fingerprint bytes b0..b7 assembled as sum(b_i << 8i). */
    static Operand<TInt64> fingerprintKeys(Ops tf, Operand<TString> strings) {
        Operand<TUint8> bytes = tf.fingerprint(strings, tf.constant("farmhash64"));
        Operand<TInt64> wide = tf.dtypes.cast(bytes, TInt64.class);
        Operand<TInt64> shifted = tf.bitwise.leftShift(wide, tf.constant(new long[] {0, 8, 16, 24, 32, 40, 48, 56}));
        return tf.sum(shifted, tf.constant(1));
    }

    private static long[] computeKeys(List<String> words) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TInt64> keys = fingerprintKeys(tf, tf.constant(NdArrays.vectorOfObjects(words.toArray(new String[0]))));
            try (TInt64 out = (TInt64) s.runner().fetch(keys).run().get(0)) {
                long[] result = new long[words.size()];
                for (int i = 0; i < result.length; i++) {
                    result[i] = out.getLong(i);
                }
                return result;
            }
        }
    }
}
