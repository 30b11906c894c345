package io.textlstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/textlstm tells the program how the user called it, so the commands textlstm suggests (the interruption notice's
 * "Continue with: tools/textlstm train --resume RUN") are the ones to type (issue 17, item 9). A copy of the script runs
 * against a stand-in {@code java} that prints what it was given.
 */
class TextlstmScriptTest {
    @TempDir Path tmp;

    @Test
    void theScriptNamesItselfAsTyped() throws Exception {
        Path root = tmp.resolve("project");
        Path script = Files.createDirectories(root.resolve("tools")).resolve("textlstm");
        Files.copy(Path.of("tools/textlstm"), script);
        Files.copy(Path.of("tools/stderr-noise"), script.resolveSibling("stderr-noise")); // the lines it drops from stderr
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(Files.createDirectories(root.resolve("src/main")), past);
        Files.setLastModifiedTime(Files.writeString(root.resolve("pom.xml"), "<project/>"), past);
        Files.writeString(Files.createDirectories(root.resolve("target")).resolve("textlstm.jar"), "a jar newer than the sources");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"TEXTLSTM_COMMAND=$TEXTLSTM_COMMAND\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder pb = new ProcessBuilder("tools/textlstm", "train", "--help").directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().remove("TEXTLSTM_COMMAND");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals("TEXTLSTM_COMMAND=tools/textlstm", out.strip());
    }
}
