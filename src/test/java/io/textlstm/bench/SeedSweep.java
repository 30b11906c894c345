package io.textlstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.FileTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Trains the default IMDB job once per seed 1..N, one run after another, and reports every seed's per-epoch figures
 * with their mean, standard deviation, minimum and maximum: an accuracy claim as a distribution, not one run.
 *
 * <p>Each seed runs {@code textlstm train --seed k --no-export [train options]} in its own JVM, the way a user
 * runs it. A finished seed is recorded as {@code seed-k.json} in the output folder before the next one starts, so
 * an interrupted sweep started again with the same arguments keeps the finished seeds and reruns only the seed
 * that was cut short. Run by {@code tools/bench --seeds N [train options]}.
 *
 * <p>Usage: {@code SeedSweep --seeds N --jar JAR --out DIR --runs-dir DIR [--java-opts "..."] [train options]}
 */
public final class SeedSweep {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The published figures of the Keras tutorial (3 epochs), for the report and the plot. */
    static final double TUTORIAL_TEST_ACCURACY = 0.8663;

    /** One epoch of one seed's run, as its {@code metrics.json} reports it. */
    record EpochResult(int epoch, double seconds, double trainLoss, double trainAccuracy, double testLoss,
            double testAccuracy) {}

    /** One seed's run. */
    record SeedResult(int seed, double wallSeconds, List<EpochResult> epochs) {}

    /** Mean, sample standard deviation, minimum and maximum of one figure over the seeds. */
    record Stats(int n, double mean, double sd, double min, double max) {
        static Stats of(double[] values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("no values");
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / values.length;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            // sample (n - 1) deviation: the seeds are a sample of what a user's run may give
            double sd = values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0;
            return new Stats(values.length, mean, sd, min, max);
        }
    }

    private SeedSweep() {}

    public static void main(String[] args) throws Exception {
        int seeds = 0;
        Path jar = null;
        Path out = null;
        Path runsDir = null;
        String javaOpts = "-XX:+UseSerialGC -Xmx2g";
        List<String> trainOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--runs-dir" -> runsDir = Path.of(args[++i]);
                case "--java-opts" -> javaOpts = args[++i];
                case "--seed", "--resume", "--export", "--version", "--name" -> {
                    System.err.println("bench: " + args[i] + " is set by the sweep itself; leave it out");
                    System.exit(2);
                }
                default -> trainOptions.add(args[i]);
            }
        }
        if (seeds < 1 || jar == null || out == null || runsDir == null) {
            System.err.println("usage: SeedSweep --seeds N --jar JAR --out DIR --runs-dir DIR [--java-opts \"...\"] [train options]");
            System.exit(2);
        }
        Files.createDirectories(out);
        List<SeedResult> results = new ArrayList<>();
        double spentSeconds = 0;
        int ran = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            Path record = out.resolve("seed-" + seed + ".json");
            if (Files.exists(record)) {
                results.add(JSON.readValue(record.toFile(), SeedResult.class));
                System.out.printf(Locale.ROOT, "seed %d of %d: kept from an earlier sweep (%s)%n", seed, seeds, record);
                continue;
            }
            String eta = ran == 0 ? "" : String.format(Locale.ROOT, ", ETA %s",
                    clock(spentSeconds / ran * (seeds - seed + 1)));
            System.out.printf(Locale.ROOT, "seed %d of %d: training%s%n", seed, seeds, eta);
            System.out.flush();
            long t0 = System.nanoTime();
            Path runFolder = train(jar, javaOpts, runsDir, seed, seeds, trainOptions);
            double wall = (System.nanoTime() - t0) / 1e9;
            SeedResult result = new SeedResult(seed, wall, readEpochs(runFolder.resolve("metrics.json")));
            Path tmp = out.resolve(".seed-" + seed + ".json.tmp");
            JSON.writeValue(tmp.toFile(), result);
            Files.move(tmp, record, StandardCopyOption.ATOMIC_MOVE);
            results.add(result);
            spentSeconds += wall;
            ran++;
            EpochResult last = result.epochs().get(result.epochs().size() - 1);
            System.out.printf(Locale.ROOT, "seed %d of %d: done in %s, test accuracy %.2f%% after epoch %d%n", seed, seeds,
                    clock(wall), 100 * last.testAccuracy(), last.epoch());
        }
        String command = "tools/bench --seeds " + seeds + (trainOptions.isEmpty() ? "" : " " + String.join(" ", trainOptions));
        SeedSweepReport.write(out, command, trainOptions, results);
        System.out.printf("bench: wrote %s, %s and %s%n", out.resolve(SeedSweepReport.JSON_FILE),
                out.resolve(SeedSweepReport.MARKDOWN_FILE), out.resolve(SeedSweepReport.PLOT_FILE));
    }

    /** Runs one seed in a child JVM, echoing its lines with a seed prefix; returns its run folder. */
    private static Path train(Path jar, String javaOpts, Path runsDir, int seed, int seeds, List<String> trainOptions)
            throws IOException, InterruptedException {
        String name = "seed-" + seed;
        Files.createDirectories(runsDir);
        // a run folder left by an interrupted attempt at this seed would be found instead of the new one
        try (Stream<Path> old = Files.list(runsDir)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(name + "-")).toList()) {
                FileTrees.delete(p);
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOpts.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString(), "train", "--seed", Integer.toString(seed), "--no-export",
                "--name", name, "--runs-dir", runsDir.toString()));
        command.addAll(trainOptions);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.printf("  [seed %d/%d] %s%n", seed, seeds, line);
                System.out.flush();
            }
        }
        int exit = child.waitFor();
        if (exit != 0) {
            System.err.printf("bench: seed %d failed (exit %d); finished seeds are kept, run the same command again to continue%n",
                    seed, exit);
            System.exit(1);
        }
        try (Stream<Path> runs = Files.list(runsDir)) {
            return runs.filter(p -> p.getFileName().toString().startsWith(name + "-"))
                    .filter(p -> Files.exists(p.resolve("metrics.json")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IOException("seed " + seed + " finished but left no metrics.json under " + runsDir));
        }
    }

    /** The per-epoch figures of a run's {@code metrics.json} (its evaluation split is the test split here). */
    static List<EpochResult> readEpochs(Path metrics) throws IOException {
        JsonNode root = JSON.readTree(metrics.toFile());
        List<EpochResult> epochs = new ArrayList<>();
        for (JsonNode e : root.path("epochs")) {
            JsonNode test = e.has("test") ? e.get("test") : e.get("validation");
            if (test == null) {
                throw new IOException(metrics + ": epoch " + e.path("epoch").asInt() + " has no test figures");
            }
            epochs.add(new EpochResult(e.path("epoch").asInt(), e.path("seconds").asDouble(), e.path("loss").asDouble(),
                    e.path("accuracy").asDouble(), test.path("loss").asDouble(), test.path("accuracy").asDouble()));
        }
        if (epochs.isEmpty()) {
            throw new IOException(metrics + " has no epochs");
        }
        return epochs;
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /** Per-epoch statistics of every figure over the seeds; epochs that not every seed reached are left out. */
    static List<Map<String, Object>> perEpoch(List<SeedResult> results) {
        int epochs = results.stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            int index = e;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", e + 1);
            row.put("test_accuracy", stats(results, index, EpochResult::testAccuracy));
            row.put("test_loss", stats(results, index, EpochResult::testLoss));
            row.put("train_accuracy", stats(results, index, EpochResult::trainAccuracy));
            row.put("train_loss", stats(results, index, EpochResult::trainLoss));
            row.put("seconds", stats(results, index, EpochResult::seconds));
            rows.add(row);
        }
        return rows;
    }

    private static Stats stats(List<SeedResult> results, int epoch, java.util.function.ToDoubleFunction<EpochResult> figure) {
        return Stats.of(results.stream().mapToDouble(r -> figure.applyAsDouble(r.epochs().get(epoch))).toArray());
    }
}
