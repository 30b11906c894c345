package io.textlstm.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The {@code textlstm} command line in a child JVM (this JVM's class path), to be killed as a user or the OS would. */
final class ChildCli implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final java.nio.file.Path stderr;
    private final Thread outReader;

    private ChildCli(Process process, java.nio.file.Path stderr) {
        this.process = process;
        this.stderr = stderr;
        outReader = pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), stdout::add);
    }

    static ChildCli start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** With {@code env} added to the child's environment. */
    static ChildCli start(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), TextLstm.class.getName()));
        command.addAll(List.of(args));
        // stderr goes to a file: a pipe read by a thread can lose what the process writes just before it exits
        // (the JDK closes the pipe when it sees the exit), and the interruption notice is written exactly then
        java.nio.file.Path err = java.nio.file.Files.createTempFile("textlstm-child-", ".err");
        err.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.environment().putAll(env);
        return new ChildCli(pb.start(), err);
    }

    private static String javaBinary() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static Thread pump(BufferedReader in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (in) {
                for (String line; (line = in.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The first stdout line that starts with {@code prefix} (waits up to a minute), or null if the process ended first. */
    String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && stdout.isEmpty()) {
                return null;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within a minute; stderr: " + stderr);
    }

    /** SIGTERM (what Ctrl-C or a service manager sends; shutdown hooks run). */
    int terminate() throws InterruptedException {
        process.destroy();
        return waitFor();
    }

    /** SIGKILL (kill -9, the OOM killer, a power cut for the process: nothing runs). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return waitFor();
    }

    int waitFor() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child did not end; stderr: " + stderr);
        }
        outReader.join(5000);
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String stderr() {
        try {
            return java.nio.file.Files.readString(stderr);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
