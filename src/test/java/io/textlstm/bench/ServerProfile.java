package io.textlstm.bench;

import io.textlstm.client.ModelDirectory;
import io.textlstm.serve.ServeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a {@code textlstm serve} process's CPU goes under load (results/serving-profile.md; not a test): the server
 * with the given serve options and JVM options, wrk with one review per request at the given connections, and over
 * the measured seconds: CPU seconds per thread group of the server from {@code /proc/PID/task} (HTTP, batch threads,
 * TensorFlow's pools, GC, JIT), the whole machine's busy share from {@code /proc/stat}, the merged batch sizes from
 * the server's metrics, and, from a JDK Flight Recorder recording of the server during the load, what its Java
 * threads were doing (JSON, Jetty, the batch queue, TF Java's calls; running Java or in native code).
 *
 * <p>Usage: {@code ServerProfile [--model DIR] [--connections 64] [--seconds 20] [--jvm "-XX:+UseSerialGC -Xmx2g"]
 * [--serve "--num-batch-threads 1"]}; several variants separated by {@code ;} in {@code --serve} or {@code --jvm} run
 * one after another, alternating, {@code --repeat} times. {@code tools/profile-server} runs it.
 */
public final class ServerProfile {
    private ServerProfile() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--model", "savedmodel/imdb_lstm", "--connections", "64",
                "--seconds", "20", "--jvm", "-XX:+UseSerialGC -Xmx2g", "--serve", "", "--repeat", "1", "--rows", "1"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        if (ServerBench.WRK == null) {
            throw new IllegalStateException("wrk is not on the PATH (Debian: apt-get install wrk)");
        }
        Path model = ModelDirectory.resolve(Path.of(opt.get("--model"))).directory();
        List<String> texts = ServerBench.reviews(2000);
        String[] serves = opt.get("--serve").split(";", -1);
        String[] jvms = opt.get("--jvm").split(";", -1);
        int variants = Math.max(serves.length, jvms.length);
        int conns = Integer.parseInt(opt.get("--connections"));
        int rows = Integer.parseInt(opt.get("--rows"));
        double seconds = Double.parseDouble(opt.get("--seconds"));
        List<Map<String, Object>> results = new ArrayList<>();
        for (int rep = 0; rep < Integer.parseInt(opt.get("--repeat")); rep++) {
            for (int v = 0; v < variants; v++) {
                String serve = serves[Math.min(v, serves.length - 1)].trim();
                String jvm = jvms[Math.min(v, jvms.length - 1)].trim();
                Map<String, Object> r = profile(model, texts, jvm, serve, conns, rows, seconds);
                results.add(r);
                System.err.println("profile: " + r);
            }
        }
        for (Map<String, Object> r : results) {
            System.out.println(ServerBench.JSON.writeValueAsString(r));
        }
    }

    static Map<String, Object> profile(Path model, List<String> texts, String jvm, String serve, int conns, int rows,
            double seconds) throws Exception {
        Path base = Files.createTempDirectory("profile-server").resolve("imdb_lstm");
        io.textlstm.FileTrees.copy(model, base.resolve("1"));
        Path jfr = base.getParent().resolve("server.jfr");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> jvmArgs = new ArrayList<>(Arrays.asList(jvm.split("\\s+")));
        // "-cp DIRS" among a variant's JVM options: the server runs that build (e.g. main's classes) instead of this one
        String classpath = System.getProperty("java.class.path");
        int cpAt = jvmArgs.indexOf("-cp");
        if (cpAt >= 0) {
            classpath = jvmArgs.get(cpAt + 1) + ":" + classpath;
            jvmArgs.subList(cpAt, cpAt + 2).clear();
        }
        cmd.addAll(jvmArgs);
        cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        cmd.addAll(List.of("-cp", classpath, "io.textlstm.cli.TextLstm", "serve", "--model",
                "imdb_lstm=" + base, "--port", "0", "--host", "127.0.0.1"));
        if (!serve.isEmpty()) {
            cmd.addAll(Arrays.asList(serve.split("\\s+")));
        }
        cmd.removeIf(String::isEmpty);
        ServeProcess server = ServeProcess.start(new ProcessBuilder(cmd));
        java.time.Instant[] window = new java.time.Instant[2];
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jvm", jvm);
        r.put("serve", serve);
        r.put("connections", conns);
        r.put("reviews_per_request", rows);
        try {
            int port = server.port(300);
            long pid = server.process().pid();
            ServerBench.load(port, texts, rows, conns, 3, null); // warm-up
            double[] batchBefore = batchSizes(port);
            Map<String, Double> cpuBefore = threadCpu(pid);
            long[] machineBefore = machineTicks();
            window[0] = java.time.Instant.now();
            Map<String, Object> load = ServerBench.load(port, texts, rows, conns, seconds, null);
            window[1] = java.time.Instant.now();
            Map<String, Double> cpuAfter = threadCpu(pid);
            long[] machineAfter = machineTicks();
            double[] batchAfter = batchSizes(port);
            double elapsed = (Double) load.get("seconds");
            r.put("reviews_per_s", load.get("reviews_per_s"));
            r.put("p50_ms", load.get("p50_ms"));
            r.put("p99_ms", load.get("p99_ms"));
            r.put("errors", load.get("errors"));
            double runs = batchAfter[1] - batchBefore[1];
            r.put("model_runs_per_s", runs / elapsed);
            r.put("mean_merged_batch", runs == 0 ? 0 : (batchAfter[0] - batchBefore[0]) / runs);
            Map<String, Double> groups = new TreeMap<>();
            cpuAfter.forEach((k, v) -> {
                double d = v - cpuBefore.getOrDefault(k, 0.0);
                groups.merge(k.substring(0, k.indexOf('|')), d / elapsed, Double::sum);
            });
            groups.replaceAll((k, v) -> Math.round(v * 100) / 100.0);
            r.put("server_cores_by_thread_group", groups);
            long busy = (machineAfter[0] - machineBefore[0]);
            long total = (machineAfter[1] - machineBefore[1]);
            r.put("machine_cores_busy", Math.round(100.0 * busy / total * Runtime.getRuntime().availableProcessors()) / 100.0);
            r.put("load_average", ServingProfile.loadAverage());
        } finally {
            server.stop(60);
        }
        r.put("java_samples", window[1] == null ? Map.of() : javaSamples(jfr, window[0], window[1]));
        return r;
    }

    /** CPU seconds of each thread of the process, keyed "group|tid". */
    static Map<String, Double> threadCpu(long pid) throws Exception {
        Map<String, Double> out = new TreeMap<>();
        double tick = 100.0; // USER_HZ
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / tick;
                    out.put(group(comm) + "|" + task.getFileName(), cpu);
                } catch (java.io.IOException e) {
                    // the thread ended
                }
            }
        }
        return out;
    }

    static String group(String comm) {
        if (comm.startsWith("textlstm-http")) {
            return "HTTP (Jetty: accept, parse, JSON in)";
        }
        if (comm.startsWith("textlstm-batch")) {
            return "batch threads (TF call, JSON out)";
        }
        if (comm.startsWith("GC ") || comm.startsWith("VM Thread") || comm.startsWith("G1") || comm.startsWith("VM Periodic")) {
            return "GC and VM";
        }
        if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
            return "JIT";
        }
        if (comm.startsWith("textlstm-loader")) {
            // TF names none of its threads: its pools' threads carry the name of the thread that created the first
            // session, the loader (which itself sleeps while serving)
            return "TensorFlow pools (inter- and intra-op)";
        }
        if (comm.startsWith("JFR") || comm.startsWith("JFR ")) {
            return "JFR";
        }
        return "other (" + comm.replaceAll("[0-9]+$", "") + ")";
    }

    /** Busy and total jiffies of all CPUs. */
    static long[] machineTicks() throws Exception {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new long[] {total - idle, total};
    }

    /** Sum and count of the merged batch size histogram. */
    static double[] batchSizes(int port) throws Exception {
        String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/monitoring/prometheus/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        double count = 0;
        Matcher m = Pattern.compile("(?m)^textlstm_serve_batch_size_(sum|count)\\{[^}]*} (\\S+)$").matcher(page);
        while (m.find()) {
            if (m.group(1).equals("sum")) {
                sum += Double.parseDouble(m.group(2));
            } else {
                count += Double.parseDouble(m.group(2));
            }
        }
        return new double[] {sum, count};
    }

    /** Share of the recording's Java execution samples by what the sampled thread was doing. */
    static Map<String, Object> javaSamples(Path jfr, java.time.Instant from, java.time.Instant to) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        if (!Files.exists(jfr)) {
            return Map.of();
        }
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")
                    || e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            String what = type.equals("jdk.NativeMethodSample") ? "in native code: " : "running Java: ";
            counts.merge(threadGroup(thread) + ", " + what + category(e), 1, Integer::sum);
            total++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int all = total;
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(14)
                .forEach(en -> out.put(en.getKey(), String.format(Locale.ROOT, "%.1f%%", 100.0 * en.getValue() / all)));
        out.put("samples", total);
        return out;
    }

    static String threadGroup(String name) {
        return name == null ? "?" : name.startsWith("textlstm-http") ? "HTTP" : name.startsWith("textlstm-batch") ? "batch" : name.replaceAll("[0-9]+$", "");
    }

    /** The first frame (from the top) in a package that says what the thread does. */
    static String category(RecordedEvent e) {
        if (e.getStackTrace() == null) {
            return "?";
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            String c = f.getMethod().getType().getName();
            if (c.startsWith("org.tensorflow") || c.startsWith("org.bytedeco")) {
                return "TF Java";
            }
            if (c.startsWith("com.fasterxml.jackson")) {
                return "JSON (Jackson)";
            }
            if (c.startsWith("io.textlstm.serve.BatchScheduler")) {
                return "batch queue";
            }
            if (c.startsWith("io.textlstm.serve.PredictResponseJson")) {
                return "JSON out";
            }
            if (c.startsWith("io.textlstm.serve.PredictBodyParser") || c.startsWith("io.textlstm.serve.JsonTensor")) {
                return "JSON in (request parser)";
            }
            if (c.startsWith("io.prometheus")) {
                return "metrics";
            }
            if (c.startsWith("org.eclipse.jetty") || c.startsWith("sun.nio") || c.startsWith("java.nio")) {
                return "HTTP (Jetty, sockets)";
            }
        }
        return "other: " + e.getStackTrace().getFrames().get(0).getMethod().getType().getName();
    }
}
