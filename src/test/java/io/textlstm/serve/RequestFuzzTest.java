package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.export.ExportFixtures;
import io.textlstm.serve.core.RequestLimits;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated bad requests against a running server (docs/serving.md, "API"), property by property: thousands of
 * malformed, truncated, nested, oversized and mistyped bodies, paths and headers, each answered with a 4xx and
 * {@code {"error": "..."}} (a generated body that happens to be a valid request may get its 200), never a 5xx, and
 * the server answers a good request as before after each batch of them.
 *
 * <p>The cases come from seeded generators, so a failure names the seed and the case that reproduce it
 * ({@code -Dfuzz.seed=N}); the count is fixed so the test runs in seconds. jqwik, the usual JVM library for this, is
 * not used: from 1.10 its maintainer asks that it not be used by AI coding agents, which write this project.
 */
class RequestFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20_261_202L);
    static final int BODIES = 2_000;
    static final int PATHS = 500;
    static final int HEADERS = 500;
    static final String PREDICT = "/v1/models/tiny:predict";
    static final RequestLimits LIMITS = new RequestLimits(64 << 10, 8, 300, Duration.ofSeconds(2));

    @TempDir static Path tmp;
    static ModelServer server;
    static int port;
    static String good;

    @BeforeAll
    static void start() throws Exception {
        ExportFixtures.exportBinary(tmp.resolve("tiny"));
        server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny")).host("127.0.0.1").port(0)
                .limits(LIMITS).build());
        port = server.port();
        good = Http.post(port, PREDICT, "{\"instances\": [\"a good film\"]}").body();
    }

    @AfterAll
    static void stop() {
        server.close();
        System.out.println("RequestFuzzTest answers by kind of case and status class: " + new java.util.TreeMap<>(ANSWERS));
    }

    /** One generated request: what it is (for the failure message), and whether it might be a valid request. */
    record Case(String what, byte[] bytes, boolean mayBeValid) {
        static Case of(String what, String text, boolean mayBeValid) {
            return new Case(what, text.getBytes(StandardCharsets.UTF_8), mayBeValid);
        }
    }

    // ------------------------------------------------------------------ bodies

    static final String[] VALID = {
        "{\"instances\": [\"I loved it\", \"Dull.\"]}",
        "{\"signature_name\": \"serving_default\", \"inputs\": {\"text\": [\"a\", \"b\"]}}",
        "{\"instances\": [{\"text\": \"a\"}, {\"text\": {\"b64\": \"YQ==\"}}]}",
        "{\"signature_name\": \"predict_ids\", \"instances\": [" + zeros(ExportFixtures.MAX_LENGTH) + "]}",
        "{\"signature_name\": \"predict_ids\", \"inputs\": [" + zeros(ExportFixtures.MAX_LENGTH) + "]}",
    };

    static String zeros(int n) {
        return "[" + "0, ".repeat(n - 1) + "0]";
    }

    /** A JSON value of any type, nested up to {@code depth}. */
    static String anyJson(Random r, int depth) {
        int k = depth <= 0 ? r.nextInt(6) : r.nextInt(8);
        return switch (k) {
            case 0 -> Integer.toString(r.nextInt(20_000) - 10_000);
            case 1 -> Double.toString(r.nextGaussian() * 1e6);
            case 2 -> r.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> "\"" + text(r, r.nextInt(20)) + "\"";
            case 5 -> new String[] {"NaN", "-Infinity", "1e999", "-0", "12345678901234567890", "{\"b64\": \"!!\"}"}[r.nextInt(6)];
            case 6 -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append(anyJson(r, depth - 1));
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    sb.append(i == 0 ? "" : ", ").append('"').append(key(r)).append("\": ").append(anyJson(r, depth - 1));
                }
                yield sb.append('}').toString();
            }
        };
    }

    static String key(Random r) {
        String[] keys = {"instances", "inputs", "signature_name", "text", "ids", "b64", "outputs", "", "instances ", "Instances"};
        return r.nextInt(4) == 0 ? text(r, 8) : keys[r.nextInt(keys.length)];
    }

    /** Text with JSON's troublemakers: quotes, backslashes, control characters, surrogates, emoji. */
    static String text(Random r, int n) {
        String alphabet = "ab c\\\"\u00e9\u65e5\ud83d\ude00\t\n/";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            if (c == '\\' || c == '"') {
                sb.append('\\');
            }
            if (c == '\n' || c == '\t') {
                sb.append(c == '\n' ? "\\n" : "\\t");
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static final List<Function<Random, Case>> BODY_GENERATORS = List.of(
            // truncated: a proper prefix of a JSON object is never a whole JSON document
            r -> {
                String v = VALID[r.nextInt(VALID.length)];
                return Case.of("truncated", v.substring(0, r.nextInt(v.length())), false);
            },
            // mistyped: signature_name, instances or inputs holding a value of any type
            r -> Case.of("mistyped", "{\"" + new String[] {"instances", "inputs", "signature_name"}[r.nextInt(3)] + "\": "
                    + anyJson(r, 3) + "}", true),
            // nested far deeper than any input
            r -> {
                int depth = 5 + r.nextInt(200);
                String open = r.nextBoolean() ? "[" : "[{\"text\": ";
                String close = open.equals("[") ? "]" : "}]";
                return Case.of("nested " + depth, "{\"instances\": " + open.repeat(depth) + "\"x\"" + close.repeat(depth) + "}", false);
            },
            // oversized: too many instances, too long a text, too big a body
            r -> switch (r.nextInt(3)) {
                case 0 -> Case.of("too many instances", "{\"instances\": [" + "\"a\", ".repeat(LIMITS.maxInstances() + r.nextInt(50))
                        + "\"a\"]}", false);
                case 1 -> Case.of("too long a text", "{\"instances\": [\"" + "word ".repeat(LIMITS.maxTextLength() / 5 + 1 + r.nextInt(20))
                        + "\"]}", false);
                default -> Case.of("too big a body", "{\"instances\": [\"" + "a".repeat(LIMITS.maxBodyBytes() + r.nextInt(1_000)) + "\"]}", false);
            },
            // wrong names, ids and encodings in an otherwise well-formed request
            r -> switch (r.nextInt(8)) {
                case 0 -> Case.of("unknown signature", "{\"signature_name\": \"" + text(r, 6) + "x\", \"instances\": [\"a\"]}", false);
                case 1 -> Case.of("unknown input", "{\"inputs\": {\"" + text(r, 5) + "y\": [\"a\"]}}", false);
                case 2 -> Case.of("ids out of range", "{\"signature_name\": \"predict_ids\", \"instances\": [["
                        + (r.nextBoolean() ? -1 - r.nextInt(1_000) : 1_000_000 + r.nextInt(1_000))
                        + ", 0" + ", 0".repeat(ExportFixtures.MAX_LENGTH - 2) + "]]}", false);
                case 3 -> Case.of("ids of the wrong length", "{\"signature_name\": \"predict_ids\", \"instances\": ["
                        + zeros(1 + r.nextInt(ExportFixtures.MAX_LENGTH - 1)) + "]}", false);
                case 4 -> Case.of("bad base64", "{\"inputs\": [{\"b64\": \"" + text(r, 7) + "!\"}]}", false);
                case 5 -> Case.of("base64 of bytes that are not UTF-8", "{\"inputs\": [{\"b64\": \""
                        + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc3, (byte) (r.nextInt(0x40))}) + "\"}]}", false);
                case 6 -> Case.of("duplicate key", "{\"instances\": [\"a\"], \"instances\": [\"b\"]}", false);
                default -> Case.of("both formats", "{\"instances\": [\"a\"], \"inputs\": [\"a\"]}", false);
            },
            // random bytes, invalid UTF-8 included
            r -> {
                byte[] b = new byte[r.nextInt(300)];
                r.nextBytes(b);
                return new Case("random bytes", b, false);
            },
            // a valid body with a few bytes flipped, inserted or deleted: often invalid, sometimes still valid
            r -> {
                StringBuilder sb = new StringBuilder(VALID[r.nextInt(VALID.length)]);
                for (int i = 0, n = 1 + r.nextInt(3); i < n && sb.length() > 0; i++) {
                    int at = r.nextInt(sb.length());
                    String chars = "{}[]\",:0a\\ \u00ff";
                    switch (r.nextInt(3)) {
                        case 0 -> sb.setCharAt(at, chars.charAt(r.nextInt(chars.length())));
                        case 1 -> sb.insert(at, chars.charAt(r.nextInt(chars.length())));
                        default -> sb.deleteCharAt(at);
                    }
                }
                return Case.of("mutated", sb.toString(), true);
            });

    @Test
    void generatedBodiesAreAnswered4xxWithAJsonError() throws Exception {
        Random r = new Random(SEED);
        String[] paths = {PREDICT, "/v1/models/tiny/versions/1:predict", "/v1/models/other:predict",
            "/v1/models/tiny/versions/9:predict", "/v1/models/tiny/labels/stable:predict"};
        for (int i = 0; i < BODIES; i++) {
            Case c = BODY_GENERATORS.get(r.nextInt(BODY_GENERATORS.size())).apply(r);
            String path = paths[r.nextInt(4) == 0 ? r.nextInt(paths.length) : 0];
            Http.Reply reply = Http.send(HttpRequest.newBuilder(Http.uri(port, path)).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(c.bytes())).build());
            check("body case " + i + " (" + c.what() + ", seed " + SEED + ") to " + path + ": "
                    + preview(c.bytes()), reply.status(), reply.body(), c.mayBeValid() && (path.equals(paths[0]) || path.equals(paths[1])));
            if (i % 200 == 199) {
                stillServes();
            }
        }
        stillServes();
        mostlyRefused("body", BODIES);
    }

    // ------------------------------------------------------------------ paths and methods

    static String anyPath(Random r) {
        String[] parts = {"v1", "models", "tiny", "versions", "1", "labels", "metadata", ":predict", ":classify", "%2F", "%00",
            "%", "..", ".", "", "\u00e9", "%E9", "%C3%A9", "//", ";a=b", "?x=1", "#f", "monitoring", "prometheus", "metrics",
            "a".repeat(1 + r.nextInt(3_000))};
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            sb.append('/').append(parts[r.nextInt(parts.length)]);
        }
        if (r.nextInt(20) == 0) {
            sb.append("x".repeat(100_000));
        }
        return sb.toString();
    }

    @Test
    void generatedPathsAndMethodsAreAnswered4xxWithAJsonError() throws Exception {
        Random r = new Random(SEED + 1);
        String[] methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "get", "G\u00e9T"};
        for (int i = 0; i < PATHS; i++) {
            String method = methods[r.nextInt(methods.length)];
            String path = anyPath(r);
            String body = method.equals("POST") || r.nextInt(4) == 0 ? "{\"instances\": [\"a\"]}" : "";
            String request = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body;
            raw("path case " + i + " (seed " + SEED + "): " + method + " " + preview(path.getBytes(StandardCharsets.UTF_8)),
                    request.getBytes(StandardCharsets.UTF_8), true);
            if (i % 100 == 99) {
                stillServes();
            }
        }
        stillServes();
        mostlyRefused("path", PATHS);
    }

    // ------------------------------------------------------------------ headers

    static String anyHeaders(Random r, int bodyLength) {
        String[] lines = {
            "Content-Length: " + bodyLength,
            "Content-Length: " + (bodyLength + 1 + r.nextInt(5)),
            "Content-Length: " + Math.max(0, bodyLength - 1 - r.nextInt(5)),
            "Content-Length: -" + r.nextInt(10),
            "Content-Length: " + "9".repeat(1 + r.nextInt(30)),
            "Content-Length: 0x10",
            "Content-Length: " + bodyLength + ", " + bodyLength,
            "Transfer-Encoding: chunked",
            "Transfer-Encoding: gzip",
            "Transfer-Encoding: " + text(r, 6),
            "Content-Encoding: gzip",
            "Content-Type: " + new String[] {"application/json", "text/plain", "application/json; charset=latin1", "", "\u00e9/\u00e9"}[r.nextInt(5)],
            "Expect: 100-continue",
            "Expect: " + text(r, 5),
            "Connection: " + new String[] {"keep-alive", "close", "upgrade", "x"}[r.nextInt(4)],
            "Upgrade: h2c",
            "Host: " + text(r, 10),
            "X-Long: " + "v".repeat(r.nextInt(30_000)),
            text(r, 6) + ": " + text(r, 6),
            "No colon here",
            ": empty name",
            " leading-space: x",
            "X-Ctl: a\u0000b",
        };
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = r.nextInt(5); i < n; i++) {
            sb.append(lines[r.nextInt(lines.length)]).append("\r\n");
        }
        return sb.toString();
    }

    @Test
    void generatedHeadersAreAnswered4xxWithAJsonError() throws Exception {
        Random r = new Random(SEED + 2);
        for (int i = 0; i < HEADERS; i++) {
            String body = r.nextBoolean() ? "{\"instances\": [\"a\"]}" : VALID[r.nextInt(VALID.length)].substring(0, 10);
            boolean chunkedBody = r.nextInt(5) == 0;
            String sent = chunkedBody ? Integer.toHexString(body.length() + r.nextInt(3)) + "\r\n" + body + "\r\n"
                    + new String[] {"0\r\n\r\n", "zz\r\n", ""}[r.nextInt(3)] : body;
            String request = "POST " + PREDICT + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + anyHeaders(r, body.length())
                    + "\r\n" + sent;
            raw("header case " + i + " (seed " + SEED + "): " + preview(request.getBytes(StandardCharsets.UTF_8)),
                    request.getBytes(StandardCharsets.UTF_8), true);
            if (i % 100 == 99) {
                stillServes();
            }
        }
        stillServes();
        assertTrue(ANSWERS.getOrDefault("header 4xx", 0) >= HEADERS / 10, "header cases refused: " + ANSWERS);
    }

    // ------------------------------------------------------------------ checks

    /** Sends raw bytes, closes the sending side, and checks the answer, if the server sent one. */
    static void raw(String what, byte[] request, boolean mayBeValid) throws IOException {
        try (RawHttp c = new RawHttp(port, 20_000)) {
            try {
                c.send(request);
            } catch (IOException e) {
                // the server may refuse and close before the whole request is sent; its answer is still read below
            }
            c.shutdownOutput();
            RawHttp.Answer a;
            try {
                a = c.read();
            } catch (IOException e) {
                fail(what + ": no answer: " + e);
                return;
            }
            if (a.headers().startsWith("HTTP/1.1 100")) {
                a = c.read();
            }
            check(what, a.status(), a.body(), mayBeValid);
        }
    }

    /** Answers by class (2xx, 4xx), to show the generators reach the error paths. */
    static final java.util.concurrent.ConcurrentHashMap<String, Integer> ANSWERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A 2xx only when the request may be valid; otherwise a 4xx whose body is exactly {"error": "..."}. */
    static void check(String what, int status, String body, boolean mayBeValid) {
        String test = what.substring(0, what.indexOf(' '));
        ANSWERS.merge(test + " " + status / 100 + "xx", 1, Integer::sum);
        if (status >= 200 && status < 300 && mayBeValid) {
            return;
        }
        assertTrue(status >= 400 && status < 500, what + "\n  answered " + status + ": " + body);
        assertTrue(body.startsWith("{\"error\": \"") && body.endsWith("\"}\n"), what + "\n  answered " + status + ": " + body);
        JsonNode json = new RawHttp.Json().read(body);
        assertEquals(1, json.size(), what + ": " + body);
        assertTrue(json.get("error").isTextual() && !json.get("error").asText().isEmpty(), what + ": " + body);
    }

    /** Most generated requests of {@code test} ("body", "path", "header") must have been refused. */
    static void mostlyRefused(String test, int count) {
        int refused = ANSWERS.getOrDefault(test + " 4xx", 0);
        assertTrue(refused >= count / 2, refused + " of " + count + " " + test + " cases refused: " + ANSWERS);
    }

    static void stillServes() throws Exception {
        Http.Reply ok = Http.post(port, PREDICT, "{\"instances\": [\"a good film\"]}");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(good, ok.body());
    }

    static String preview(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + b.length + " bytes)";
    }

}
