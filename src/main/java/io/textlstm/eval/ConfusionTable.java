package io.textlstm.eval;

import java.util.List;
import java.util.Locale;

/** A confusion matrix as a plain-text table for a terminal: rows are true labels, columns predicted ones. */
public final class ConfusionTable {
    private ConfusionTable() {}

    /** The table's lines, a heading first; columns are as wide as the longest label (at least 8). */
    public static List<String> lines(int[][] confusion, List<String> labels) {
        int w = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(8) + 1);
        StringBuilder head = new StringBuilder(" ".repeat(w));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        List<String> lines = new java.util.ArrayList<>();
        lines.add("confusion matrix (rows: true, columns: predicted)");
        lines.add(head.toString());
        for (int i = 0; i < labels.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", labels.get(i)));
            for (int v : confusion[i]) {
                row.append(String.format(Locale.ROOT, "%" + w + "d", v));
            }
            lines.add(row.toString());
        }
        return lines;
    }
}
