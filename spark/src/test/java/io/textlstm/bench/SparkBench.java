package io.textlstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.FileTrees;
import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.cli.TextLstm;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.spark.TextLstmClassifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark scoring benchmark (tools/bench-spark): the 25,000 IMDB test reviews scored by {@link TextLstmClassifier} in
 * {@code local[N]} against {@link TextClassifier} in one JVM, in the same process and run, plus the accuracy from
 * Spark's output against {@code textlstm evaluate} on the same model.
 *
 * <pre>
 * SparkBench measure MODEL MASTER PARTITIONS BATCH OUT.json   one thread layout (TF_NUM_*_THREADS of this JVM)
 * SparkBench report OUT_DIR IN.json...                         results/spark.{md,json} from the measurements
 * </pre>
 */
public final class SparkBench {
    private SparkBench() {}

    private static final int ROUNDS = Integer.getInteger("rounds", 3);

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        if (args[0].equals("measure")) {
            measure(Path.of(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
        } else {
            List<Path> inputs = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                inputs.add(Path.of(args[i]));
            }
            report(Path.of(args[1]), inputs);
        }
    }

    private static void measure(Path model, String master, int partitions, int batch, Path out) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.toString());
        r.put("master", master);
        r.put("partitions", partitions);
        r.put("batch_size", batch);
        r.put("tf_inter_op_threads", System.getenv().getOrDefault("TF_NUM_INTEROP_THREADS", "default"));
        r.put("tf_intra_op_threads", System.getenv().getOrDefault("TF_NUM_INTRAOP_THREADS", "default"));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("load_average_at_start", loadAverage());

        List<LabeledText> test = DatasetLoader.load(DataSettings.defaults()).test();
        List<String> texts = test.stream().map(LabeledText::text).toList();
        r.put("reviews", texts.size());

        // Spark input: Parquet, one file per partition
        SparkSession spark = SparkSession.builder().master(master).appName("textlstm-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        Path work = Files.createTempDirectory("textlstm-bench-spark-");
        String input = work.resolve("imdb-test.parquet").toString();
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("review", DataTypes.StringType)
                .add("sentiment", DataTypes.StringType);
        List<Row> rows = new ArrayList<>(test.size());
        for (int i = 0; i < test.size(); i++) {
            rows.add(RowFactory.create(i, test.get(i).text(), test.get(i).label()));
        }
        spark.createDataFrame(rows, schema).repartition(partitions).write().parquet(input);
        Dataset<Row> reviews = spark.read().parquet(input);
        r.put("spark_partitions_read", reviews.javaRDD().getNumPartitions());
        TextLstmClassifier sparkClassifier = new TextLstmClassifier().setModelPath(model.toString())
                .setInputCol("review").setBatchSize(batch);
        long t0 = System.nanoTime(); // first job: loads the model into this JVM's cache
        sparkClassifier.transform(reviews.limit(batch)).write().mode(SaveMode.Overwrite).parquet(work.resolve("warm").toString());
        r.put("spark_first_job_seconds", (System.nanoTime() - t0) / 1e9);

        // The machine may be shared: the three measurements alternate, ROUNDS times, and the report takes medians.
        List<Double> baseline = new ArrayList<>();
        List<Double> sparkTimes = new ArrayList<>();
        List<Double> copyTimes = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        int baselineCorrect = 0;
        String scoredPath = null;
        try (TextClassifier classifier = TextClassifier.load(model)) {
            classifier.predict(texts.subList(0, batch)); // warm-up
            for (int round = 0; round < ROUNDS; round++) {
                t0 = System.nanoTime(); // TextClassifier in this JVM, one calling thread, the same batch size
                List<Prediction> all = new ArrayList<>(texts.size());
                for (int from = 0; from < texts.size(); from += batch) {
                    all.addAll(classifier.predict(texts.subList(from, Math.min(texts.size(), from + batch))));
                }
                baseline.add((System.nanoTime() - t0) / 1e9);
                baselineCorrect = 0;
                for (int i = 0; i < all.size(); i++) {
                    baselineCorrect += all.get(i).label().equals(test.get(i).label()) ? 1 : 0;
                }

                scoredPath = work.resolve("scored-" + round).toString();
                t0 = System.nanoTime(); // Spark: read Parquet, score, write Parquet
                sparkClassifier.transform(reviews).write().parquet(scoredPath);
                sparkTimes.add((System.nanoTime() - t0) / 1e9);

                t0 = System.nanoTime(); // Spark alone: the same read and write without scoring
                reviews.write().parquet(work.resolve("copy-" + round).toString());
                copyTimes.add((System.nanoTime() - t0) / 1e9);
                ratios.add(baseline.get(round) / sparkTimes.get(round));
                System.err.printf(Locale.ROOT, "round %d: TextClassifier %.1fs, Spark %s %.1fs, Spark read+write alone %.1fs%n",
                        round + 1, baseline.get(round), master, sparkTimes.get(round), copyTimes.get(round));
            }
        }
        double baselineSeconds = median(baseline);
        double sparkSeconds = median(sparkTimes);
        r.put("rounds", ROUNDS);
        r.put("textclassifier_seconds_each", baseline);
        r.put("spark_seconds_each", sparkTimes);
        r.put("spark_read_write_only_seconds_each", copyTimes);
        r.put("textclassifier_seconds", baselineSeconds);
        r.put("textclassifier_reviews_per_s", texts.size() / baselineSeconds);
        r.put("textclassifier_accuracy", baselineCorrect / (double) texts.size());
        r.put("spark_seconds", sparkSeconds);
        r.put("spark_reviews_per_s", texts.size() / sparkSeconds);
        r.put("spark_read_write_only_seconds", median(copyTimes));
        r.put("ratio_each_round", ratios);
        r.put("spark_overhead_seconds", sparkSeconds - baselineSeconds);

        Dataset<Row> scored = spark.read().parquet(scoredPath);
        long n = scored.count();
        long correct = scored.filter(functions.col("prediction").equalTo(functions.col("sentiment"))).count();
        r.put("spark_rows_out", n);
        r.put("spark_accuracy", correct / (double) n);
        spark.stop();
        FileTrees.delete(work); // about 120 MB of Parquet per run

        r.put("load_average_after_rounds", loadAverage());

        // textlstm evaluate on the same model, in this JVM
        r.put("evaluate_accuracy", evaluateAccuracy(model));
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), r);
        System.err.println(JSON.writeValueAsString(r));
    }

    /** The 1-minute load average (Linux), or -1: the machine may be shared, and the report says how busy it was. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The accuracy line of {@code textlstm evaluate --model MODEL} (the IMDB test split). */
    private static double evaluateAccuracy(Path model) {
        // the command prints to System.out, taken when the command line is built: swap it first
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = TextLstm.commandLine().execute("evaluate", "--model", model.toString());
        } finally {
            System.setOut(stdout);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("accuracy ([0-9.]+)%").matcher(printed);
        if (status != 0 || !m.find()) {
            throw new IllegalStateException("textlstm evaluate failed (" + status + "): " + printed);
        }
        return Double.parseDouble(m.group(1)) / 100;
    }

    private static void report(Path outDir, List<Path> inputs) throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (Path p : inputs) {
            runs.add(JSON.readTree(p.toFile()));
        }
        Files.createDirectories(outDir);
        JSON.writeValue(outDir.resolve("spark.json").toFile(), Map.of("runs", runs));
        StringBuilder md = new StringBuilder();
        JsonNode first = runs.get(0);
        md.append("# Spark scoring benchmark\n\n")
                .append(String.format(Locale.ROOT, "`tools/bench-spark`: the %d IMDB test reviews scored with `%s` ",
                        first.get("reviews").asInt(), first.get("model").asText()))
                .append("by `TextLstmClassifier` in Spark ").append(first.get("master").asText())
                .append(" (Parquet in, ").append(first.get("partitions").asInt()).append(" files, Parquet out, batch ")
                .append(first.get("batch_size").asInt()).append(") and by `TextClassifier` in one thread of the same ")
                .append("JVM (same batch size), in the same run; ").append(first.get("cores").asInt())
                .append(" cores. One JVM per TensorFlow thread layout (inter-op / intra-op threads); in it the TextClassifier pass, ")
                .append("the Spark job and Spark's read + write alone alternate ").append(first.get("rounds").asInt())
                .append(" times; figures are medians.\n\n")
                .append("| TF threads (inter / intra) | TextClassifier reviews/s | Spark reviews/s | ratio | Spark overhead | ")
                .append("Spark read + write alone | first Spark job (model load) | accuracy: Spark / TextClassifier / `textlstm evaluate` | load average |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode r : runs) {
            md.append(String.format(Locale.ROOT, "| %s / %s | %.0f (%.1f s) | %.0f (%.1f s) | %.2f | %+.1f s | %.1f s | %.1f s | %.2f%% / %.2f%% / %.2f%% | %.1f, %.1f |%n",
                    r.get("tf_inter_op_threads").asText(), r.get("tf_intra_op_threads").asText(),
                    r.get("textclassifier_reviews_per_s").asDouble(), r.get("textclassifier_seconds").asDouble(),
                    r.get("spark_reviews_per_s").asDouble(), r.get("spark_seconds").asDouble(),
                    r.get("textclassifier_seconds").asDouble() / r.get("spark_seconds").asDouble(),
                    r.get("spark_overhead_seconds").asDouble(),
                    r.get("spark_read_write_only_seconds").asDouble(), r.get("spark_first_job_seconds").asDouble(),
                    100 * r.get("spark_accuracy").asDouble(), 100 * r.get("textclassifier_accuracy").asDouble(),
                    100 * r.get("evaluate_accuracy").asDouble(), r.path("load_average_at_start").asDouble(-1),
                    r.path("load_average_after_rounds").asDouble(-1)));
        }
        md.append("\nratio = Spark reviews/s ÷ TextClassifier reviews/s (of the medians); overhead = Spark seconds − TextClassifier seconds ")
                .append("(the Spark job includes reading and writing Parquet; the column \"read + write alone\" is the same job ")
                .append("without scoring). The machine is shared with other work (load average: 1-minute value at the start and ")
                .append("after the rounds, on ").append(first.get("cores").asInt()).append(" cores), so absolute figures move ")
                .append("between runs; compare within a row.\n");
        Files.writeString(outDir.resolve("spark.md"), md.toString(), StandardCharsets.UTF_8);
        System.out.print(md);
    }
}
