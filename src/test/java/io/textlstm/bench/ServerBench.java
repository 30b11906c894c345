package io.textlstm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.textlstm.FileTrees;
import io.textlstm.client.ModelDirectory;
import io.textlstm.client.TextClassifier;
import io.textlstm.data.DataSettings;
import io.textlstm.data.load.DatasetLoader;
import io.textlstm.data.LabeledText;
import io.textlstm.serve.ServeFixtures;
import io.textlstm.serve.ServeProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark of {@code textlstm serve} (tools/bench-server): a {@code textlstm serve} process with the given model
 * on 127.0.0.1, driven by a load generator in this JVM (the JDK's HTTP client) with real IMDB test reviews, one per
 * request and 64 per request, at 1, 8 and 64 connections; in the same run, in-process {@link TextClassifier}
 * throughput and latency as the baseline; a version hot swap in the middle of a run at 64 connections; resident
 * memory of the server over load/unload cycles. Bounded: every phase has a fixed duration or count.
 *
 * <p>Usage: {@code ServerBench [--model DIR] [--seconds S] [--swap-seconds S] [--cycles N] [--out results/server]}
 */
public final class ServerBench {
    private ServerBench() {}

    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--model", "savedmodel/imdb_lstm", "--seconds", "10",
                "--swap-seconds", "60", "--cycles", "10", "--out", "results/server"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        double seconds = Double.parseDouble(opt.get("--seconds"));
        Path model = ModelDirectory.resolve(Path.of(opt.get("--model"))).directory();
        List<String> texts = reviews(2000);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toString());
        out.put("reviews", texts.size());
        out.put("cores", Runtime.getRuntime().availableProcessors());

        // baseline, in this JVM, before the server starts
        Map<String, Object> inproc = new LinkedHashMap<>();
        try (TextClassifier c = TextClassifier.load(model)) {
            ServingBench.throughput(c, texts, 64, 2);
            inproc.put("batch1_reviews_per_s", ServingBench.throughput(c, texts, 1, seconds));
            inproc.put("batch64_reviews_per_s", ServingBench.throughput(c, texts, 64, seconds));
            double[] lat = ServingBench.latencies(c, texts, seconds / 2);
            inproc.put("single_p50_ms", ServingBench.percentile(lat, 50));
            inproc.put("single_p99_ms", ServingBench.percentile(lat, 99));
        }
        out.put("in_process", inproc);
        System.err.println("in-process: " + inproc);

        Path base = Files.createTempDirectory("bench-server").resolve("imdb_lstm");
        FileTrees.copy(model, base.resolve("1"));
        Server server = Server.start(base);
        try {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int rows : new int[] {1, 64}) {
                for (int conns : new int[] {1, 8, 64}) {
                    load(server.port, texts, rows, conns, Math.min(2, seconds), null); // warm-up
                    Map<String, Object> r = load(server.port, texts, rows, conns, seconds, null);
                    runs.add(r);
                    System.err.println("load: " + r);
                }
            }
            out.put("runs", runs);

            double swapSeconds = Double.parseDouble(opt.get("--swap-seconds"));
            Map<String, Object> swap = load(server.port, texts, 1, 64, swapSeconds, () -> {
                try {
                    Thread.sleep((long) (swapSeconds * 500));
                    ServeFixtures.publish(base.resolve("1"), base, 2);
                    System.err.println("swap: version 2 published");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            swap.put("versions_after", status(server.port));
            out.put("hot_swap", swap);
            System.err.println("hot swap: " + swap);

            int cycles = Integer.parseInt(opt.get("--cycles"));
            Map<String, Object> mem = new LinkedHashMap<>();
            long version = 2;
            List<Long> rss = new ArrayList<>();
            for (int i = 1; i <= cycles; i++) {
                version++;
                long prev = version - 1;
                ServeFixtures.publish(base.resolve(Long.toString(prev)), base, version);
                long v = version;
                awaitState(server.port, v, "AVAILABLE", prev, "END");
                ServingBenchLoad.burst(server.port, texts);
                rss.add(server.rssKb());
                System.err.println("cycle " + i + ": version " + v + " serving, RSS " + rss.get(rss.size() - 1) / 1024 + " MB");
            }
            mem.put("rss_mb_per_cycle", rss.stream().map(k -> k / 1024).toList());
            mem.put("rss_mb_after_first", rss.get(0) / 1024);
            mem.put("rss_mb_after_last", rss.get(rss.size() - 1) / 1024);
            mem.put("ratio_last_to_first", rss.get(rss.size() - 1) / (double) rss.get(0));
            out.put("load_unload_cycles", mem);
        } finally {
            server.stop();
        }
        // the temporary base path is this machine's; the log lines keep only what they say
        out.put("server_log", server.logTail().stream().map(l -> l.replace(base.toString(), "<base>")).toList());
        write(out, Path.of(opt.get("--out")));
    }

    /** The first {@code n} IMDB test reviews, negative and positive alternating (as ReviewSample picks them). */
    static List<String> reviews(int n) throws Exception {
        List<LabeledText> test = DatasetLoader.load(DataSettings.defaults()).test();
        List<String> out = new ArrayList<>();
        for (int i = 0; out.size() < n && i < test.size() / 2; i++) {
            out.add(test.get(i).text());
            out.add(test.get(test.size() / 2 + i).text());
        }
        return out.subList(0, Math.min(n, out.size()));
    }

    /**
     * {@code conns} clients, each sending its next request as soon as the last is answered, for {@code seconds};
     * {@code during} runs on the side (the hot swap). Reviews/s, requests/s, latency p50/p99, errors.
     */
    static Map<String, Object> load(int port, List<String> texts, int rows, int conns, double seconds, Runnable during)
            throws Exception {
        return WRK != null ? wrk(port, texts, rows, conns, seconds, during) : jdkLoad(port, texts, rows, conns, seconds, during);
    }

    /** wrk on the PATH (Debian: apt-get install wrk), or null: then the JDK's HTTP client generates the load. */
    static final String WRK = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "wrk"))
            .filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);

    /** The same load with wrk: a Lua script cycles through the request bodies. */
    static Map<String, Object> wrk(int port, List<String> texts, int rows, int conns, double seconds, Runnable during)
            throws Exception {
        Path dir = Files.createTempDirectory("bench-wrk");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i + rows <= texts.size(); i += rows) {
            bodies.add(JSON.writeValueAsString(Map.of("instances", texts.subList(i, i + rows))));
        }
        Path bodyFile = Files.write(dir.resolve("bodies.jsonl"), bodies, StandardCharsets.UTF_8);
        Path script = Files.writeString(dir.resolve("post.lua"), String.join("\n",
                "local bodies = {}",
                "for line in io.lines(\"" + bodyFile + "\") do bodies[#bodies + 1] = line end",
                "local i = math.random(#bodies)",
                "request = function()",
                "  i = i % #bodies + 1",
                "  return wrk.format(\"POST\", nil, {[\"Content-Type\"] = \"application/json\"}, bodies[i])",
                "end", ""));
        int threads = Math.min(conns, 2);
        Process p = new ProcessBuilder(WRK, "-t" + threads, "-c" + conns, "-d" + Math.max(1, Math.round(seconds)) + "s", "--latency",
                "--timeout", "30s", "-s", script.toString(), "http://127.0.0.1:" + port + "/v1/models/imdb_lstm:predict")
                .redirectErrorStream(true).start();
        if (during != null) {
            during.run();
        }
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("reviews_per_request", rows);
        r.put("connections", conns);
        Matcher total = Pattern.compile("(\\d+) requests in ([0-9.]+)(ms|s|m)").matcher(text);
        if (!total.find()) {
            throw new IllegalStateException("wrk said:\n" + text);
        }
        long requests = Long.parseLong(total.group(1));
        double elapsed = Double.parseDouble(total.group(2)) * switch (total.group(3)) { case "ms" -> 1e-3; case "m" -> 60; default -> 1; };
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher sock = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(text);
        if (sock.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(sock.group(g));
            }
        }
        r.put("seconds", elapsed);
        r.put("requests", requests - errors);
        r.put("reviews_per_s", (requests - errors) * rows / elapsed);
        r.put("p50_ms", wrkPercentile(text, "50%"));
        r.put("p99_ms", wrkPercentile(text, "99%"));
        r.put("errors", errors);
        r.put("load_generator", "wrk");
        return r;
    }

    static double wrkPercentile(String text, String which) {
        Matcher m = Pattern.compile("(?m)^\\s+" + which + "\\s+([0-9.]+)(us|ms|s)").matcher(text);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            default -> v * 1000;
        };
    }

    static Map<String, Object> jdkLoad(int port, List<String> texts, int rows, int conns, double seconds, Runnable during)
            throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i + rows <= texts.size(); i += rows) {
            bodies.add(JSON.writeValueAsBytes(Map.of("instances", texts.subList(i, i + rows))));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/models/imdb_lstm:predict");
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> errorSamples = new ArrayList<>();
        List<long[]> latencies = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        List<CompletableFuture<Void>> users = new ArrayList<>();
        for (int u = 0; u < conns; u++) {
            long[] lat = new long[1 << 20];
            latencies.add(lat);
            int[] count = {0};
            int offset = u * 7;
            CompletableFuture<Void> done = new CompletableFuture<>();
            users.add(done);
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (System.nanoTime() >= end) {
                    lat[lat.length - 1] = count[0];
                    done.complete(null);
                    return;
                }
                byte[] body = bodies.get((offset + count[0]) % bodies.size());
                long t0 = System.nanoTime();
                client.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            long t = System.nanoTime() - t0;
                            if (e == null && r.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                                synchronized (errorSamples) {
                                    if (errorSamples.size() < 5) {
                                        errorSamples.add(e != null ? e.toString() : r.statusCode() + " " + r.body());
                                    }
                                }
                            }
                            if (count[0] < lat.length - 1) {
                                lat[count[0]] = t;
                            }
                            count[0]++;
                            next[0].run();
                        });
            };
            next[0].run();
        }
        if (during != null) {
            during.run();
        }
        CompletableFuture.allOf(users.toArray(new CompletableFuture[0])).get((long) (seconds + 120), TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> all = new ArrayList<>();
        for (long[] lat : latencies) {
            int n = (int) Math.min(lat[lat.length - 1], lat.length - 1);
            for (int i = 0; i < n; i++) {
                all.add(lat[i] / 1e6);
            }
        }
        double[] ms = all.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("reviews_per_request", rows);
        r.put("connections", conns);
        r.put("seconds", Math.round(elapsed * 10) / 10.0);
        r.put("requests", ok.get());
        r.put("reviews_per_s", ok.get() * rows / elapsed);
        r.put("p50_ms", ms.length == 0 ? Double.NaN : ServingBench.percentile(ms, 50));
        r.put("p99_ms", ms.length == 0 ? Double.NaN : ServingBench.percentile(ms, 99));
        r.put("errors", errors.get());
        r.put("load_generator", "JDK HttpClient");
        if (!errorSamples.isEmpty()) {
            r.put("error_samples", errorSamples);
        }
        return r;
    }

    /** A few requests, so that every cycle's version has run. */
    static final class ServingBenchLoad {
        static void burst(int port, List<String> texts) throws Exception {
            load(port, texts, 64, 2, 0.5, null);
        }
    }

    static String status(int port) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        JsonNode s = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/models/imdb_lstm"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : s.get("model_version_status")) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v.get("version").asText()).append(' ').append(v.get("state").asText());
        }
        return sb.toString();
    }

    static void awaitState(int port, long v, String state, long prev, String prevState) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            String s = status(port);
            if (s.contains(v + " " + state) && s.contains(prev + " " + prevState)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("version " + v + " not " + state + " within 120 s: " + status(port));
    }

    /** A {@code textlstm serve} process on 127.0.0.1 with an ephemeral port. */
    static final class Server {
        final ServeProcess serve;
        final Process process;
        final int port;

        private Server(ServeProcess serve) throws Exception {
            this.serve = serve;
            this.process = serve.process();
            this.port = serve.port(300);
        }

        static Server start(Path base) throws Exception {
            return new Server(ServeProcess.start(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.textlstm.cli.TextLstm", "serve",
                    "--model", "imdb_lstm=" + base, "--port", "0", "--host", "127.0.0.1", "--file-system-poll-wait-seconds", "0.5")));
        }

        long rssKb() throws Exception {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        }

        void stop() throws Exception {
            if (!serve.stop(60)) {
                process.destroyForcibly();
            }
        }

        List<String> logTail() {
            return List.of(serve.log().split("\n")).stream().filter(l -> l.contains(" serve - ")).toList();
        }
    }

    @SuppressWarnings("unchecked")
    static void write(Map<String, Object> out, Path prefix) throws Exception {
        Files.createDirectories(prefix.toAbsolutePath().getParent());
        Path json = Path.of(prefix + ".json");
        Files.writeString(json, JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out) + "\n");
        Map<String, Object> in = (Map<String, Object>) out.get("in_process");
        double inproc64 = (Double) in.get("batch64_reviews_per_s");
        double inprocP50 = (Double) in.get("single_p50_ms");
        StringBuilder md = new StringBuilder();
        md.append("# textlstm serve benchmark\n\n");
        md.append("`tools/bench-server` on ").append(out.get("cores")).append(" cores: a `textlstm serve` process with `")
                .append(out.get("model")).append("` on 127.0.0.1, the first ")
                .append(out.get("reviews")).append(" IMDB test reviews; load generator: ").append(WRK != null ? "wrk" : "the JDK's HTTP client in this JVM")
                .append(". Baseline in the same run: in-process `TextClassifier`, ")
                .append(f(inproc64)).append(" reviews/s at batch 64, ").append(f((Double) in.get("batch1_reviews_per_s")))
                .append(" at batch 1, single-review p50 ").append(f2(inprocP50)).append(" ms (p99 ")
                .append(f2((Double) in.get("single_p99_ms"))).append(" ms).\n\n");
        md.append("| reviews/request | connections | reviews/s | ratio to in-process batch 64 | p50 ms | p99 ms | errors |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) out.get("runs")) {
            double rps = (Double) r.get("reviews_per_s");
            md.append("| ").append(r.get("reviews_per_request")).append(" | ").append(r.get("connections")).append(" | ")
                    .append(f(rps)).append(" | ").append(f2(rps / inproc64)).append(" | ").append(f2((Double) r.get("p50_ms")))
                    .append(" | ").append(f2((Double) r.get("p99_ms"))).append(" | ").append(r.get("errors")).append(" |\n");
        }
        Map<String, Object> swap = (Map<String, Object>) out.get("hot_swap");
        Map<String, Object> mem = (Map<String, Object>) out.get("load_unload_cycles");
        md.append("\nHot swap: ").append(swap.get("seconds")).append(" s at 64 connections, one review per request, version 2 published ")
                .append("halfway: ").append(swap.get("requests")).append(" requests, ").append(swap.get("errors"))
                .append(" errors, p99 ").append(f2((Double) swap.get("p99_ms"))).append(" ms; afterwards: ")
                .append(swap.get("versions_after")).append(".\n\n");
        md.append("Load/unload cycles: resident memory of the server after each of ").append(((List<?>) mem.get("rss_mb_per_cycle")).size())
                .append(" cycles (MB): ").append(mem.get("rss_mb_per_cycle")).append("; last/first ")
                .append(f2((Double) mem.get("ratio_last_to_first"))).append(".\n");
        Files.writeString(Path.of(prefix + ".md"), md);
        System.out.print(md);
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
