package io.textlstm.bench;

import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.train.Adam;
import io.textlstm.train.Batch;
import io.textlstm.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Per-op profile of the IMDB training step (not a test): TF's step stats ({@code RunOptions} FULL_TRACE) of traced
 * steps on {@link TrainStepBench}'s batch, summed by op type and by phase (forward, loss, backward, Adam), kernel time
 * against the step's wall time on each executor thread.
 *
 * <pre>
 *   java -cp CP io.textlstm.bench.TrainingProfile [CHAINS INTRA_OP INTER_OP [TRACED_STEPS [OUT.md]]]
 * </pre>
 */
public final class TrainingProfile {
    private TrainingProfile() {}

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        int chains = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int intra = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int inter = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int traced = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path out = args.length > 4 ? Path.of(args[4]) : null;
        ModelConfig c = ModelConfig.builder().build();
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), chains, intra, inter)) {
            s.initialize(ModelWeights.initial(c, 7));
            Batch batch = TrainStepBench.randomBatch(c, 64);
            for (int k = 0; k < 3; k++) {
                s.trainStep(batch);
            }
            double[] plain = new double[15];
            for (int k = 0; k < plain.length; k++) {
                long t0 = System.nanoTime();
                s.trainStep(batch);
                plain[k] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(plain);
            Map<String, double[]> byType = new HashMap<>(); // type -> {kernel ns, count}
            Map<String, double[]> byPhase = new TreeMap<>();
            Map<String, double[]> byPhaseType = new HashMap<>();
            Map<String, double[]> byNode = new HashMap<>();
            double wallNs = 0;
            double tracedMs = 0;
            for (int k = 0; k < traced; k++) {
                long t0 = System.nanoTime();
                RunMetadata md = s.tracedTrainStep(batch);
                tracedMs += (System.nanoTime() - t0) / 1e6;
                long first = Long.MAX_VALUE;
                long last = Long.MIN_VALUE;
                for (DeviceStepStats dev : md.getStepStats().getDevStatsList()) {
                    for (NodeExecStats n : dev.getNodeStatsList()) {
                        String type = type(n);
                        if (type.isEmpty()) {
                            continue; // _SOURCE and similar
                        }
                        double ns = n.getOpEndRelNanos() - n.getOpStartRelNanos();
                        String phase = phase(n.getNodeName(), type);
                        if (type.equals("MatMul")) {
                            // the per-step products are tens of µs; the whole-sequence ones (weight gradients, d x) ms
                            type = ns > 1e6 ? "MatMul (whole sequence)" : "MatMul (per step)";
                        }
                        add(byNode, n.getNodeName() + " (" + type + ")", ns);
                        add(byType, type, ns);
                        add(byPhase, phase, ns);
                        add(byPhaseType, phase + " " + type, ns);
                        first = Math.min(first, n.getAllStartNanos());
                        last = Math.max(last, n.getAllStartNanos() + n.getAllEndRelNanos());
                    }
                }
                wallNs += last - first;
            }
            double kernelNs = byType.values().stream().mapToDouble(v -> v[0]).sum();
            StringBuilder md = new StringBuilder();
            md.append(String.format("Layout: %d chains, intra-op %d, inter-op %d; batch 64 of random full-length reviews "
                    + "(TrainStepBench's); %d traced steps after 3 warm-up steps.%n%n", chains, intra, inter, traced));
            md.append(String.format("Untraced steps in the same JVM: median %.1f ms (min %.1f, %d steps). Traced steps: "
                    + "%.1f ms each (tracing adds its own cost per op).%n%n", plain[plain.length / 2], plain[0], plain.length,
                    tracedMs / traced));
            md.append(String.format("Per traced step: wall (first op start to last op end) %.1f ms; kernel time summed "
                    + "over ops %.1f ms = %.0f%% of wall × %d cores.%n%n", wallNs / traced / 1e6, kernelNs / traced / 1e6,
                    100 * kernelNs / (wallNs * Runtime.getRuntime().availableProcessors()), Runtime.getRuntime().availableProcessors()));
            md.append("| phase | kernel ms/step | share |\n|---|---|---|\n");
            byPhase.forEach((p, v) -> md.append(String.format("| %s | %.1f | %.1f%% |%n", p, v[0] / traced / 1e6, 100 * v[0] / kernelNs)));
            md.append("\n| op type | kernel ms/step | share | ops/step | µs/op |\n|---|---|---|---|---|\n");
            table(md, byType, kernelNs, traced, 20);
            md.append("\n| phase, op type | kernel ms/step | share | ops/step | µs/op |\n|---|---|---|---|---|\n");
            table(md, byPhaseType, kernelNs, traced, 25);
            md.append("\n| largest single ops | kernel ms/step | share | ops/step | µs/op |\n|---|---|---|---|---|\n");
            table(md, byNode, kernelNs, traced, 12);
            System.out.print(md);
            if (out != null) {
                Files.writeString(out, md.toString());
            }
        }
    }

    private static void table(StringBuilder md, Map<String, double[]> m, double kernelNs, int traced, int rows) {
        m.entrySet().stream().sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0])).limit(rows)
                .forEach(e -> md.append(String.format("| %s | %.2f | %.1f%% | %.0f | %.1f |%n", e.getKey(),
                        e.getValue()[0] / traced / 1e6, 100 * e.getValue()[0] / kernelNs, e.getValue()[1] / traced,
                        e.getValue()[0] / e.getValue()[1] / 1e3)));
    }

    private static void add(Map<String, double[]> m, String key, double ns) {
        double[] v = m.computeIfAbsent(key, x -> new double[2]);
        v[0] += ns;
        v[1] += 1;
    }

    /** The op type from the trace's label, "name = Type(inputs)". */
    private static String type(NodeExecStats n) {
        String label = n.getTimelineLabel();
        int eq = label.indexOf(" = ");
        int paren = label.indexOf('(', eq + 3);
        return eq < 0 || paren < 0 ? "" : label.substring(eq + 3, paren);
    }

    private static String phase(String name, String type) {
        for (String p : List.of("forward", "loss", "backward")) {
            if (name.startsWith(p)) {
                return p;
            }
        }
        if (type.equals("ApplyAdam") || name.startsWith("train_step") || name.startsWith("Assign") || name.startsWith("Mul")) {
            return "adam";
        }
        return "other (variable reads, weight concat, feeds, gradient sums)";
    }
}
