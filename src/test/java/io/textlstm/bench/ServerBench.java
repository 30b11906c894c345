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
 * throughput at batch sizes 1 to 1,000 and latency as the baseline; a version hot swap in the middle of a run at 64 connections; resident
 * memory of the server over load/unload cycles. Bounded: every phase has a fixed duration or count.
 *
 * <p>Usage: {@code ServerBench [--model DIR] [--baseline DIR] [--before-classes DIRS] [--seconds S] [--swap-seconds S]
 * [--cycles N] [--out results/server]}. {@code --before-classes} names an earlier build's class folders: a server
 * from them runs beside this build's (one review per request, alternating) and through the same hot swap and
 * load/unload cycles, for before/after rows of one run. {@code --baseline} names an earlier export of the same weights: its in-process curve
 * alternates with the model's, and a server serving it gives the "before" rows at 1 and 64 connections.
 */
public final class ServerBench {
    private ServerBench() {}

    static final ObjectMapper JSON = new ObjectMapper();
    /** Batch sizes of the in-process curve. */
    static final int[] CURVE = {1, 8, 16, 32, 64, 128, 256, 1000};

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("--model", "savedmodel/imdb_lstm", "--seconds", "10",
                "--swap-seconds", "60", "--cycles", "10", "--out", "results/server", "--only", "all"));
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

        // baseline, in this JVM (fresh), before the server starts: the batch-size curve of this model and, with
        // --baseline, of an earlier export (alternating batch size by batch size)
        Map<String, Object> inproc = new LinkedHashMap<>();
        String beforeClasses = opt.get("--before-classes");
        out.put("before_classes", beforeClasses == null ? null : "given");
        Path baseline = opt.containsKey("--baseline") ? ModelDirectory.resolve(Path.of(opt.get("--baseline"))).directory() : null;
        out.put("baseline_model", baseline == null ? null : baseline.toString());
        out.put("load_average_start", ServingProfile.loadAverage());
        List<Map<String, Object>> curve = new ArrayList<>();
        try (TextClassifier c = TextClassifier.load(model); TextClassifier b = baseline == null ? null : TextClassifier.load(baseline)) {
            for (int batch : CURVE) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("batch", batch);
                point.put("reviews_per_s", ServingBench.throughput(c, texts, batch, seconds / 2));
                if (b != null) {
                    point.put("baseline_reviews_per_s", ServingBench.throughput(b, texts, batch, seconds / 2));
                }
                curve.add(point);
                System.err.println("in-process: " + point);
            }
            double[] lat = ServingBench.latencies(c, texts, seconds / 2);
            inproc.put("single_p50_ms", ServingBench.percentile(lat, 50));
            inproc.put("single_p99_ms", ServingBench.percentile(lat, 99));
            if (b != null) {
                double[] blat = ServingBench.latencies(b, texts, seconds / 2);
                inproc.put("baseline_single_p50_ms", ServingBench.percentile(blat, 50));
            }
        }
        inproc.put("curve", curve);
        for (Map<String, Object> point : curve) {
            inproc.put("batch" + point.get("batch") + "_reviews_per_s", point.get("reviews_per_s"));
        }
        out.put("in_process", inproc);

        Path base = Files.createTempDirectory("bench-server").resolve("imdb_lstm");
        FileTrees.copy(model, base.resolve("1"));
        Server server = Server.start(base);
        try {
            boolean grpcOnly = opt.get("--only").equals("grpc");
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int rows : grpcOnly ? new int[0] : new int[] {1, 64}) {
                for (int conns : new int[] {1, 8, 64}) {
                    load(server.port, texts, rows, conns, Math.min(2, seconds), null); // warm-up
                    Map<String, Object> r = load(server.port, texts, rows, conns, seconds, null);
                    runs.add(r);
                    System.err.println("load: " + r);
                }
            }
            out.put("runs", runs);
            if (beforeClasses != null && !grpcOnly) {
                // the earlier build serving the same model beside this one, one review per request, alternating
                Path baseBefore = Files.createTempDirectory("bench-server-before").resolve("imdb_lstm");
                FileTrees.copy(model, baseBefore.resolve("1"));
                Server before = Server.start(baseBefore, beforeClasses);
                List<Map<String, Object>> pairs = new ArrayList<>();
                try {
                    for (int conns : new int[] {1, 8, 64}) {
                        for (Server s : new Server[] {before, server}) {
                            load(s.port, texts, 1, conns, Math.min(2, seconds), null); // warm-up
                            double[] b0 = ServerProfile.batchSizes(s.port);
                            Map<String, Object> r = load(s.port, texts, 1, conns, seconds, null);
                            double[] b1 = ServerProfile.batchSizes(s.port);
                            r.put("build", s == before ? "before" : "after");
                            r.put("mean_merged_batch", (b1[0] - b0[0]) / Math.max(1, b1[1] - b0[1]));
                            pairs.add(r);
                            System.err.println("before/after: " + r);
                        }
                    }
                } finally {
                    before.stop();
                }
                out.put("before_after", pairs);
            }

            // gRPC beside REST, one review per request; REST again with a client in this JVM as well, so both APIs
            // are driven by a Java client sharing the cores alike (wrk above is lighter than either); alternating
            List<Map<String, Object>> grpcRuns = new ArrayList<>();
            for (int conns : new int[] {1, 8, 64}) {
                GrpcLoad.load(server.grpcPort, texts, 1, conns, Math.min(2, seconds)); // warm-up
                jdkLoad(server.port, texts, 1, conns, Math.min(2, seconds), null);
                for (int round = 0; round < 2; round++) {
                    Map<String, Object> g = GrpcLoad.load(server.grpcPort, texts, 1, conns, seconds / 2);
                    Map<String, Object> h = jdkLoad(server.port, texts, 1, conns, seconds / 2, null);
                    h.put("api", "REST");
                    grpcRuns.add(g);
                    grpcRuns.add(h);
                    System.err.println("gRPC: " + g + "\nREST (JDK client): " + h);
                }
            }
            out.put("grpc_vs_rest", grpcRuns);
            if (!grpcOnly) {

            double swapSeconds = Double.parseDouble(opt.get("--swap-seconds"));
            int cycles = Integer.parseInt(opt.get("--cycles"));
            out.put("hot_swap", hotSwap(server, base, texts, swapSeconds));
            out.put("load_unload_cycles", cycles(server, base, texts, cycles, 2));
            if (beforeClasses != null) {
                // the earlier build, fresh, through the same swap and cycles
                Path baseBefore = Files.createTempDirectory("bench-server-before").resolve("imdb_lstm");
                FileTrees.copy(model, baseBefore.resolve("1"));
                Server before = Server.start(baseBefore, beforeClasses);
                try {
                    out.put("before_hot_swap", hotSwap(before, baseBefore, texts, swapSeconds));
                    out.put("before_load_unload_cycles", cycles(before, baseBefore, texts, cycles, 2));
                } finally {
                    before.stop();
                }
            }
            }
        } finally {
            server.stop();
        }
        // the temporary base path is this machine's; the log lines keep only what they say
        out.put("server_log", server.logTail().stream().map(l -> l.replace(base.toString(), "<base>")).toList());
        if (baseline != null) {
            // the same server, serving the earlier export: the "before" rows
            Path baseBefore = Files.createTempDirectory("bench-server-baseline").resolve("imdb_lstm");
            io.textlstm.FileTrees.copy(baseline, baseBefore.resolve("1"));
            Server before = Server.start(baseBefore);
            try {
                List<Map<String, Object>> runs = new ArrayList<>();
                for (int conns : new int[] {1, 64}) {
                    load(before.port, texts, 1, conns, Math.min(2, seconds), null); // warm-up
                    Map<String, Object> r = load(before.port, texts, 1, conns, seconds, null);
                    runs.add(r);
                    System.err.println("baseline load: " + r);
                }
                out.put("baseline_runs", runs);
            } finally {
                before.stop();
            }
        }
        out.put("load_average_end", ServingProfile.loadAverage());
        write(out, Path.of(opt.get("--out")));
    }

    /** {@code seconds} at 64 connections, one review per request, with version 2 published halfway. */
    static Map<String, Object> hotSwap(Server server, Path base, List<String> texts, double seconds) throws Exception {
        Map<String, Object> swap = load(server.port, texts, 1, 64, seconds, () -> {
            try {
                Thread.sleep((long) (seconds * 500));
                ServeFixtures.publish(base.resolve("1"), base, 2);
                System.err.println("swap: version 2 published");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        swap.put("versions_after", status(server.port));
        System.err.println("hot swap: " + swap);
        return swap;
    }

    /**
     * {@code cycles} times: publish the next version, wait until it serves and the last one has unloaded, run a
     * burst; the server's resident memory after each.
     */
    static Map<String, Object> cycles(Server server, Path base, List<String> texts, int cycles, long version) throws Exception {
        Map<String, Object> mem = new LinkedHashMap<>();
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
        return mem;
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
        final int grpcPort;
        final Process process;
        final int port;

        private Server(ServeProcess serve) throws Exception {
            this.serve = serve;
            this.process = serve.process();
            this.port = serve.port(300);
            this.grpcPort = serve.grpcPort();
        }

        static Server start(Path base) throws Exception {
            return start(base, null);
        }

        /** {@code classes}: another build's class folders, ahead of this one's (the "before" server); null: this build. */
        static Server start(Path base, String classes) throws Exception {
            String cp = (classes == null ? "" : classes + ":") + System.getProperty("java.class.path");
            return new Server(ServeProcess.start(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx2g", "-cp", cp, "io.textlstm.cli.TextLstm", "serve",
                    "--model", "imdb_lstm=" + base, "--port", "0", "--grpc-port", Integer.toString(ServeProcess.freePort()),
                    "--host", "127.0.0.1", "--file-system-poll-wait-seconds", "0.5")));
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
        List<Map<String, Object>> curve = (List<Map<String, Object>>) in.get("curve");
        double inproc64 = (Double) in.get("batch64_reviews_per_s");
        double inproc1000 = (Double) in.get("batch1000_reviews_per_s");
        double inprocP50 = (Double) in.get("single_p50_ms");
        boolean withBaseline = out.get("baseline_model") != null;
        StringBuilder md = new StringBuilder();
        md.append("# textlstm serve benchmark\n\n");
        md.append("`tools/bench-server` on ").append(out.get("cores")).append(" cores: a `textlstm serve` process with `")
                .append(out.get("model")).append("` on 127.0.0.1, the first ")
                .append(out.get("reviews")).append(" IMDB test reviews; load generator: ").append(WRK != null ? "wrk" : "the JDK's HTTP client in this JVM")
                .append(" (sharing the cores with the server); load average ").append(out.get("load_average_start")).append(" at the start, ")
                .append(out.get("load_average_end")).append(" at the end. Baseline in the same run: in-process `TextClassifier` in the ")
                .append("benchmark's fresh JVM, single-review p50 ").append(f2(inprocP50)).append(" ms (p99 ")
                .append(f2((Double) in.get("single_p99_ms"))).append(" ms)")
                .append(withBaseline ? "; the earlier export `" + out.get("baseline_model") + "` alternates with it batch size by batch size" : "")
                .append(".\n\n");
        md.append("In process, raw text, reviews/s by batch size:\n\n| batch | reviews/s | ratio to batch 1,000 |")
                .append(withBaseline ? " earlier export, reviews/s | ratio to earlier |" : "").append("\n|---|---|---|")
                .append(withBaseline ? "---|---|" : "").append("\n");
        for (Map<String, Object> p : curve) {
            double rps = (Double) p.get("reviews_per_s");
            md.append("| ").append(p.get("batch")).append(" | ").append(f(rps)).append(" | ").append(f2(rps / inproc1000)).append(" |");
            if (withBaseline) {
                double b = (Double) p.get("baseline_reviews_per_s");
                md.append(" ").append(f(b)).append(" | ").append(f2(rps / b)).append(" |");
            }
            md.append("\n");
        }
        md.append("\nServer:\n\n| reviews/request | connections | reviews/s | ratio to in-process batch 1,000 | ratio to in-process batch 64 | p50 ms | p99 ms | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) out.getOrDefault("runs", List.of())) {
            double rps = (Double) r.get("reviews_per_s");
            md.append("| ").append(r.get("reviews_per_request")).append(" | ").append(r.get("connections")).append(" | ")
                    .append(f(rps)).append(" | ").append(f2(rps / inproc1000)).append(" | ").append(f2(rps / inproc64)).append(" | ")
                    .append(f2((Double) r.get("p50_ms"))).append(" | ").append(f2((Double) r.get("p99_ms"))).append(" | ")
                    .append(r.get("errors")).append(" |\n");
        }
        if (withBaseline) {
            md.append("\nThe same server serving the earlier export (one review per request):\n\n| connections | reviews/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|\n");
            for (Map<String, Object> r : (List<Map<String, Object>>) out.get("baseline_runs")) {
                md.append("| ").append(r.get("connections")).append(" | ").append(f((Double) r.get("reviews_per_s"))).append(" | ")
                        .append(f2((Double) r.get("p50_ms"))).append(" | ").append(f2((Double) r.get("p99_ms"))).append(" | ")
                        .append(r.get("errors")).append(" |\n");
            }
        }
        List<Map<String, Object>> pairs = (List<Map<String, Object>>) out.get("before_after");
        if (pairs != null) {
            md.append("\nThe earlier build (`--before-classes`) and this one serving the same model, one review per request, "
                    + "alternating run by run (the merged batch is the mean rows per model run, from the server's metrics):\n\n"
                    + "| connections | build | reviews/s | after / before | p50 ms | p99 ms | mean merged batch | errors |\n"
                    + "|---|---|---|---|---|---|---|---|\n");
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                Map<String, Object> b = pairs.get(i);
                Map<String, Object> a = pairs.get(i + 1);
                for (Map<String, Object> r : List.of(b, a)) {
                    double rps = (Double) r.get("reviews_per_s");
                    md.append("| ").append(r.get("connections")).append(" | ").append(r.get("build")).append(" | ").append(f(rps))
                            .append(" | ").append(r == a ? f2(rps / (Double) b.get("reviews_per_s")) : "").append(" | ")
                            .append(f2((Double) r.get("p50_ms"))).append(" | ").append(f2((Double) r.get("p99_ms"))).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f", (Double) r.get("mean_merged_batch"))).append(" | ")
                            .append(r.get("errors")).append(" |\n");
                }
            }
        }
        md.append("\ngRPC and REST, one review per request, the same Java load generator for both (grpc-java; the JDK's "
                + "HTTP client), alternating runs of half the time each:\n\n");
        md.append("| API | connections | reviews/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : (List<Map<String, Object>>) out.get("grpc_vs_rest")) {
            md.append("| ").append(r.get("api")).append(" | ").append(r.get("connections")).append(" | ")
                    .append(f((Double) r.get("reviews_per_s"))).append(" | ").append(f2((Double) r.get("p50_ms")))
                    .append(" | ").append(f2((Double) r.get("p99_ms"))).append(" | ").append(r.get("errors")).append(" |\n");
        }
        Map<String, Object> swap = (Map<String, Object>) out.get("hot_swap");
        Map<String, Object> mem = (Map<String, Object>) out.get("load_unload_cycles");
        if (swap == null || mem == null) {
            Files.writeString(Path.of(prefix + ".md"), md);
            System.out.print(md);
            return;
        }
        md.append("\nHot swap: ").append(swap.get("seconds")).append(" s at 64 connections, one review per request, version 2 published ")
                .append("halfway: ").append(swap.get("requests")).append(" requests, ").append(swap.get("errors"))
                .append(" errors, p99 ").append(f2((Double) swap.get("p99_ms"))).append(" ms; afterwards: ")
                .append(swap.get("versions_after")).append(".\n\n");
        md.append("Load/unload cycles: resident memory of the server after each of ").append(((List<?>) mem.get("rss_mb_per_cycle")).size())
                .append(" cycles (MB): ").append(mem.get("rss_mb_per_cycle")).append("; last/first ")
                .append(f2((Double) mem.get("ratio_last_to_first"))).append(".\n\n");
        Map<String, Object> bswap = (Map<String, Object>) out.get("before_hot_swap");
        Map<String, Object> bmem = (Map<String, Object>) out.get("before_load_unload_cycles");
        if (bswap != null && bmem != null) {
            md.append("The earlier build, fresh, through the same: hot swap ").append(bswap.get("requests")).append(" requests, ")
                    .append(bswap.get("errors")).append(" errors, p99 ").append(f2((Double) bswap.get("p99_ms")))
                    .append(" ms (this build: ").append(f2((Double) swap.get("p99_ms"))).append(" ms); resident memory (MB): ")
                    .append(bmem.get("rss_mb_per_cycle")).append("; last/first ").append(f2((Double) bmem.get("ratio_last_to_first")))
                    .append(".\n\n");
        }
        // issue 20's targets, as ratios of this run
        Map<String, Object> one = run(out, 1, 1);
        Map<String, Object> many = run(out, 1, 64);
        double r64 = inproc64 / inproc1000;
        double rServer = (Double) many.get("reviews_per_s") / inproc1000;
        double p99 = (Double) many.get("p99_ms");
        double p50gap = (Double) one.get("p50_ms") - inprocP50;
        md.append("Targets: in-process batch 64 / batch 1,000 = ").append(f2(r64)).append(r64 >= 0.6 ? " (≥ 0.6: met)" : " (< 0.6: missed)")
                .append("; one-review requests at 64 connections / in-process batch 1,000 = ").append(f2(rServer))
                .append(rServer >= 0.5 ? " (≥ 0.5: met)" : " (< 0.5: missed)").append(", p99 ").append(f2(p99))
                .append(p99 <= 150 ? " ms (≤ 150: met)" : " ms (> 150: missed)").append("; single-connection p50 − in-process batch-1 p50 = ")
                .append(f2(p50gap)).append(p50gap <= 1 ? " ms (≤ 1: met)" : " ms (> 1: missed)").append(".\n");
        Files.writeString(Path.of(prefix + ".md"), md);
        System.out.print(md);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(Map<String, Object> out, int rows, int conns) {
        for (Map<String, Object> r : (List<Map<String, Object>>) out.get("runs")) {
            if (((Number) r.get("reviews_per_request")).intValue() == rows && ((Number) r.get("connections")).intValue() == conns) {
                return r;
            }
        }
        throw new IllegalStateException("no run with " + rows + " reviews per request at " + conns + " connections");
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
