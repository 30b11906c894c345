package io.textlstm.cli;

import io.textlstm.BadInputException;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.data.DataOptions;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.data.RawDataset;
import io.textlstm.train.ClassificationMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code textlstm evaluate}: the metrics of docs/model.md of an exported SavedModel on any supported dataset, computed
 * through the raw-text signature exactly as a server would answer.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a SavedModel on a dataset split (raw text through serving_default): loss, accuracy, "
                + "precision, recall, F1, ROC AUC (binary) and the confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "SavedModel base path or version folder.")
    Path model;

    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", description = "test, train or all (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--batch-size", defaultValue = "500", description = "Texts per call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!List.of("test", "train", "all").contains(split)) {
            throw new BadInputException("--split must be test, train or all, got '" + split + "'");
        }
        if (batchSize < 1) {
            throw new BadInputException("--batch-size must be positive, got " + batchSize);
        }
        try (TextClassifier classifier = TextClassifier.load(model)) {
            RawDataset raw = DatasetLoader.load(data);
            List<LabeledText> records = new ArrayList<>();
            if (!split.equals("test")) {
                records.addAll(raw.train());
                records.addAll(raw.validation());
            }
            if (!split.equals("train")) {
                records.addAll(raw.test());
            }
            if (records.isEmpty()) {
                throw new BadInputException("the " + split + " split of " + raw.name() + " is empty");
            }
            List<String> labels = classifier.labels();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                ids.put(labels.get(i), i);
            }
            int[] truth = new int[records.size()];
            for (int i = 0; i < records.size(); i++) {
                Integer id = ids.get(records.get(i).label());
                if (id == null) {
                    throw new BadInputException("record " + (i + 1) + " of the " + split + " split has label '"
                            + records.get(i).label() + "', which the model does not know (its labels: " + labels + ")");
                }
                truth[i] = id;
            }
            long t0 = System.nanoTime();
            int width = -1;
            float[] probabilities = null;
            for (int from = 0; from < records.size(); from += batchSize) {
                int to = Math.min(records.size(), from + batchSize);
                List<String> texts = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    texts.add(records.get(i).text());
                }
                List<Prediction> predictions = classifier.predict(texts);
                for (int i = 0; i < predictions.size(); i++) {
                    float[] p = predictions.get(i).probabilities();
                    if (probabilities == null) {
                        width = p.length;
                        probabilities = new float[records.size() * width];
                    }
                    System.arraycopy(p, 0, probabilities, (from + i) * width, width);
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ClassificationMetrics m = ClassificationMetrics.compute(probabilities, truth, Math.max(2, labels.size()));
            out.printf(Locale.ROOT, "%s, %s split: %d records in %.1fs (%.0f reviews/s)%n", raw.name(), split, records.size(),
                    seconds, records.size() / seconds);
            out.printf(Locale.ROOT, "loss %.4f  accuracy %.2f%%  precision %.4f  recall %.4f  F1 %.4f%s%n", m.loss(),
                    100 * m.accuracy(), m.precision(), m.recall(), m.f1(),
                    Double.isNaN(m.rocAuc()) ? "" : String.format(Locale.ROOT, "  ROC AUC %.4f", m.rocAuc()));
            printConfusion(out, m, labels);
            out.flush();
            return 0;
        }
    }

    static void printConfusion(PrintWriter out, ClassificationMetrics m, List<String> labels) {
        out.println("confusion matrix (rows: true, columns: predicted)");
        int w = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(8) + 1);
        StringBuilder head = new StringBuilder(" ".repeat(w));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        out.println(head);
        for (int i = 0; i < labels.size(); i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + w + "s", labels.get(i)));
            for (int v : m.confusion()[i]) {
                row.append(String.format(Locale.ROOT, "%" + w + "d", v));
            }
            out.println(row);
        }
    }
}
