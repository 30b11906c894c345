package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Java in a separate process with TF Java alone on its class path, the way an application that never saw
 * textlstm (or TF Serving's loader) meets an export. Tests that use it are {@code @Tag("slow")}.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** TF Java and what it needs (JavaCPP, protobuf, ndarray, natives) from this JVM's class path, nothing else. */
    public static String tensorflowOnlyClassPath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("tensorflow-core-") || name.startsWith("ndarray-") || name.startsWith("javacpp-")
                    || name.startsWith("protobuf-java-")) {
                keep.add(entry);
            }
        }
        return String.join(File.pathSeparator, keep);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String javac() {
        return Path.of(System.getProperty("java.home"), "bin", "javac").toString();
    }

    /** Runs {@code command} (TensorFlow's C++ logging quiet), asserts exit 0 within 2 minutes; stdout and stderr. */
    static String run(List<String> command) throws Exception {
        return run(command, true);
    }

    /** As {@link #run(List)}; {@code quietTensorFlow} false leaves TF_CPP_MIN_LOG_LEVEL out, as a user's shell may. */
    static String run(List<String> command, boolean quietTensorFlow) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (quietTensorFlow) {
            pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        } else {
            pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }

    /**
     * Compiles {@link FreshJvmLoad} against TF Java only (proving it needs nothing else) and runs it on
     * {@code exportDir} with {@code texts}; returns its output ({@code row}, {@code signature} lines).
     */
    static String freshJvmLoad(Path workDir, Path exportDir, List<String> texts) throws Exception {
        Path classes = Files.createDirectories(workDir.resolve("probe-classes"));
        String cp = tensorflowOnlyClassPath();
        run(List.of(javac(), "-cp", cp, "-d", classes.toString(), "src/test/java/io/textlstm/export/FreshJvmLoad.java"));
        Path input = workDir.resolve("texts.hex");
        Files.write(input, texts.stream().map(t -> HexFormat.of().formatHex(t.getBytes(StandardCharsets.UTF_8))).toList());
        return run(List.of(java(), "-cp", cp + File.pathSeparator + classes, FreshJvmLoad.class.getName(),
                exportDir.toString(), input.toString()));
    }
}
