package io.textlstm.cli;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
        try (TextClassifier classifier = TextClassifier.load(model)) {
            if (!texts.isEmpty()) {
                print(out, classifier.predict(texts));
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                List<String> batch = new ArrayList<>();
                for (String line; (line = in.readLine()) != null; ) {
                    batch.add(line);
                    if (batch.size() == batchSize) {
                        print(out, classifier.predict(batch));
                        batch.clear();
                    }
                }
                print(out, classifier.predict(batch));
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
