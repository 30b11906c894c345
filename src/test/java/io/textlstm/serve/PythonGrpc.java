package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Python gRPC client built apart from the server: Debian's {@code python3-grpcio} and {@code python3-grpc-tools}
 * (which {@code .ci/run} installs) compile the same {@code .proto} sources with their own protoc into Python modules
 * of TF Serving's names ({@code tensorflow_serving.apis.predict_pb2}, ...), so a Python script imports them as it
 * would import Python's {@code tensorflow-serving-api}. Tests that use it skip, saying why, when no Python 3 with
 * both packages is found.
 */
final class PythonGrpc {
    /** Debian's interpreter first: a python3 earlier on PATH (pyenv, a venv) may lack Debian's packages. */
    private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");

    private final String python;
    private final Path modules;

    private PythonGrpc(String python, Path modules) {
        this.python = python;
        this.modules = modules;
    }

    /** Compiles the protos into {@code dir}; skips the calling test when Python, grpcio or grpc_tools is missing. */
    static PythonGrpc compile(Path dir) throws Exception {
        String python = null;
        for (String candidate : CANDIDATES) {
            if (works(candidate)) {
                python = candidate;
                break;
            }
        }
        assumeTrue(python != null, "skipped: no Python 3 with grpcio and grpc_tools (Debian: apt-get install "
                + "python3-grpcio python3-grpc-tools, as .ci/run does); tried " + CANDIDATES);
        Path out = Files.createDirectories(dir.resolve("python"));
        // the README's command
        Result r = run(List.of("bash", "tools/python-protos", out.toString()), null, Map.of("PYTHON", python), 120);
        assertEquals(0, r.exit(), "tools/python-protos failed:\n" + r.output());
        return new PythonGrpc(python, out);
    }

    private static boolean works(String python) {
        try {
            return run(List.of(python, "-c", "import grpc, grpc_tools.protoc"), null, Map.of(), 60).exit() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    record Result(int exit, String output) {}

    /** Runs {@code script} (Python source) with the compiled modules importable; its output, stderr merged. */
    Result run(String script, String... args) throws Exception {
        Path file = Files.createTempFile(modules.getParent(), "client-", ".py");
        Files.writeString(file, script);
        List<String> command = new ArrayList<>(List.of(python, file.toString()));
        command.addAll(List.of(args));
        return run(command, modules, Map.of(), 120);
    }

    /** As {@link #run(String, String...)}, failing the test unless the script exits 0. */
    String check(String script, String... args) throws Exception {
        Result r = run(script, args);
        assertEquals(0, r.exit(), "the Python client failed:\n" + r.output());
        return r.output();
    }

    private static Result run(List<String> command, Path pythonPath, Map<String, String> env, long timeoutSeconds)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (pythonPath != null) {
            pb.environment().put("PYTHONPATH", pythonPath.toString());
        }
        // no proxy for loopback calls, whatever the environment says
        pb.environment().put("no_proxy", "127.0.0.1,localhost");
        pb.environment().remove("http_proxy");
        pb.environment().remove("https_proxy");
        pb.environment().remove("grpc_proxy");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
        }
        return new Result(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }
}
