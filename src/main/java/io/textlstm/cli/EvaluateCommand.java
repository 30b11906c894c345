package io.textlstm.cli;

import io.textlstm.client.TextClassifier;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.eval.ClassificationMetrics;
import io.textlstm.eval.ConfusionTable;
import io.textlstm.eval.Evaluation;
import io.textlstm.eval.EvaluationSplit;
import io.textlstm.eval.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code textlstm evaluate}: the metrics of docs/model.md of an exported SavedModel on any supported dataset, computed
 * through the raw-text signature exactly as a server would answer ({@link Evaluator}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a SavedModel on a dataset split "
        + "(raw text through serving_default): loss, accuracy, precision, recall, F1, ROC AUC (binary) and the confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "SavedModel base path or version folder.")
    Path model;

    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", converter = SplitConverter.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EvaluationSplit split;

    @Option(names = "--batch-size", defaultValue = "" + Evaluator.DEFAULT_BATCH_SIZE, description = "Texts per call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Evaluator evaluator = new Evaluator(batchSize);
        DataSettings settings = data.settings();
        Evaluation e;
        try (TextClassifier classifier = TextClassifier.load(model)) {
            e = evaluator.evaluate(classifier, DatasetLoader.load(settings, TextLstm.noticesTo(spec.commandLine().getErr())), split);
        }
        ClassificationMetrics m = e.metrics();
        out.printf(Locale.ROOT, "%s, %s split: %d records in %.1fs (%.0f reviews/s)%n", e.dataset(), e.split(), e.records(),
                e.seconds(), e.recordsPerSecond());
        out.printf(Locale.ROOT, "loss %.4f  accuracy %.2f%%  precision %.4f  recall %.4f  F1 %.4f%s%n", m.loss(),
                100 * m.accuracy(), m.precision(), m.recall(), m.f1(),
                Double.isNaN(m.rocAuc()) ? "" : String.format(Locale.ROOT, "  ROC AUC %.4f", m.rocAuc()));
        ConfusionTable.lines(m.confusion(), e.labels()).forEach(out::println);
        out.flush();
        return 0;
    }

    static final class SplitConverter extends ChoiceConverter<EvaluationSplit> {
        SplitConverter() {
            super(EvaluationSplit.class);
        }
    }
}
