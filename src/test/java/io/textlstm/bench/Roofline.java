package io.textlstm.bench;

import io.textlstm.NativeMemory;
import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.train.Adam;
import io.textlstm.train.TrainingSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The machine's limit for this model, measured through TensorFlow (not a test): the rate of a large float MatMul
 * (2048 × 2048 × 2048) with 1 and 2 intra-op threads, with oneDNN's kernels and with Eigen's; the bound of a training
 * step and of inference is their matrix-product FLOPs ({@link StepFlops}) at the best of those rates. Then real
 * training steps ({@link TrainStepBench}'s) and inference batches are timed and stated as multiples of the bound.
 * {@code TF_ENABLE_ONEDNN_OPTS} is read when TensorFlow's library loads, so every measurement runs in a JVM child of
 * its own with the variable set.
 *
 * <pre>
 *   tools/bench --roofline                     writes results/roofline.md
 *   java -cp CP io.textlstm.bench.Roofline [--out FILE] [--runs N] [--java-opts "..."]
 *   java -cp CP io.textlstm.bench.Roofline matmul N INTRA_OP REPS      one child: prints "gflops X"
 *   java -cp CP io.textlstm.bench.Roofline inference BATCH REPS       one child: prints "median X ms"
 * </pre>
 */
public final class Roofline {
    private static final int BATCH = 64;
    private static final Pattern GFLOPS = Pattern.compile("gflops ([0-9.]+)");
    private static final Pattern MEDIAN = Pattern.compile("median ([0-9.]+) ms");

    private Roofline() {}

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args.length > 0 && args[0].equals("matmul")) {
            matmulChild(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        if (args.length > 0 && args[0].equals("inference")) {
            inferenceChild(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Path out = Path.of("results/roofline.md");
        int runs = 2;
        String javaOpts = "-XX:+UseSerialGC -Xmx2g";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java-opts" -> javaOpts = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        new Roofline().run(out, runs, List.of(javaOpts.trim().split("\\s+")));
    }

    private void run(Path out, int runs, List<String> javaOpts) throws IOException, InterruptedException {
        ModelConfig c = ModelConfig.builder().build();
        StepFlops step = StepFlops.trainingStep(c, BATCH);
        double review = StepFlops.inferencePerReview(c);
        String loadStart = load();
        StringBuilder md = new StringBuilder();
        md.append("# Roofline: training and inference against this machine's matrix-product rate\n\n");
        md.append("Written by `tools/bench --roofline` (`io.textlstm.bench.Roofline`), ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(". Every figure comes from a JVM child of its own ")
                .append("(`TF_ENABLE_ONEDNN_OPTS` is read when TensorFlow loads); malloc as `textlstm.NativeMemory` sets it ")
                .append("(32 MiB mmap / 256 MiB trim thresholds) in every child.\n\n");
        md.append("Machine: ").append(cpu()).append("\n\n");

        md.append("## Matrix-product rate through TensorFlow\n\n");
        md.append("One `MatMul` of two 2048 × 2048 float matrices (17.2 GFLOP), best of 8 runs after 2 warm-up runs, "
                + "inter-op threads 1:\n\n");
        md.append("| kernels | intra-op threads | GFLOP/s |\n|---|---|---|\n");
        double best = 0;
        double bestEigen = 0;
        for (String onednn : List.of("0", "1")) {
            for (int intra : List.of(1, 2)) {
                double g = parse(child(javaOpts, onednn, "matmul", "2048", String.valueOf(intra), "10"), GFLOPS);
                System.out.printf("matmul oneDNN %s intra %d: %.1f GFLOP/s%n", onednn, intra, g);
                md.append(String.format("| %s | %d | %.1f |%n", kernels(onednn), intra, g));
                best = Math.max(best, g);
                if (onednn.equals("0")) {
                    bestEigen = Math.max(bestEigen, g);
                }
            }
        }
        double boundMs = step.total() / (best * 1e9) * 1e3;
        md.append(String.format("%nThe bound is the best rate, %.1f GFLOP/s (Eigen's best: %.1f).%n%n", best, bestEigen));

        md.append("## FLOPs (matrix products, from the model's shapes: `StepFlops`)\n\n");
        md.append(String.format("A training step at batch %d, length %d, embedding %d, %d units: forward %.2f GFLOP (input "
                + "projection %.2f, recurrence %.2f, dense %.6f), backward %.2f, total %.2f GFLOP. Bound at %.1f GFLOP/s: "
                + "**%.1f ms/step**.%n%n", BATCH, c.maxLength(), c.embeddingDim(), c.units(), step.forward() / 1e9,
                step.inputProjection() / 1e9, step.recurrence() / 1e9, step.dense() / 1e9, step.backward() / 1e9,
                step.total() / 1e9, best, boundMs));
        md.append(String.format("Inference: %.1f MFLOP per review of %d tokens; bound at %.1f GFLOP/s: %.0f reviews/s.%n%n",
                review / 1e6, c.maxLength(), best, best * 1e9 / review));

        md.append("## Training steps (`TrainStepBench 2 1 2 30`: batch 64 of random full-length reviews, 2 chains, "
                + "intra-op 1, inter-op 2; median of 30 steps)\n\n");
        md.append("| kernels | run | median ms/step | × bound | GFLOP/s |\n|---|---|---|---|---|\n");
        for (String onednn : List.of("0", "1")) {
            for (int r = 1; r <= runs; r++) {
                List<String> lines = childClass(javaOpts, onednn, "io.textlstm.bench.TrainStepBench", "2", "1", "2", "30");
                double ms = parse(lines, MEDIAN);
                System.out.printf("train oneDNN %s run %d: %.1f ms/step = %.2fx bound%n", onednn, r, ms, ms / boundMs);
                md.append(String.format("| %s | %d | %.1f | %.2f | %.0f |%n", kernels(onednn), r, ms, ms / boundMs,
                        step.total() / ms / 1e6));
            }
        }
        md.append("\n## Inference (`Roofline inference 64 20`: `TrainingSession.predictProbabilities`, 64 random full-length "
                + "reviews per call, median of 20 calls; TF's default thread pools)\n\n");
        md.append("| kernels | run | median ms/batch | reviews/s | × bound | GFLOP/s |\n|---|---|---|---|---|---|\n");
        double batchBoundMs = BATCH * review / (best * 1e9) * 1e3;
        for (String onednn : List.of("0", "1")) {
            for (int r = 1; r <= runs; r++) {
                double ms = parse(child(javaOpts, onednn, "inference", String.valueOf(BATCH), "20"), MEDIAN);
                System.out.printf("inference oneDNN %s run %d: %.1f ms/batch = %.2fx bound%n", onednn, r, ms, ms / batchBoundMs);
                md.append(String.format("| %s | %d | %.1f | %.0f | %.2f | %.0f |%n", kernels(onednn), r, ms, BATCH * 1e3 / ms,
                        ms / batchBoundMs, BATCH * review / ms / 1e6));
            }
        }
        md.append("\nLoad average (/proc/loadavg) at the start: ").append(loadStart).append("; at the end: ").append(load())
                .append(". The 2 cores are shared, so a busy neighbour lowers every figure above.\n");
        md.append("\nNo AVX2-only machine was available to measure; the figures above are AVX-512's.\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.println("wrote " + out);
    }

    private static String kernels(String onednn) {
        return onednn.equals("1") ? "oneDNN" : "Eigen";
    }

    private static String load() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.exists(p) ? String.join(" ", Arrays.asList(Files.readString(p).trim().split(" ")).subList(0, 3)) : "unknown";
    }

    /** /proc/cpuinfo's model name and whether the AVX-512 / VNNI / BF16 flags are there. */
    private static String cpu() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.exists(info)) {
            return "unknown (no /proc/cpuinfo)";
        }
        List<String> lines = Files.readAllLines(info);
        String model = lines.stream().filter(l -> l.startsWith("model name")).findFirst().map(l -> l.split(":", 2)[1].trim()).orElse("?");
        List<String> flags = lines.stream().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> Arrays.asList(l.split(":", 2)[1].trim().split(" "))).orElse(List.of());
        long cpus = lines.stream().filter(l -> l.startsWith("processor")).count();
        StringBuilder s = new StringBuilder(model + ", " + cpus + " logical CPUs; flags:");
        for (String f : List.of("fma", "avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")) {
            s.append(' ').append(f).append(' ').append(flags.contains(f) ? "yes" : "no").append(',');
        }
        s.setLength(s.length() - 1);
        return s.toString();
    }

    private static List<String> child(List<String> javaOpts, String onednn, String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 1];
        all[0] = Roofline.class.getName();
        System.arraycopy(args, 0, all, 1, args.length);
        return childClass(javaOpts, onednn, all);
    }

    private static List<String> childClass(List<String> javaOpts, String onednn, String... classAndArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(List.of(classAndArgs));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TF_ENABLE_ONEDNN_OPTS", onednn);
        pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + command + "\n" + String.join("\n", lines));
        }
        return lines;
    }

    private static double parse(List<String> lines, Pattern p) {
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IllegalStateException("no " + p + " in the child's output:\n" + String.join("\n", lines));
    }

    /** One n × n × n float MatMul, timed REPS times (the first 2 are warm-up); prints the best rate. */
    private static void matmulChild(int n, int intra, int reps) {
        NativeMemory.configure();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
            MatMul<TFloat32> product = tf.linalg.matMul(a, b);
            float[] values = new float[n * n];
            Random r = new Random(1);
            for (int i = 0; i < values.length; i++) {
                values[i] = r.nextFloat() - 0.5f;
            }
            ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(intra).setInterOpParallelismThreads(1).build();
            try (Session s = new Session(g, config);
                    TFloat32 av = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false));
                    TFloat32 bv = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(values, true, false))) {
                double bestSeconds = Double.MAX_VALUE;
                for (int k = 0; k < reps; k++) {
                    long t0 = System.nanoTime();
                    // a target, not a fetch: the product is computed but not copied out
                    try (Result ignored = s.runner().feed(a, av).feed(b, bv).addTarget(product).run()) {
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        if (k >= 2) {
                            bestSeconds = Math.min(bestSeconds, seconds);
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "gflops %.2f%n", 2.0 * n * n * n / bestSeconds / 1e9);
            }
        }
    }

    /** Inference of BATCH random full-length reviews (no padding), REPS timed calls after 2 warm-up calls. */
    private static void inferenceChild(int batch, int reps) {
        ModelConfig c = ModelConfig.builder().build();
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), 2, 0, 0)) {
            s.initialize(ModelWeights.initial(c, 7));
            Random r = new Random(1);
            int[] ids = new int[batch * c.maxLength()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 1 + r.nextInt(c.numWords() - 1);
            }
            s.predictProbabilities(ids, batch);
            s.predictProbabilities(ids, batch);
            double[] ms = new double[reps];
            for (int k = 0; k < reps; k++) {
                long t0 = System.nanoTime();
                s.predictProbabilities(ids, batch);
                ms[k] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "median %.2f ms (min %.2f)%n", ms[reps / 2], ms[0]);
        }
    }
}
