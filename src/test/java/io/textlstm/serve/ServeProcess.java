package io.textlstm.serve;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code textlstm serve} (or {@code tools/serve}) child process: its merged output collected line by line, the REST
 * port read from its "REST API on http://HOST:PORT" log line, and a stop by SIGTERM as a service manager sends it
 * (the JDK's {@code Process.destroy()} did not let the shutdown hook run here). Shared by the serve tests and the
 * server benchmark.
 */
public final class ServeProcess {
    private static final Pattern LISTENING = Pattern.compile("REST API on http://[0-9.]+:(\\d+) ");
    private static final Pattern GRPC = Pattern.compile("gRPC API on [0-9.]+:(\\d+) ");

    private final Process process;
    private final StringBuffer log = new StringBuffer();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Thread reader;

    private ServeProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readLines);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the command with its error stream merged into its output and TF's C++ logging quiet. */
    public static ServeProcess start(ProcessBuilder command) throws Exception {
        command.redirectErrorStream(true);
        command.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return new ServeProcess(command.start());
    }

    private void readLines() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (Exception e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the server ended before listening:\n" + log));
    }

    /** The gRPC port from the server's log (it says so before the REST line), once {@link #port} returned. */
    public int grpcPort() {
        Matcher m = GRPC.matcher(log);
        if (!m.find()) {
            throw new IllegalStateException("the server did not say it serves gRPC:\n" + log);
        }
        return Integer.parseInt(m.group(1));
    }

    /** A port that was free a moment ago, for a child process's gRPC API (the CLI's 0 turns gRPC off). */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The REST port, once the server says it listens. */
    public int port(long timeoutSeconds) throws Exception {
        return port.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM; true when the process ended within the timeout (its output is then read to the end). */
    public boolean stop(long timeoutSeconds) throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (ended) {
            reader.join(10_000);
        }
        return ended;
    }

    public Process process() {
        return process;
    }

    /** Everything the process printed so far. */
    public String log() {
        return log.toString();
    }
}
