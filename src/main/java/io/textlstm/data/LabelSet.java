package io.textlstm.data;

import io.textlstm.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ordered class labels of a dataset, taken from its TRAIN split (docs/data.md): {negative, positive},
 * {neg, pos} and {0, 1} map to 0/1; any other set is sorted ({@link String#compareTo}). Class id n is the
 * index into {@link #labels()} and line n (0-based) of {@code labels.txt}.
 */
public final class LabelSet {

    /** More distinct labels than this is taken for a wrong {@code --label-column}. */
    public static final int MAX_CLASSES = 1000;

    private static final List<List<String>> BINARY_PAIRS =
            List.of(List.of("negative", "positive"), List.of("neg", "pos"), List.of("0", "1"));

    private final List<String> labels;
    private final Map<String, Integer> ids;

    private LabelSet(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.ids = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            ids.put(labels.get(i), i);
        }
    }

    /** The label set of the training records; {@code source} names them in error messages. */
    public static LabelSet fromRecords(Collection<LabeledText> train, String source) {
        List<String> labels = new ArrayList<>(train.size());
        for (LabeledText t : train) {
            labels.add(t.label());
        }
        return fromLabels(labels, source);
    }

    /**
     * Builds and checks the label set of {@code trainLabels}: at least two classes, at most
     * {@value #MAX_CLASSES}, no empty label, no two labels equal up to case and surrounding whitespace.
     */
    public static LabelSet fromLabels(Collection<String> trainLabels, String source) {
        Set<String> distinct = new TreeSet<>();
        for (String l : trainLabels) {
            if (l == null || l.isEmpty()) {
                throw new BadInputException(source + ": empty label; every record needs a class label");
            }
            distinct.add(l);
        }
        if (distinct.isEmpty()) {
            throw new BadInputException(source + ": no records; expected labelled texts of at least two classes");
        }
        if (distinct.size() == 1) {
            throw new BadInputException(source + ": only one class ('" + distinct.iterator().next()
                    + "'); a classifier needs at least two different labels (is the label column right?)");
        }
        if (distinct.size() > MAX_CLASSES) {
            List<String> some = new ArrayList<>(distinct).subList(0, 3);
            throw new BadInputException(source + ": " + distinct.size() + " distinct labels (e.g. '"
                    + String.join("', '", some) + "'), more than " + MAX_CLASSES
                    + "; this looks like a text or id column: check the label column");
        }
        Map<String, String> normalized = new HashMap<>();
        for (String l : distinct) {
            String key = l.strip().toLowerCase(Locale.ROOT);
            String other = normalized.putIfAbsent(key, l);
            if (other != null) {
                throw new BadInputException(source + ": labels '" + other + "' and '" + l
                        + "' differ only by case or surrounding whitespace; make them identical or clearly different");
            }
        }
        for (List<String> pair : BINARY_PAIRS) {
            if (distinct.equals(new TreeSet<>(pair))) {
                return new LabelSet(pair);
            }
        }
        return new LabelSet(new ArrayList<>(distinct));
    }

    /**
     * Fails with a {@link BadInputException} naming {@code source} when a record of {@code other} (a test or
     * validation split) has a label that no record of {@code train} has.
     */
    public static void requireKnownLabels(List<LabeledText> train, List<LabeledText> other, String source) {
        Set<String> known = new HashSet<>();
        for (LabeledText t : train) {
            known.add(t.label());
        }
        for (LabeledText t : other) {
            if (!known.contains(t.label())) {
                throw new BadInputException(source + ": label '" + t.label() + "' does not occur in the training "
                        + "data (" + known.size() + " labels); expected only labels the model is trained on");
            }
        }
    }

    /** A label set in the given order (e.g. read back from a model); checks for duplicates only. */
    public static LabelSet ofOrdered(List<String> labels) {
        if (new LinkedHashSet<>(labels).size() != labels.size()) {
            throw new BadInputException("duplicate labels in " + labels);
        }
        return new LabelSet(labels);
    }

    /** The class id of {@code label}; a {@link BadInputException} naming it when the training data lacks it. */
    public int id(String label) {
        Integer id = ids.get(label);
        if (id == null) {
            throw new BadInputException("unknown label '" + label + "'; the training data has " + describe());
        }
        return id;
    }

    /** Whether {@code label} is one of the classes. */
    public boolean contains(String label) {
        return ids.containsKey(label);
    }

    public String label(int id) {
        if (id < 0 || id >= labels.size()) {
            throw new IndexOutOfBoundsException("class id " + id + " not in [0, " + labels.size() + ")");
        }
        return labels.get(id);
    }

    public int size() {
        return labels.size();
    }

    /** Labels by class id. */
    public List<String> labels() {
        return labels;
    }

    /** Writes {@code labels.txt}: UTF-8, line n = class n; atomically and durably. */
    public void save(Path labelsTxt) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : labels) {
            if (l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new BadInputException("label '" + l + "' contains a line break; labels.txt cannot hold it");
            }
            sb.append(l).append('\n');
        }
        io.textlstm.DurableFiles.write(labelsTxt, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code labels.txt} written by {@link #save}. */
    public static LabelSet load(Path labelsTxt) {
        List<String> lines = TextFiles.readLines(labelsTxt, "the labels");
        if (lines.size() < 2) {
            throw new BadInputException(labelsTxt + ": " + lines.size() + " label(s); expected one label per line, "
                    + "at least two");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                throw new BadInputException(labelsTxt + ": line " + (i + 1) + " is empty; expected a label");
            }
        }
        return ofOrdered(lines);
    }

    private String describe() {
        return labels.size() <= 20 ? labels.size() + " classes " + labels : labels.size() + " classes";
    }

    @Override
    public String toString() {
        return "LabelSet" + labels;
    }
}
