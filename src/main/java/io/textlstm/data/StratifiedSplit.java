package io.textlstm.data;

import io.textlstm.BadSettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Stratified, seeded hold-out split (used by {@code --test-fraction} and {@code --validation-split}).
 *
 * <p>For every class (in sorted label order) the record indices are shuffled with one {@code
 * java.util.Random(seed)} and {@code round(n * fraction)} of them, at least 1 and at most n - 1, are held out.
 * Both parts keep the input order. A class with fewer than 2 records cannot be split: {@link
 * BadInputException} naming it.
 */
public final class StratifiedSplit {

    /** The two parts: {@code kept} (e.g. train) and {@code heldOut} (e.g. test or validation). */
    public record Parts(List<LabeledText> kept, List<LabeledText> heldOut) {}

    private StratifiedSplit() {}

    /**
     * Splits {@code records}; {@code setting} ({@code "testFraction"}) and {@code source} name them in errors.
     */
    public static Parts split(List<LabeledText> records, double fraction, long seed, String setting, String source) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
        }
        Map<String, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) {
            byClass.computeIfAbsent(records.get(i).label(), l -> new ArrayList<>()).add(i);
        }
        boolean[] held = new boolean[records.size()];
        Random random = new Random(seed);
        for (Map.Entry<String, List<Integer>> e : byClass.entrySet()) {
            List<Integer> idx = e.getValue();
            int n = idx.size();
            if (n < 2) {
                throw new BadSettingException(setting, source + ": class '" + e.getKey() + "' has only " + n
                        + " record; a split of " + fraction
                        + " needs at least 2 per class (one on each side of the split)");
            }
            int k = (int) Math.max(1, Math.min(n - 1, Math.round(n * fraction)));
            Collections.shuffle(idx, random);
            for (int j = 0; j < k; j++) {
                held[idx.get(j)] = true;
            }
        }
        List<LabeledText> kept = new ArrayList<>();
        List<LabeledText> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            (held[i] ? out : kept).add(records.get(i));
        }
        return new Parts(kept, out);
    }
}
