package io.textlstm.cli;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.client.TextLineReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code textlstm predict --model DIR "text" ...}: label and probability per text. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Classify texts with an exported SavedModel.",
            "Texts come from the arguments, or one per line from standard input when there are none.",
            "Every input line gets one output line; empty lines, invalid UTF-8 and NUL bytes are counted and reported on "
                    + "standard error.",
            "Prints one line per text: label <TAB> probability of that label."
        })
public final class PredictCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "SavedModel base path (highest version is used) or version folder, e.g. savedmodel/imdb_lstm")
    Path model;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "Texts per call when reading standard input (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify")
    List<String> texts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (TextClassifier classifier = TextClassifier.load(model)) {
            classifier.skipped().forEach(s -> err.println("note: skipped " + s));
            err.flush();
            if (!texts.isEmpty()) {
                print(out, classifier.predict(texts));
            } else {
                TextLineReader in = new TextLineReader(System.in);
                List<String> batch = new ArrayList<>();
                for (String line; (line = in.next()) != null; ) {
                    batch.add(line);
                    if (batch.size() == batchSize) {
                        print(out, classifier.predict(batch));
                        batch.clear();
                    }
                }
                print(out, classifier.predict(batch));
                if (!in.warning().isEmpty()) {
                    err.println("warning: standard input: " + in.warning());
                    err.flush();
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, List<Prediction> predictions) {
        for (Prediction p : predictions) {
            out.printf(Locale.ROOT, "%s\t%.4f%n", p.label(), p.probability());
        }
        out.flush();
    }
}
