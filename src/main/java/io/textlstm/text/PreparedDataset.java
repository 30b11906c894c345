package io.textlstm.text;

import io.textlstm.Percentiles;
import io.textlstm.data.DataSettings;
import io.textlstm.data.LabelSet;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.data.VectorizedSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A dataset ready for training: vocabulary and labels from the TRAIN split, and every split tokenized,
 * encoded and padded (as {@link SequenceEncoder} does) into {@link VectorizedSplit}s, using all cores, deterministically.
 * Built by {@link #prepare}.
 *
 * @param name       the dataset's description, from {@link RawDataset#name()}
 * @param vocabulary built from the training split
 * @param labels     the classes of the training split
 * @param train      the training split
 * @param evaluation what to evaluate on each epoch: the validation split when one is held out, else the test split
 * @param test       the test split itself, also when {@code evaluation} is the validation split
 * @param validating whether {@code evaluation} is a validation split held out of train
 * @param stats      figures of the preparation
 */
public record PreparedDataset(String name, Vocabulary vocabulary, LabelSet labels, VectorizedSplit train,
        VectorizedSplit evaluation, VectorizedSplit test, boolean validating, PreparedDataset.Stats stats) {

    /** Figures of one split for the {@code data} report. Lengths are in tokens, without the start marker. */
    public record SplitStats(String name, int size, int[] classCounts, int p50, int p90, int p99, int max,
            long tokens, double truncatedShare) {}

    /**
     * Figures of the preparation.
     *
     * @param distinctTrainTokens distinct tokens in the training split
     * @param trainTokens tokens in the training split
     * @param coveredTrainTokens of those, tokens with their own id (not OOV) in the kept vocabulary
     * @param vocabularyMillis time to tokenize the training split and build the vocabulary
     * @param vectorizeMillis time to tokenize, encode and pad all splits
     */
    public record Stats(int distinctTrainTokens, long trainTokens, long coveredTrainTokens, long vocabularyMillis,
            long vectorizeMillis, List<SplitStats> splits) {
        /** Share of training tokens covered by the kept vocabulary. */
        public double coverage() {
            return trainTokens == 0 ? 0 : (double) coveredTrainTokens / trainTokens;
        }
    }

    /**
     * Builds the vocabulary (train only, {@link DataSettings#numWords()} ids) and vectorizes the splits
     * ({@link DataSettings#maxLength()} ids each).
     */
    public static PreparedDataset prepare(RawDataset raw, DataSettings o) {
        LabelSet labels = LabelSet.fromRecords(raw.train(), raw.name());
        long t0 = System.nanoTime();
        // Tokenize TRAIN once: every token gets a provisional id (first come, first served, so thread-dependent),
        // each text is kept as provisional ids, and counts come from those. Ranking and the final ids depend on
        // the counts and words only, so the result is deterministic.
        ConcurrentHashMap<String, Integer> provisional = new ConcurrentHashMap<>(1 << 17);
        AtomicInteger next = new AtomicInteger();
        List<LabeledText> trainRecords = raw.train();
        int[][] trainTokens = new int[trainRecords.size()][];
        IntStream.range(0, trainRecords.size()).parallel().forEach(i -> {
            List<String> tokens = Tokenizer.tokenize(trainRecords.get(i).text());
            int[] ids = new int[tokens.size()];
            for (int j = 0; j < ids.length; j++) {
                String t = tokens.get(j);
                Integer id = provisional.get(t);
                if (id == null) {
                    id = provisional.computeIfAbsent(t, k -> next.getAndIncrement());
                }
                ids[j] = id;
            }
            trainTokens[i] = ids;
        });
        long[] provisionalCounts = new long[next.get()];
        for (int[] ids : trainTokens) {
            for (int id : ids) {
                provisionalCounts[id]++;
            }
        }
        Map<String, Long> counts = new HashMap<>(provisional.size() * 2);
        provisional.forEach((word, id) -> counts.put(word, provisionalCounts[id]));
        Vocabulary vocabulary = Vocabulary.fromCounts(counts, o.numWords());
        int[] finalIds = new int[provisionalCounts.length];
        long total = 0;
        long covered = 0;
        for (Map.Entry<String, Integer> e : provisional.entrySet()) {
            int id = vocabulary.id(e.getKey());
            finalIds[e.getValue()] = id;
            long n = provisionalCounts[e.getValue()];
            total += n;
            if (id != Vocabulary.OOV_ID) {
                covered += n;
            }
        }
        long t1 = System.nanoTime();
        SequenceEncoder encoder = new SequenceEncoder(vocabulary, o.maxLength());
        List<SplitStats> splitStats = new ArrayList<>();
        VectorizedSplit train = vectorizeTokenized(trainRecords, trainTokens, finalIds, encoder, labels, splitStats);
        boolean validating = !raw.validation().isEmpty();
        VectorizedSplit validation =
                validating ? vectorize("validation", raw.validation(), encoder, labels, splitStats) : null;
        VectorizedSplit test = vectorize("test", raw.test(), encoder, labels, splitStats);
        long t2 = System.nanoTime();
        Stats stats = new Stats(counts.size(), total, covered, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                List.copyOf(splitStats));
        return new PreparedDataset(raw.name(), vocabulary, labels, train, validating ? validation : test, test,
                validating, stats);
    }

    /** Encodes row {@code i} of a split into {@code ids} from {@code offset} on; returns its length in tokens. */
    private interface RowEncoder {
        int encode(int i, int[] ids, int offset);
    }

    /** Validation and test: tokenizes each text and encodes it with {@code encoder}. */
    private static VectorizedSplit vectorize(String name, List<LabeledText> records, SequenceEncoder encoder,
            LabelSet labelSet, List<SplitStats> statsOut) {
        return vectorize(name, records, encoder.maxLength(), labelSet, statsOut, (i, ids, offset) -> {
            List<String> tokens = Tokenizer.tokenize(records.get(i).text());
            encoder.encodeInto(tokens, ids, offset);
            return tokens.size();
        });
    }

    /** Train: encodes the provisional ids of {@code tokens} via {@code finalIds} with {@link SequenceEncoder}'s padding. */
    private static VectorizedSplit vectorizeTokenized(List<LabeledText> records, int[][] tokens, int[] finalIds,
            SequenceEncoder encoder, LabelSet labelSet, List<SplitStats> statsOut) {
        return vectorize("train", records, encoder.maxLength(), labelSet, statsOut, (i, ids, offset) -> {
            int[] t = tokens[i];
            encoder.encodeInto(t.length, k -> finalIds[t[k]], ids, offset);
            return t.length;
        });
    }

    /** Encodes every row in parallel, labels it, and adds the split's figures to {@code statsOut}. */
    private static VectorizedSplit vectorize(String name, List<LabeledText> records, int maxLength, LabelSet labelSet,
            List<SplitStats> statsOut, RowEncoder rows) {
        int n = records.size();
        int[] ids = new int[Math.multiplyExact(n, maxLength)];
        int[] labels = new int[n];
        int[] lengths = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            lengths[i] = rows.encode(i, ids, i * maxLength);
            labels[i] = labelSet.id(records.get(i).label());
        });
        VectorizedSplit split = new VectorizedSplit(ids, labels, n, maxLength);
        statsOut.add(stats(name, split, lengths, labelSet));
        return split;
    }

    private static SplitStats stats(String name, VectorizedSplit split, int[] lengths, LabelSet labelSet) {
        int n = split.size();
        int maxLength = split.maxLength();
        long tokens = 0;
        int truncated = 0;
        for (int len : lengths) {
            tokens += len;
            if (len + 1 > maxLength) {
                truncated++;
            }
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        return new SplitStats(name, n, split.classCounts(labelSet.size()),
                Percentiles.nearestRank(sorted, 0.50), Percentiles.nearestRank(sorted, 0.90),
                Percentiles.nearestRank(sorted, 0.99), n == 0 ? 0 : sorted[n - 1], tokens,
                n == 0 ? 0 : (double) truncated / n);
    }
}
