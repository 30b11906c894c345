package io.textlstm.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java blocks of the README's Spark section compile as they stand against this module's class path (Spark
 * included), wrapped as the core's ReadmeExamplesTest wraps the other blocks: the import lines, then the rest as the
 * body of {@code main}. They read from S3, so they are compiled, not run.
 */
class ReadmeSparkJavaTest {

    @TempDir
    Path tmp;

    @Test
    void theSparkSectionsJavaBlocksCompile() throws Exception {
        String readme = Files.readString(SparkTests.repositoryRoot().resolve("README.md"));
        int from = readme.indexOf("\n## Score at scale with Spark\n");
        assertTrue(from >= 0, "README has no '## Score at scale with Spark'");
        int to = readme.indexOf("\n## ", from + 1);
        Matcher m = Pattern.compile("(?s)```java\\n(.*?)```").matcher(readme.substring(from, to < 0 ? readme.length() : to));
        List<Path> files = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        while (m.find()) {
            String name = "ReadmeSpark" + files.size();
            StringBuilder imports = new StringBuilder();
            StringBuilder body = new StringBuilder();
            for (String line : m.group(1).lines().toList()) {
                (line.startsWith("import ") ? imports : body).append(line).append('\n');
            }
            String source = imports + "\npublic class " + name + " {\n    public static void main(String[] args) throws Exception {\n"
                    + body + "    }\n}\n";
            files.add(Files.writeString(tmp.resolve(name + ".java"), source));
            all.append(source).append('\n');
        }
        assertTrue(!files.isEmpty(), "the README's Spark section has a Java block");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diagnostics, List.of("-classpath", System.getProperty("java.class.path"),
                    "-d", Files.createDirectories(tmp.resolve("classes")).toString(), "-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files)).call();
            assertTrue(ok, () -> "README.md's Spark Java blocks must compile as they stand:\n" + diagnostics.getDiagnostics()
                    .stream().map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT)).collect(Collectors.joining("\n"))
                    + "\n\n" + all);
        }
    }
}
