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
        return serveOn(path, null, args);
    }

    /** tools/serve with PATH and, unless null, BIND_ADDRESS; its merged output. */
    static Run serveOn(String path, String bindAddress, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = "tools/serve";
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", path);
        pb.environment().remove("BIND_ADDRESS");
        if (bindAddress != null) {
            pb.environment().put("BIND_ADDRESS", bindAddress);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /** A folder with the basic tools the script needs and nothing else, for PATH. */
    private Path basicTools() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : new String[] {"bash", "dirname", "basename", "find", "grep", "cat"}) {
            for (String dir : new String[] {"/usr/bin", "/bin"}) {
                Path real = Path.of(dir, tool);
                if (Files.isExecutable(real)) {
                    Files.createSymbolicLink(bin.resolve(tool), real);
                    break;
                }
            }
        }
        return bin;
    }

    /** A stand-in for a server program (not for TensorFlow): prints the arguments it was started with. */
    private static void commandThatPrintsItsArguments(Path bin, String name) throws Exception {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/bash\n[[ \"$1\" == info ]] && exit 0\necho \"" + name + " $*\"\n");
        script.toFile().setExecutable(true);
    }

    @Test
    void saysWhatToInstallWhenNeitherServerNorDockerExists() throws Exception {
        Path bin = basicTools();
        Path base = Files.createDirectories(tmp.resolve("imdb_lstm/1"));
        Run r = serve(bin.toString(), base.getParent().toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("neither TensorFlow Serving nor a running Docker was found"), r.out());
        assertTrue(r.out().contains("apt-get install tensorflow-model-server"), r.out());
        assertTrue(r.out().contains("tensorflow/serving:2.18.0"), r.out());
    }

    @Test
    void dockerPublishesThePortsOnBindAddress() throws Exception {
        Path bin = basicTools();
        commandThatPrintsItsArguments(bin, "docker");
        Path base = Files.createDirectories(tmp.resolve("imdb_lstm/1")).getParent();
        Run all = serve(bin.toString(), base.toString());
        assertEquals(0, all.code(), all.out());
        assertTrue(all.out().contains("docker run --rm --init -p 8500:8500 -p 8501:8501 "), all.out());
        Run loopback = serveOn(bin.toString(), "127.0.0.1", base.toString());
        assertTrue(loopback.out().contains("docker run --rm --init -p 127.0.0.1:8500:8500 -p 127.0.0.1:8501:8501 "), loopback.out());
        Run v6 = serveOn(bin.toString(), "::1", base.toString());
        assertTrue(v6.out().contains("-p [::1]:8500:8500 -p [::1]:8501:8501 "), v6.out());
    }

    @Test
    void tensorflowModelServerRefusesAnAddressItCannotKeep() throws Exception {
        Path bin = basicTools();
        commandThatPrintsItsArguments(bin, "tensorflow_model_server");
        Path base = Files.createDirectories(tmp.resolve("imdb_lstm/1")).getParent();
        Run all = serveOn(bin.toString(), "0.0.0.0", base.toString());
        assertEquals(0, all.code(), all.out());
        assertTrue(all.out().contains("tensorflow_model_server --port=8500 --rest_api_port=8501 "), all.out());
        Run loopback = serveOn(bin.toString(), "127.0.0.1", base.toString());
        assertEquals(2, loopback.code(), loopback.out());
        assertTrue(loopback.out().contains("has no option for its listening address"), loopback.out());
        assertTrue(!loopback.out().contains("--rest_api_port"), "not started: " + loopback.out());
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
