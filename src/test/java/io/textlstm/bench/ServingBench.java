package io.textlstm.bench;

import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportRequest;
import io.textlstm.export.SavedModelExporter;
import io.textlstm.export.StandInNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TString;

/**
 * Inference benchmark of an exported SavedModel through {@code serving_default} (raw text), meant to run in a
 * fresh JVM (not a test):
 *
 * <pre>
 *   mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp "target/classes:target/test-classes:$(cat target/cp.txt)" io.textlstm.bench.ServingBench \
 *       --model savedmodel/imdb_lstm [--texts FILE] [--seconds 3] [--json OUT.json]
 * </pre>
 *
 * ({@code tools/bench-serving} does this.) {@code --export-standin BASE} only exports a stand-in network (mean of
 * embeddings, 5,000 words, max length 500) and prints its folder, so the measurement can run in a fresh JVM. Without {@code --texts} (one review per line) it uses synthetic reviews shaped like IMDB's
 * (about 230 words, some markup and punctuation, some out-of-vocabulary words). Reports load time, first-call time,
 * reviews/s at batch 1, 64 and 1000, single-review latency p50/p99, and the tokenizer's share (the same texts run
 * only up to the {@code ids} tensor).
 */
public final class ServingBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        double seconds = Double.parseDouble(opts.getOrDefault("--seconds", "3"));
        List<String> vocabulary = syntheticVocabulary(5000);
        if (opts.containsKey("--export-standin")) {
            Path dir = new SavedModelExporter().export(ExportRequest.builder().basePath(Path.of(opts.get("--export-standin")))
                    .network(new StandInNetwork(vocabulary.size(), 32, 1, 11)).vocabulary(vocabulary)
                    .labels(List.of("negative", "positive")).maxLength(500).build()).directory();
            System.out.println(dir);
            return;
        }
        if (!opts.containsKey("--model")) {
            System.err.println("usage: ServingBench --model DIR [--texts FILE] [--seconds S] [--json OUT]"
                    + " | --export-standin BASE_DIR");
            System.exit(2);
        }
        Path model = Path.of(opts.get("--model"));
        List<String> texts = opts.containsKey("--texts")
                ? Files.readAllLines(Path.of(opts.get("--texts")), StandardCharsets.UTF_8)
                : syntheticReviews(vocabulary, 2000, new Random(5));

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.toString());
        r.put("java", System.getProperty("java.version"));
        r.put("tensorflow", org.tensorflow.TensorFlow.version());
        r.put("cpus", Runtime.getRuntime().availableProcessors());
        r.put("texts", texts.size());
        r.put("mean_chars", texts.stream().mapToInt(String::length).average().orElse(0));

        long t0 = System.nanoTime();
        try (TextClassifier classifier = TextClassifier.load(model)) {
            long t1 = System.nanoTime();
            classifier.predict(texts.get(0));
            long t2 = System.nanoTime();
            r.put("load_ms", ms(t1 - t0));
            r.put("first_call_ms", ms(t2 - t1));

            for (int batch : new int[] {1, 64, 1000}) {
                r.put("reviews_per_s_batch_" + batch, throughput(classifier, texts, batch, seconds));
            }
            double[] lat = latencies(classifier, texts, seconds);
            r.put("latency_p50_ms", percentile(lat, 50));
            r.put("latency_p99_ms", percentile(lat, 99));

            // tokenizer share: the same batches run only to the ids tensor (the network is pruned away)
            try (SavedModelBundle bundle = SavedModelBundle.load(classifier.directory().toString(), "serve")) {
                // interleaved rounds, so that load from other processes hits both sides alike
                for (int batch : new int[] {1, 64, 1000}) {
                    double fullSeconds = 0;
                    double tokSeconds = 0;
                    for (int round = 0; round < 6; round++) {
                        fullSeconds += 1 / throughput(classifier, texts, batch, seconds / 6);
                        tokSeconds += 1 / tokenizerThroughput(bundle, texts, batch, seconds / 6);
                    }
                    r.put("tokenizer_share_batch_" + batch, tokSeconds / fullSeconds);
                }
            }
        }
        StringBuilder json = new StringBuilder("{");
        r.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                .append(v instanceof String ? "\"" + v + "\"" : v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
        json.append('}');
        System.out.println(json);
        if (opts.containsKey("--json")) {
            Files.writeString(Path.of(opts.get("--json")), json + "\n");
        }
    }

    static double throughput(TextClassifier c, List<String> texts, int batch, double seconds) {
        List<List<String>> batches = batches(texts, batch);
        c.predict(batches.get(0)); // warm this shape
        return reviewsPerSecond(batches, seconds, c::predict);
    }

    static double tokenizerThroughput(SavedModelBundle bundle, List<String> texts, int batch, double seconds) {
        return reviewsPerSecond(batches(texts, batch), seconds, b -> {
            try (TString in = TString.vectorOf(b.toArray(new String[0]));
                    var out = bundle.session().runner().feed("text", in).fetch("ids").run()) {
                // only the tokenizer's output is fetched
            }
        });
    }

    /** Runs {@code call} over the batches in turn for {@code seconds} (at least once) and returns texts per second. */
    private static double reviewsPerSecond(List<List<String>> batches, double seconds,
            java.util.function.Consumer<List<String>> call) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int i = 0;
        while (System.nanoTime() < end || n == 0) {
            List<String> b = batches.get(i++ % batches.size());
            call.accept(b);
            n += b.size();
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    static double[] latencies(TextClassifier c, List<String> texts, double seconds) {
        List<Double> lat = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int i = 0;
        while (System.nanoTime() < end || lat.size() < 100) {
            long s = System.nanoTime();
            c.predict(texts.get(i++ % texts.size()));
            lat.add(ms(System.nanoTime() - s));
        }
        return lat.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.ceil(p / 100.0 * v.length) - 1)];
    }

    static List<List<String>> batches(List<String> texts, int batch) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i += batch) {
            List<String> b = new ArrayList<>(batch);
            for (int j = 0; j < batch; j++) {
                b.add(texts.get((i + j) % texts.size()));
            }
            out.add(b);
        }
        return out;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static List<String> syntheticVocabulary(int size) {
        List<String> v = new ArrayList<>(List.of("<pad>", "<start>", "<unk>"));
        Random r = new Random(1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (v.size() < size) {
            int len = 2 + r.nextInt(8);
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < len; i++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            if (seen.add(w.toString())) {
                v.add(w.toString());
            }
        }
        return v;
    }

    /** IMDB-like: ~230 words (Zipf-ish word choice), capitals, punctuation, a few line breaks and unknown words. */
    static List<String> syntheticReviews(List<String> vocab, int n, Random r) {
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int words = 30 + (int) Math.min(1500, -Math.log(1 - r.nextDouble()) * 200);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < words; i++) {
                String w;
                if (r.nextInt(20) == 0) {
                    w = "Unknownish" + r.nextInt(100000);
                } else {
                    int id = 3 + (int) Math.min(vocab.size() - 4, Math.exp(r.nextDouble() * Math.log(vocab.size())) - 1);
                    w = vocab.get(id);
                }
                if (i % 12 == 0) {
                    w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                }
                sb.append(w);
                int p = r.nextInt(40);
                sb.append(p == 0 ? ". <br /><br />" : p < 4 ? ", " : p < 6 ? ". " : p == 6 ? "'s " : " ");
            }
            out.add(sb.toString());
        }
        return out;
    }
}
