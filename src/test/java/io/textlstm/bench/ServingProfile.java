package io.textlstm.bench;

import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Result;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;

/**
 * Where one model run's time goes, at every batch size (results/serving-profile.md; not a test). In one fresh JVM,
 * with the given exports alternating point by point so that load from other processes hits them alike:
 *
 * <ol>
 *   <li>the batch-size curve: reviews/s and per-call latency (p50, p99) through {@code serving_default} (raw text,
 *       {@link TextClassifier#predict}) and through {@code predict_ids} (ids tokenized beforehand);
 *   <li>the split of one call at the traced batch sizes: TF's step stats ({@code RunOptions} FULL_TRACE) summed by
 *       part of the graph (the tokenizer's string ops, the rest of the tokenizer, the LSTM kernels, the rest of the
 *       network, the outputs), the step's wall time, how busy the cores were, and the Java side of a call (string
 *       tensor in, results out).
 * </ol>
 *
 * <p>Usage: {@code ServingProfile --model DIR[,DIR2...] [--texts FILE] [--seconds S] [--batches 1,2,4,...]
 * [--trace 1,64,1000] [--json OUT]}; without {@code --texts}, the first 2,000 IMDB test reviews (as
 * tools/bench-server). {@code tools/profile-serving} runs it.
 */
public final class ServingProfile {
    private ServingProfile() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--seconds", "3", "--batches", "1,2,4,8,16,32,64,128,256,1000",
                "--trace", "1,8,64,1000", "--rounds", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        List<Path> models = Arrays.stream(opt.get("--model").split(",")).map(Path::of).toList();
        double seconds = Double.parseDouble(opt.get("--seconds"));
        int rounds = Integer.parseInt(opt.get("--rounds"));
        int[] batches = ints(opt.get("--batches"));
        int[] traced = opt.get("--trace").isEmpty() ? new int[0] : ints(opt.get("--trace"));
        List<String> texts = opt.containsKey("--texts")
                ? Files.readAllLines(Path.of(opt.get("--texts")), StandardCharsets.UTF_8) : ServerBench.reviews(2000);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("onednn", String.valueOf(System.getenv("TF_ENABLE_ONEDNN_OPTS")));
        out.put("texts", texts.size());
        out.put("load_average_start", loadAverage());
        List<TextClassifier> classifiers = new ArrayList<>();
        List<int[][]> ids = new ArrayList<>();
        try {
            for (Path m : models) {
                TextClassifier c = TextClassifier.load(m);
                classifiers.add(c);
                ids.add(tokenize(c, texts));
            }
            int[] lengths = Arrays.stream(ids.get(0)).mapToInt(ServingProfile::tokens).toArray();
            out.put("tokens_per_review_mean", Arrays.stream(lengths).average().orElse(0));
            out.put("tokens_per_review_p50", ServingBench.percentile(Arrays.stream(lengths).asDoubleStream().toArray(), 50));
            out.put("reviews_at_max_length", Arrays.stream(lengths).filter(n -> n == ids.get(0)[0].length).count());

            // the curve: for each batch size, each model in turn, `rounds` times
            List<Map<String, Object>> curve = new ArrayList<>();
            for (int b : batches) {
                for (int m = 0; m < models.size(); m++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("model", models.get(m).toString());
                    row.put("batch", b);
                    curve.add(row);
                }
                List<List<double[]>> raw = new ArrayList<>();
                List<List<double[]>> idCalls = new ArrayList<>();
                for (int m = 0; m < models.size(); m++) {
                    raw.add(new ArrayList<>());
                    idCalls.add(new ArrayList<>());
                }
                for (int round = 0; round < rounds; round++) {
                    for (int m = 0; m < models.size(); m++) {
                        raw.get(m).add(callTimes(classifiers.get(m), texts, ids.get(m), b, seconds / rounds / 2, false));
                        idCalls.get(m).add(callTimes(classifiers.get(m), texts, ids.get(m), b, seconds / rounds / 2, true));
                    }
                }
                for (int m = 0; m < models.size(); m++) {
                    Map<String, Object> row = curve.get(curve.size() - models.size() + m);
                    double[] r = concat(raw.get(m));
                    double[] d = concat(idCalls.get(m));
                    row.put("text_reviews_per_s", b * 1000.0 / mean(r));
                    row.put("text_p50_ms", ServingBench.percentile(r, 50));
                    row.put("text_p99_ms", ServingBench.percentile(r, 99));
                    row.put("ids_reviews_per_s", b * 1000.0 / mean(d));
                    row.put("ids_p50_ms", ServingBench.percentile(d, 50));
                    row.put("steps_run_per_token", stepsRunPerToken(lengths, b, ids.get(m)[0].length));
                    System.err.println("curve: " + row);
                }
            }
            out.put("curve", curve);

            List<Map<String, Object>> traces = new ArrayList<>();
            for (int b : traced) {
                for (int m = 0; m < models.size(); m++) {
                    Map<String, Object> t = trace(models.get(m), classifiers.get(m), texts, b);
                    traces.add(t);
                    System.err.println("trace: " + t);
                }
            }
            out.put("traces", traces);
        } finally {
            classifiers.forEach(TextClassifier::close);
        }
        out.put("load_average_end", loadAverage());
        String json = ServerBench.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        if (opt.containsKey("--json")) {
            Files.writeString(Path.of(opt.get("--json")), json + "\n");
        }
        System.out.println(markdown(out));
    }

    /** Milliseconds of each call of batches of {@code b} for about {@code seconds} (at least 5 calls). */
    static double[] callTimes(TextClassifier c, List<String> texts, int[][] ids, int b, double seconds, boolean byIds) {
        List<List<String>> batches = ServingBench.batches(texts, b);
        List<int[][]> idBatches = new ArrayList<>();
        for (int from = 0; from < ids.length && idBatches.size() < 4; from += b) {
            int[][] rows = new int[b][];
            for (int i = 0; i < b; i++) {
                rows[i] = ids[(from + i) % ids.length]; // the rows of the text batches, as ServingBench.batches
            }
            idBatches.add(rows);
        }
        // warm this shape
        if (byIds) {
            c.predictIds(idBatches.get(0));
        } else {
            c.predict(batches.get(0));
        }
        List<Double> times = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int i = 0;
        while (System.nanoTime() < end || times.size() < 5) {
            long s = System.nanoTime();
            if (byIds) {
                c.predictIds(idBatches.get(i++ % idBatches.size()));
            } else {
                c.predict(batches.get(i++ % batches.size()));
            }
            times.add((System.nanoTime() - s) / 1e6);
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The traced split of one call of batch {@code b}: median over several runs of each part's summed op time. */
    static Map<String, Object> trace(Path model, TextClassifier c, List<String> texts, int b) throws Exception {
        List<String> batch = ServingBench.batches(texts, b).get(0);
        Map<String, List<Double>> parts = new TreeMap<>();
        List<Double> wall = new ArrayList<>();
        List<Double> busy = new ArrayList<>();
        List<Double> ops = new ArrayList<>();
        java.util.Set<String> onednn = new java.util.TreeSet<>();
        RunOptions options = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
        try (SavedModelBundle bundle = SavedModelBundle.load(c.directory().toString(), ExportLayout.TAG)) {
            for (int run = 0; run < 7; run++) {
                try (TString in = TString.vectorOf(batch.toArray(new String[0]));
                        Result r = bundle.session().runner().feed(ExportLayout.INPUT_TEXT, in)
                                .fetch(ExportLayout.OUTPUT_PROBABILITIES).fetch(ExportLayout.OUTPUT_CLASS_IDS)
                                .fetch(ExportLayout.OUTPUT_LABELS).setOptions(options).runAndFetchMetadata()) {
                    if (run < 2) {
                        continue; // warm-up
                    }
                    RunMetadata meta = r.getMetadata().orElseThrow();
                    Map<String, Double> sums = new TreeMap<>();
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    double total = 0;
                    int count = 0;
                    for (DeviceStepStats dev : meta.getStepStats().getDevStatsList()) {
                        for (NodeExecStats n : dev.getNodeStatsList()) {
                            double micros = n.getAllEndRelMicros();
                            String kind = kindOf(n);
                            if (kind.startsWith("_Mkl")) {
                                onednn.add(kind); // oneDNN's rewrites of TF ops (TF_ENABLE_ONEDNN_OPTS=1)
                            }
                            sums.merge(part(n.getNodeName(), kind), micros / 1000, Double::sum);
                            first = Math.min(first, n.getAllStartMicros());
                            last = Math.max(last, n.getAllStartMicros() + n.getAllEndRelMicros());
                            total += micros;
                            count++;
                        }
                    }
                    sums.forEach((k, v) -> parts.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                    double wallMs = (last - first) / 1000.0;
                    wall.add(wallMs);
                    busy.add(total / 1000 / wallMs / Runtime.getRuntime().availableProcessors());
                    ops.add((double) count);
                }
            }
        }
        // the Java side: string tensor in, call, outputs out (untraced)
        List<Double> javaIn = new ArrayList<>();
        List<Double> javaCall = new ArrayList<>();
        for (int run = 0; run < 7; run++) {
            long t0 = System.nanoTime();
            try (TString in = TString.vectorOf(batch.toArray(new String[0]))) {
                long t1 = System.nanoTime();
                c.predict(batch);
                long t2 = System.nanoTime();
                if (run >= 2) {
                    javaIn.add((t1 - t0) / 1e6);
                    javaCall.add((t2 - t1) / 1e6);
                }
            }
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("model", model.toString());
        t.put("batch", b);
        t.put("call_ms", median(javaCall));
        t.put("string_tensor_ms", median(javaIn));
        t.put("step_wall_ms", median(wall));
        t.put("cores_busy", median(busy));
        t.put("ops_run", median(ops));
        t.put("onednn_ops", onednn);
        Map<String, Double> p = new LinkedHashMap<>();
        parts.forEach((k, v) -> p.put(k, median(v)));
        t.put("op_ms_by_part", p);
        return t;
    }

    /** The op type, from the timeline label "name = Type(inputs)". */
    static String kindOf(NodeExecStats n) {
        String label = n.getTimelineLabel();
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', Math.max(eq, 0));
        return eq >= 0 && paren > eq ? label.substring(eq + 3, paren) : "?";
    }

    static String part(String node, String kind) {
        if (node.startsWith("tokenizer/")) {
            return switch (kind) {
                case "StaticRegexReplace", "StringLower", "StringSplitV2", "Fingerprint" -> "tokenizer: string ops";
                default -> node.startsWith("tokenizer/lookup/") ? "tokenizer: vocabulary lookup" : "tokenizer: padding";
            };
        }
        if (node.startsWith("network/")) {
            return kind.equals("BlockLSTM") ? "network: BlockLSTM" : "network: other ops";
        }
        return "outputs and feeds";
    }

    static int[][] tokenize(TextClassifier c, List<String> texts) {
        try (SavedModelBundle bundle = SavedModelBundle.load(c.directory().toString(), ExportLayout.TAG);
                TString in = TString.vectorOf(texts.toArray(new String[0]));
                Result r = bundle.session().runner().feed(ExportLayout.INPUT_TEXT, in).fetch(ExportLayout.INPUT_IDS).run()) {
            TInt32 t = (TInt32) r.get(0);
            int n = (int) t.shape().get(0);
            int len = (int) t.shape().get(1);
            int[][] out = new int[n][len];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < len; j++) {
                    out[i][j] = t.getInt(i, j);
                }
            }
            return out;
        }
    }

    /**
     * LSTM row-steps the graph runs per token the batch holds, for batches of {@code b} consecutive texts, with the
     * graph's chains of rows (io.textlstm.model.LstmNetwork: rows sorted by length, cut into chains of about 16 rows,
     * at most 64 chains, each run from its rows' common padding): 1 would be no padding step at all.
     */
    static double stepsRunPerToken(int[] lengths, int b, int maxLength) {
        long run = 0;
        long tokens = 0;
        for (int from = 0; from + b <= lengths.length || from == 0; from += b) {
            int[] sorted = new int[b];
            for (int i = 0; i < b; i++) {
                sorted[i] = lengths[(from + i) % lengths.length];
                tokens += sorted[i];
            }
            Arrays.sort(sorted); // shortest first; chains take the longest first, the sum is the same
            int chains = Math.min(Math.max((b + 15) / 16, 1), 64);
            int at = b;
            for (int k = 0; k < chains; k++) {
                int size = b / chains + (k < b % chains ? 1 : 0);
                int longest = sorted[at - 1];
                run += (long) size * longest;
                at -= size;
            }
            if (b > lengths.length) {
                break;
            }
        }
        return (double) run / tokens;
    }

    /** Ids after the leading padding. */
    static int tokens(int[] row) {
        int p = 0;
        while (p < row.length && row[p] == 0) {
            p++;
        }
        return row.length - p;
    }

    static String markdown(Map<String, Object> out) {
        StringBuilder md = new StringBuilder();
        md.append("| model | batch | text reviews/s | text p50 ms | text p99 ms | ids reviews/s | ids p50 ms | tokenizer share | LSTM steps per token |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Object o : (List<?>) out.get("curve")) {
            Map<?, ?> r = (Map<?, ?>) o;
            double text = (Double) r.get("text_reviews_per_s");
            double ids = (Double) r.get("ids_reviews_per_s");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f |%n", r.get("model"), r.get("batch"),
                    text, r.get("text_p50_ms"), r.get("text_p99_ms"), ids, r.get("ids_p50_ms"), 1 - text / ids, r.get("steps_run_per_token")));
        }
        md.append("\n| model | batch | call ms | step wall ms | cores busy | ops run | op ms by part |\n|---|---|---|---|---|---|---|\n");
        for (Object o : (List<?>) out.get("traces")) {
            Map<?, ?> t = (Map<?, ?>) o;
            StringBuilder parts = new StringBuilder();
            ((Map<?, ?>) t.get("op_ms_by_part")).forEach((k, v) -> parts.append(parts.length() > 0 ? "; " : "")
                    .append(k).append(String.format(Locale.ROOT, " %.2f", (Double) v)));
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.0f | %s |%n", t.get("model"), t.get("batch"),
                    t.get("call_ms"), t.get("step_wall_ms"), t.get("cores_busy"), t.get("ops_run"), parts));
        }
        md.append(String.format(Locale.ROOT, "%nTexts: %s, mean %.0f tokens (p50 %.0f), %s at the maximum length; load average %s → %s; "
                + "TF_ENABLE_ONEDNN_OPTS=%s.%n", out.get("texts"), out.get("tokens_per_review_mean"), out.get("tokens_per_review_p50"),
                out.get("reviews_at_max_length"), out.get("load_average_start"), out.get("load_average_end"), out.get("onednn")));
        return md.toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] concat(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double median(List<Double> v) {
        return ServingBench.percentile(v.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }
}
