package io.textlstm.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records a source had to skip (empty text, for example): counts by reason, with a few file:line examples. */
public final class SkipReport {

    /** How many examples are kept per reason. */
    public static final int MAX_EXAMPLES = 3;

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, List<String>> examples = new LinkedHashMap<>();

    /** Counts one skipped record; {@code where} is e.g. {@code "data.csv:17"}. */
    public synchronized void skip(String reason, String where) {
        counts.merge(reason, 1, Integer::sum);
        List<String> ex = examples.computeIfAbsent(reason, r -> new ArrayList<>());
        if (ex.size() < MAX_EXAMPLES) {
            ex.add(where);
        }
    }

    /** Adds the counts and examples of {@code other}. */
    public synchronized SkipReport addAll(SkipReport other) {
        other.counts.forEach((reason, n) -> {
            counts.merge(reason, n, Integer::sum);
            List<String> ex = examples.computeIfAbsent(reason, r -> new ArrayList<>());
            for (String w : other.examples.getOrDefault(reason, List.of())) {
                if (ex.size() < MAX_EXAMPLES) {
                    ex.add(w);
                }
            }
        });
        return this;
    }

    /** Skipped records by reason, in the order the reasons were first seen. */
    public synchronized Map<String, Integer> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** Up to {@link #MAX_EXAMPLES} locations ({@code file:line} or {@code file record n}) for {@code reason}. */
    public synchronized List<String> examples(String reason) {
        return List.copyOf(examples.getOrDefault(reason, List.of()));
    }

    public synchronized int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    /** One line per reason: {@code 3 empty text (e.g. data.csv:4, data.csv:9)}; "none" when nothing was skipped. */
    @Override
    public synchronized String toString() {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((reason, n) -> {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(n).append(' ').append(reason).append(" (e.g. ")
                    .append(String.join(", ", examples.get(reason))).append(n > MAX_EXAMPLES ? ", ..." : "")
                    .append(')');
        });
        return sb.toString();
    }
}
