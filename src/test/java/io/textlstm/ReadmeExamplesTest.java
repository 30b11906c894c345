package io.textlstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textlstm.export.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's examples, run as a user would: every Java block compiles as it stands (its own imports, the lines after
 * them as the body of a {@code main}) against the test class path, a block followed by "prints" prints the next block
 * when run, and the "Embed in a JVM application" transcripts print what they show. The README's answers are the
 * shipped reference model's, so the runs ask for version 1 by its folder: after a user's own {@code train}, the base
 * path's newest version is theirs (the README says so). spark/'s tests check the Spark section the same way.
 */
@Tag("slow") // compiles Java and starts JVMs
class ReadmeExamplesTest {
    static final String SPARK_SECTION = "## Score at scale with Spark";
    private static final String BASE = "savedmodel/imdb_lstm";

    @TempDir Path tmp;

    /** A README Java block as a compilable class: its import lines, then the rest as the body of {@code main}. */
    static String asClass(String name, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.lines().toList()) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "\npublic class " + name + " {\n    public static void main(String[] args) throws Exception {\n" + body
                + "    }\n}\n";
    }

    /** The Java blocks outside the Spark section (which needs Spark on the class path). */
    private static List<String> coreJavaBlocks() {
        String readme = Readme.text();
        String spark = Readme.section(SPARK_SECTION);
        String withoutSpark = readme.replace(spark, "");
        assertTrue(!withoutSpark.equals(readme));
        return Readme.blocks(withoutSpark).stream().filter(b -> b.language().equals("java")).map(Readme.Block::body).toList();
    }

    /** Compiles the sources (class name, text) into a folder; fails with the compiler's messages and the source. */
    static Path compile(Path dir, List<String[]> sources) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (String[] s : sources) {
            files.add(Files.writeString(src.resolve(s[0] + ".java"), s[1]));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
                    "-d", classes.toString(), "-proc:none"), null, fm.getJavaFileObjectsFromPaths(files)).call();
            assertTrue(ok, () -> "README.md's Java blocks must compile as they stand:\n" + diagnostics.getDiagnostics().stream()
                    .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n")) + "\n\n" + sources.stream().map(s -> s[1]).collect(Collectors.joining("\n")));
        }
        return classes;
    }

    @Test
    void everyJavaBlockCompilesAsItStands() throws Exception {
        List<String> blocks = coreJavaBlocks();
        assertTrue(blocks.size() >= 3, "the README's TrainingJob, Evaluator and TextClassifier blocks: " + blocks.size());
        List<String[]> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            sources.add(new String[] {"ReadmeJava" + i, asClass("ReadmeJava" + i, blocks.get(i))});
        }
        compile(tmp, sources);
    }

    @Test
    void aJavaBlockFollowedByPrintsPrintsTheNextBlock() throws Exception {
        List<Readme.Block> blocks = Readme.blocks();
        int checked = 0;
        for (int i = 0; i + 1 < blocks.size(); i++) {
            Readme.Block b = blocks.get(i);
            if (!b.language().equals("java") || !b.after().strip().equals("prints")) {
                continue;
            }
            assertTrue(b.body().contains('"' + BASE + '"'), "a block that prints the shipped model's answers names " + BASE);
            String name = "ReadmePrints" + i;
            Path classes = compile(tmp.resolve(name), List.<String[]>of(new String[] {name,
                    asClass(name, b.body().replace('"' + BASE + '"', '"' + BASE + "/1\""))}));
            Run r = run(List.of(ChildJvm.java(), "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), name));
            assertEquals(0, r.status(), r.err());
            assertEquals(blocks.get(i + 1).body(), r.out(), "README.md: what the Java block prints");
            checked++;
        }
        assertTrue(checked >= 1, "the README shows the output of its TextClassifier block");
    }

    @Test
    void theEmbedSectionsTranscriptsPrintWhatTheyShow() throws Exception {
        List<Readme.Block> transcripts = Readme.blocks(Readme.section("## Embed in a JVM application")).stream()
                .filter(b -> b.body().startsWith("$ ")).toList();
        assertEquals(2, transcripts.size(), "tools/textlstm predict and tools/ClassifyReviews.java");
        for (Readme.Block t : transcripts) {
            StringBuilder script = new StringBuilder("set -euo pipefail\n");
            StringBuilder expected = new StringBuilder();
            for (String line : t.body().lines().toList()) {
                if (!line.startsWith("$ ")) {
                    expected.append(line).append('\n');
                } else if (!line.startsWith("$ mvn ")) { // the build: the test's class path already holds its jars
                    script.append(asTested(line.substring(2))).append('\n');
                }
            }
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString());
            pb.environment().put("TEXTLSTM_CP", System.getProperty("java.class.path"));
            pb.environment().put("TF_ONLY_CP", ChildJvm.tensorflowOnlyClassPath());
            pb.environment().put("JAVA", ChildJvm.java());
            Run r = run(pb);
            assertEquals(0, r.status(), script + r.err());
            assertEquals(expected.toString(), r.out(), "README.md's transcript must be what its commands print:\n" + t.body());
        }
    }

    /**
     * A README command as the test runs it: {@code tools/textlstm} as the class it runs (the jar is built after the
     * tests), {@code target/lib/*} as TF Java's jars from the test class path, and version 1 named by its folder.
     */
    private static String asTested(String command) {
        String tested = command
                .replace("tools/textlstm ", "\"$JAVA\" -cp \"$TEXTLSTM_CP\" io.textlstm.cli.TextLstm ")
                .replace("java -cp \"target/lib/*\" ", "\"$JAVA\" -cp \"$TF_ONLY_CP\" ")
                .replace(BASE + " ", BASE + "/1 ");
        assertTrue(!tested.contains("tools/textlstm ") && !tested.contains("target/lib") && tested.contains(BASE + "/1 "),
                "a README command the test does not know how to run: " + command);
        return tested;
    }

    record Run(int status, String out, String err) {}

    static Run run(List<String> command) throws Exception {
        return run(new ProcessBuilder(command));
    }

    /** Runs with TensorFlow's C++ logging quiet (as tools/textlstm); stdout and stderr apart. */
    static Run run(ProcessBuilder pb) throws Exception {
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "timed out: " + pb.command());
        return new Run(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
