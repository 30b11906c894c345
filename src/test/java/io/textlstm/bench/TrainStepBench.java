package io.textlstm.bench;

import io.textlstm.model.ModelConfig;
import io.textlstm.model.ModelWeights;
import io.textlstm.train.Adam;
import io.textlstm.train.Batch;
import io.textlstm.train.TrainingSession;
import java.util.Arrays;
import java.util.Random;

/**
 * Training-step benchmark of the tutorial model at batch 64 for one thread layout (not a test): graph build,
 * first step, then the median of N steps on a fixed random batch.
 *
 * <pre>
 *   mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
 *   java -cp "target/classes:target/test-classes:$(cat target/bench-cp.txt)" io.textlstm.bench.TrainStepBench \
 *       CHAINS INTRA_OP INTER_OP [STEPS]
 * </pre>
 */
public final class TrainStepBench {
    /** A batch of {@code b} random full-length rows, random labels, and all-kept dropout masks (scaled 1.25). */
    static Batch randomBatch(ModelConfig c, int b) {
        int t = c.maxLength();
        Random r = new Random(1);
        int[] ids = new int[b * t];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(c.numWords());
        }
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = r.nextInt(2);
        }
        float[] weights = new float[b];
        Arrays.fill(weights, 1f);
        float[] inputMask = new float[b * c.embeddingDim()];
        Arrays.fill(inputMask, 1.25f);
        float[] recurrentMask = new float[b * c.units()];
        Arrays.fill(recurrentMask, 1.25f);
        return new Batch(b, ids, labels, weights, inputMask, recurrentMask);
    }

    /** This process's user + system ticks (/proc/self/stat fields 14 and 15); -1 elsewhere. */
    static long selfTicks() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** /proc/stat's first line: user, nice, system, idle, iowait, irq, softirq, steal ticks of all CPUs; null elsewhere. */
    static long[] cpuTicks() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] t = new long[8];
            for (int i = 0; i < 8; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
            return t;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static long total(long[] t) {
        long sum = 0;
        for (long v : t) {
            sum += v;
        }
        return sum;
    }

    /** Where all CPUs' time went between two {@link #cpuTicks} readings (the machine's, not only this process's). */
    static String cpuShares(long[] a, long[] b) {
        if (a == null || b == null) {
            return "cpu shares: unknown";
        }
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += b[i] - a[i];
        }
        double pct = 100.0 / Math.max(1, total);
        return String.format("cpu during the timed steps (all CPUs, all processes): user %.0f%%, system %.0f%%, idle %.0f%%, steal %.0f%%",
                (b[0] - a[0] + b[1] - a[1]) * pct, (b[2] - a[2]) * pct, (b[3] - a[3] + b[4] - a[4]) * pct, (b[7] - a[7]) * pct);
    }

    public static void main(String[] args) {
        int chains = Integer.parseInt(args[0]);
        int intra = Integer.parseInt(args[1]);
        int inter = Integer.parseInt(args[2]);
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        ModelConfig c = ModelConfig.builder().build();
        int b = 64;
        long t0 = System.nanoTime();
        try (TrainingSession s = new TrainingSession(c, Adam.Config.keras(), chains, intra, inter)) {
            long t1 = System.nanoTime();
            s.initialize(ModelWeights.initial(c, 7));
            Batch batch = randomBatch(c, b);
            long t2 = System.nanoTime();
            s.trainStep(batch);
            long t3 = System.nanoTime();
            long[] cpu0 = cpuTicks();
            long self0 = selfTicks();
            double[] ms = new double[steps];
            for (int k = 0; k < steps; k++) {
                long s0 = System.nanoTime();
                s.trainStep(batch);
                ms[k] = (System.nanoTime() - s0) / 1e6;
            }
            long[] cpu1 = cpuTicks();
            long self1 = selfTicks();
            Arrays.sort(ms);
            System.out.printf("chains %d, intra-op %d, inter-op %d: graph build %.1f s, first step %.1f s, median %.1f ms/step "
                    + "(min %.1f, max %.1f, %d steps)%n", chains, intra, inter, (t1 - t0) / 1e9, (t3 - t2) / 1e9, ms[steps / 2],
                    ms[0], ms[steps - 1], steps);
            System.out.println(cpuShares(cpu0, cpu1) + (cpu0 == null || self0 < 0 ? ""
                    : String.format("; this process %.0f%%", 100.0 * (self1 - self0) / Math.max(1, total(cpu1) - total(cpu0)))));
        }
    }
}
