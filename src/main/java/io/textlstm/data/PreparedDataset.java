package io.textlstm.data;

import io.textlstm.text.SequenceEncoder;
import io.textlstm.text.Tokenizer;
import io.textlstm.text.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A dataset ready for training: vocabulary and labels from the TRAIN split, and every split tokenized,
 * encoded and padded ({@link SequenceEncoder}) into {@link VectorizedSplit}s, using all cores, deterministically.
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
    private final VectorizedSplit test;
    private final VectorizedSplit heldOutTest;
    private final boolean validating;
    private final Stats stats;

    private PreparedDataset(String name, Vocabulary vocabulary, LabelSet labels, VectorizedSplit train,
            VectorizedSplit test, VectorizedSplit heldOutTest, boolean validating, Stats stats) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.train = train;
        this.test = test;
        this.heldOutTest = heldOutTest;
        this.validating = validating;
        this.stats = stats;
    }

    /** Builds the vocabulary (train only, {@code --num-words}) and vectorizes the splits ({@code --max-length}). */
    public static PreparedDataset prepare(RawDataset raw, DataOptions options) {
        DataOptions o = options.validate();
        LabelSet labels = LabelSet.fromRecords(raw.train(), raw.name());
        long t0 = System.nanoTime();
        List<String> trainTexts = raw.train().stream().map(LabeledText::text).toList();
        Map<String, Long> counts = Vocabulary.countTokens(trainTexts);
        Vocabulary vocabulary = Vocabulary.fromCounts(counts, o.numWords());
        long total = 0;
        long covered = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            total += e.getValue();
            if (vocabulary.contains(e.getKey())) {
                covered += e.getValue();
            }
        }
        long t1 = System.nanoTime();
        SequenceEncoder encoder = new SequenceEncoder(vocabulary, o.maxLength());
        List<SplitStats> splitStats = new ArrayList<>();
        VectorizedSplit train = vectorize("train", raw.train(), encoder, labels, splitStats);
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
        VectorizedSplit split = new VectorizedSplit(ids, labels, n, maxLength);
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
        statsOut.add(new SplitStats(name, n, split.classCounts(labelSet.size()), percentile(sorted, 0.50),
                percentile(sorted, 0.90), percentile(sorted, 0.99), n == 0 ? 0 : sorted[n - 1], tokens,
                n == 0 ? 0 : (double) truncated / n));
        return split;
    }

    /** Nearest-rank percentile of sorted values (0 when empty). */
    static int percentile(int[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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
    public VectorizedSplit test() {
        return test;
    }

    /** The test split itself, also when {@link #test()} is the validation split. */
    public VectorizedSplit heldOutTest() {
        return heldOutTest;
    }

    /** Whether {@link #test()} is a validation split held out of train. */
    public boolean validating() {
        return validating;
    }

    public Stats stats() {
        return stats;
    }
}
