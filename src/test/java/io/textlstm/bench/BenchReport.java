package io.textlstm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code results/reference.json} and {@code results/reference.md} from what {@code tools/bench} measured:
 * the training run's {@code metrics.json}, GNU time's report of the training process, and the serving
 * benchmark's JSON.
 *
 * <p>Usage: {@code BenchReport RUN_DIR TIME_FILE SERVING_JSON OUT_DIR COMMAND}
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: BenchReport RUN_DIR TIME_FILE SERVING_JSON OUT_DIR COMMAND");
            System.exit(2);
        }
        Path runDir = Path.of(args[0]);
        Map<String, Object> metrics = read(runDir.resolve("metrics.json"));
        Map<String, Object> serving = read(Path.of(args[2]));
        Map<String, String> time = gnuTime(Path.of(args[1]));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("command", args[4]);
        results.put("machine", machine());
        results.put("versions", Map.of("textlstm", Versions.textlstm(), "tensorflow", Versions.tensorflow(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) metrics.get("training");
        results.put("threads", Map.of("chains", training.get("chains"), "intra_op", training.get("intra_op_threads"),
                "inter_op", training.get("inter_op_threads")));
        Map<String, Object> train = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> timings = (Map<String, Object>) metrics.get("timings");
        train.put("data_seconds", timings.get("data_seconds"));
        train.put("graph_build_seconds", timings.get("graph_build_seconds"));
        train.put("first_step_seconds", timings.get("first_step_seconds"));
        train.put("wall_seconds", parseClock(time.get("Elapsed (wall clock) time (h:mm:ss or m:ss)")));
        train.put("peak_rss_mb", Long.parseLong(time.get("Maximum resident set size (kbytes)")) / 1024.0);
        List<Map<String, Object>> epochs = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) metrics.get("epochs");
        for (Map<String, Object> e : history) {
            @SuppressWarnings("unchecked")
            Map<String, Object> test = (Map<String, Object>) (e.containsKey("test") ? e.get("test") : e.get("validation"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e.get("epoch"));
            row.put("seconds", e.get("seconds"));
            row.put("ms_per_step_median", e.get("ms_per_step_median"));
            row.put("ms_per_step_p90", e.get("ms_per_step_p90"));
            row.put("train_loss", e.get("loss"));
            row.put("train_accuracy", e.get("accuracy"));
            row.put("test_loss", test.get("loss"));
            row.put("test_accuracy", test.get("accuracy"));
            row.put("test_f1", test.get("f1"));
            row.put("test_roc_auc", test.get("roc_auc"));
            row.put("eval_seconds", e.get("eval_seconds"));
            epochs.add(row);
        }
        train.put("epochs", epochs);
        results.put("training", train);
        results.put("serving", serving);
        Path out = Path.of(args[3]);
        Files.createDirectories(out);
        JSON.writeValue(out.resolve("reference.json").toFile(), results);
        Files.writeString(out.resolve("reference.md"), markdown(results, epochs, serving, train), StandardCharsets.UTF_8);
    }

    private static String markdown(Map<String, Object> r, List<Map<String, Object>> epochs, Map<String, Object> serving,
            Map<String, Object> train) {
        StringBuilder md = new StringBuilder("# textlstm benchmark: the Keras IMDB LSTM tutorial\n\n");
        md.append("Command: `").append(r.get("command")).append("`  \n");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) r.get("machine");
        md.append(String.format(Locale.ROOT, "Machine: %s, %s cores, %s GiB memory, %s  \n", m.get("cpu"), m.get("cores"),
                m.get("memory_gib"), m.get("os")));
        md.append("Versions: ").append(r.get("versions")).append("  \n");
        md.append("Threads: ").append(r.get("threads")).append("\n\n");
        md.append("## Training (train 25,000 reviews, test 25,000)\n\n");
        md.append(String.format(Locale.ROOT, "| data load + vectorize | graph build | start to first step done | wall time | peak RSS |%n"
                + "|---|---|---|---|---|%n| %.1f s | %.1f s | %.1f s | %.0f s | %.0f MB |%n%n",
                num(train.get("data_seconds")), num(train.get("graph_build_seconds")), num(train.get("first_step_seconds")),
                num(train.get("wall_seconds")), num(train.get("peak_rss_mb"))));
        md.append("| epoch | s/epoch | ms/step median | ms/step p90 | train loss | train acc | test loss | test acc | test F1 | test ROC AUC |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> e : epochs) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.4f | %.2f%% | %.4f | %.2f%% | %.4f | %.4f |%n",
                    e.get("epoch"), num(e.get("seconds")), num(e.get("ms_per_step_median")), num(e.get("ms_per_step_p90")),
                    num(e.get("train_loss")), 100 * num(e.get("train_accuracy")), num(e.get("test_loss")),
                    100 * num(e.get("test_accuracy")), num(e.get("test_f1")), num(e.get("test_roc_auc"))));
        }
        md.append("\n## Serving the export (fresh JVM, `serving_default`, raw review text)\n\n");
        md.append("```\n");
        try {
            md.append(JSON.writeValueAsString(serving));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        md.append("\n```\n");
        return md.toString();
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), LinkedHashMap.class);
    }

    /** GNU time -v output as key → value. */
    static Map<String, String> gnuTime(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.lastIndexOf(": ");
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
            }
        }
        return out;
    }

    static double parseClock(String clock) {
        String[] parts = clock.split(":");
        double s = 0;
        for (String p : parts) {
            s = s * 60 + Double.parseDouble(p);
        }
        return s;
    }

    static Map<String, Object> machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.exists(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        m.put("cpu", cpu);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        long memKb = 0;
        Path meminfo = Path.of("/proc/meminfo");
        if (Files.exists(meminfo)) {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        }
        m.put("memory_gib", Math.round(memKb / 1024.0 / 1024.0));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }
}
