package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tools/serve without TF Serving and without Docker: it must say what to install, and fail. */
@Tag("slow") // starts tools/serve
class ServeScriptTest {

    @TempDir Path tmp;

    record Run(int code, String out) {}

    static Run serve(String path, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = "tools/serve";
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    @Test
    void saysWhatToInstallWhenNeitherServerNorDockerExists() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        // a PATH with the basic tools the script needs and nothing else
        for (String tool : new String[] {"bash", "dirname", "basename", "find", "grep", "cat"}) {
            for (String dir : new String[] {"/usr/bin", "/bin"}) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real)) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                    break;
                }
            }
        }
        Path base = Files.createDirectories(tmp.resolve("imdb_lstm/1"));
        Run r = serve(bin.toString(), base.getParent().toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("neither TensorFlow Serving nor a running Docker was found"), r.out());
        assertTrue(r.out().contains("apt-get install tensorflow-model-server"), r.out());
        assertTrue(r.out().contains("tensorflow/serving:2.18.0"), r.out());
    }

    @Test
    void rejectsAMissingOrEmptyBasePath() throws Exception {
        Run missing = serve("/usr/bin:/bin", tmp.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.out());
        assertTrue(missing.out().contains("does not exist"), missing.out());
        Run empty = serve("/usr/bin:/bin", Files.createDirectories(tmp.resolve("empty")).toString());
        assertEquals(2, empty.code(), empty.out());
        assertTrue(empty.out().contains("no numeric version folder"), empty.out());
    }
}
