package io.textlstm.text;

import io.textlstm.Percentiles;
import io.textlstm.data.DataOptions;
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
 */
public final class PreparedDataset {

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

    private final String name;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final VectorizedSplit train;
    private final VectorizedSplit evaluation;
    private final VectorizedSplit test;
    private final boolean validating;
    private final Stats stats;

    private PreparedDataset(String name, Vocabulary vocabulary, LabelSet labels, VectorizedSplit train,
            VectorizedSplit evaluation, VectorizedSplit test, boolean validating, Stats stats) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.train = train;
        this.evaluation = evaluation;
        this.test = test;
        this.validating = validating;
        this.stats = stats;
    }

    /** Builds the vocabulary (train only, {@code --num-words}) and vectorizes the splits ({@code --max-length}). */
    public static PreparedDataset prepare(RawDataset raw, DataOptions options) {
        DataOptions o = options.validate();
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

    private static VectorizedSplit vectorize(String name, List<LabeledText> records, SequenceEncoder encoder,
            LabelSet labelSet, List<SplitStats> statsOut) {
        int n = records.size();
        int maxLength = encoder.maxLength();
        int[] ids = new int[Math.multiplyExact(n, maxLength)];
        int[] labels = new int[n];
        int[] lengths = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            LabeledText r = records.get(i);
            List<String> tokens = Tokenizer.tokenize(r.text());
            lengths[i] = tokens.size();
            encoder.encodeInto(tokens, ids, i * maxLength);
            labels[i] = labelSet.id(r.label());
        });
        return finish(name, new VectorizedSplit(ids, labels, n, maxLength), lengths, labelSet, statsOut);
    }

    /** Train: encodes the provisional ids of {@code tokens} via {@code finalIds} with {@link SequenceEncoder}'s padding. */
    private static VectorizedSplit vectorizeTokenized(List<LabeledText> records, int[][] tokens, int[] finalIds,
            SequenceEncoder encoder, LabelSet labelSet, List<SplitStats> statsOut) {
        int n = records.size();
        int maxLength = encoder.maxLength();
        int[] ids = new int[Math.multiplyExact(n, maxLength)];
        int[] labels = new int[n];
        int[] lengths = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] t = tokens[i];
            lengths[i] = t.length;
            encoder.encodeInto(t.length, k -> finalIds[t[k]], ids, i * maxLength);
            labels[i] = labelSet.id(records.get(i).label());
        });
        return finish("train", new VectorizedSplit(ids, labels, n, maxLength), lengths, labelSet, statsOut);
    }

    private static VectorizedSplit finish(String name, VectorizedSplit split, int[] lengths, LabelSet labelSet,
            List<SplitStats> statsOut) {
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
        statsOut.add(new SplitStats(name, n, split.classCounts(labelSet.size()),
                Percentiles.nearestRank(sorted, 0.50), Percentiles.nearestRank(sorted, 0.90),
                Percentiles.nearestRank(sorted, 0.99), n == 0 ? 0 : sorted[n - 1], tokens,
                n == 0 ? 0 : (double) truncated / n));
        return split;
    }

    public String name() {
        return name;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public LabelSet labels() {
        return labels;
    }

    public VectorizedSplit train() {
        return train;
    }

    /** What to evaluate on each epoch: the validation split when {@code --validation-split} > 0, else the test split. */
    public VectorizedSplit evaluation() {
        return evaluation;
    }

    /** The test split itself, also when {@link #evaluation()} is the validation split. */
    public VectorizedSplit test() {
        return test;
    }

    /** Whether {@link #evaluation()} is a validation split held out of train. */
    public boolean validating() {
        return validating;
    }

    public Stats stats() {
        return stats;
    }
}
