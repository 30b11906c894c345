package io.textlstm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/score-spark as a user runs it, in a child process with the module's test class path instead of its build
 * ({@code TEXTLSTM_SPARK_CLASSPATH}): the README's example, its commands as typed and its output compared line by line,
 * with a quiet stderr; and a wrong model path refused before Spark starts.
 */
class ScoreSparkScriptTest {

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {}

    /** Runs a bash script in the repository root, as a user's shell would, with mktemp's folders under the test's. */
    private Run bash(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + script)
                .directory(SparkTests.repositoryRoot().toFile());
        pb.environment().put("TEXTLSTM_SPARK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        // what the script sets itself: a user's shell has none of the variables the surefire configuration adds
        pb.environment().remove("TF_ENABLE_ONEDNN_OPTS");
        pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "tools/score-spark did not finish in 300 s");
        return new Run(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first fenced block of the README's Spark section: "$ " lines are commands, the others their output. */
    private static List<String> readmeExample() throws Exception {
        String readme = Files.readString(SparkTests.repositoryRoot().resolve("README.md"));
        int from = readme.indexOf("## Score at scale with Spark");
        assertTrue(from >= 0, "README has no '## Score at scale with Spark'");
        Matcher m = Pattern.compile("(?s)```\\n(.*?)```").matcher(readme);
        assertTrue(m.find(from), "no fenced block in the README's Spark section");
        return m.group(1).lines().toList();
    }

    /** Run-specific parts of the job's line: the seconds and the mktemp folder. */
    private static String normalized(String line) {
        return line.replaceAll(" in [0-9]+\\.[0-9]s: ", " in N.Ns: ").replaceAll("\\S*/tmp\\.[A-Za-z0-9]{10}/", "DIR/");
    }

    @Test
    void theReadmeExampleAnswersWhatTheReadmeShowsWithAQuietStderr() throws Exception {
        List<String> example = readmeExample();
        StringBuilder script = new StringBuilder();
        List<String> expected = new ArrayList<>();
        boolean pinned = false;
        for (String line : example) {
            if (line.startsWith("$ ")) {
                String command = line.substring(2);
                // the README shows the shipped model's answers: after a user's own train, the base path's highest
                // version is theirs, so the test asks for version 1 by its folder (the output names that folder either way)
                String pinnedCommand = command.replace("--model savedmodel/imdb_lstm ", "--model savedmodel/imdb_lstm/1 ");
                pinned |= !pinnedCommand.equals(command);
                script.append(pinnedCommand).append('\n');
            } else {
                expected.add(normalized(line));
            }
        }
        assertTrue(pinned, "the README's example no longer runs tools/score-spark --model savedmodel/imdb_lstm:\n" + example);

        Run r = bash(script.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(expected, r.out().lines().map(ScoreSparkScriptTest::normalized).toList(),
                "README.md's Spark example must be what its commands print; update the README");
        // two SLF4J providers (slf4j-simple from the core beside Spark's log4j2) printed ~270 lines of Spark INFO here
        List<String> errLines = r.err().lines().toList();
        assertTrue(errLines.size() <= 3 && errLines.stream().noneMatch(l -> l.contains(" INFO ") || l.contains("SLF4J")),
                "stderr of a normal run:\n" + r.err());
    }

    @Test
    void aWrongModelIsTheFirstAndOnlyLineBeforeSparkStarts() throws Exception {
        Path in = tmp.resolve("reviews.csv");
        Files.writeString(in, "review\nfine\n", StandardCharsets.UTF_8);
        // a master URL Spark cannot parse: the job would fail on it if it started Spark before checking the model
        Run r = bash("tools/score-spark --master no-such-master --model savedmodel/no_such_model --input " + in
                + " --output " + tmp.resolve("out.csv"));
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("", r.out());
        assertEquals("error: model folder savedmodel/no_such_model does not exist\n", r.err());
    }
}
