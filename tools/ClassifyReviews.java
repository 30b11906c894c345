/*
 * Classifies movie reviews with a textlstm SavedModel using TensorFlow Java alone: no textlstm classes.
 * It is the proof that any JVM application can use the export as it is.
 *
 * Class path: TF Java's jars. After `mvn package` they are in target/lib/ (tensorflow-core-api, tensorflow-core-native
 * and its platform classifier jar, ndarray, javacpp, protobuf-java; the other jars there do no harm):
 *
 *   mvn -q -DskipTests package
 *   java -cp "target/lib/*" tools/ClassifyReviews.java savedmodel/imdb_lstm "I loved it" "Dull."
 *
 * In your own build, depend on org.tensorflow:tensorflow-core-native:1.1.0 (plus the classifier for your OS,
 * e.g. linux-x86_64) and org.tensorflow:tensorflow-core-api:1.1.0.
 *
 * The argument is a model base path (the highest numeric version is used) or a version folder. Texts come from
 * the arguments, or one per line from standard input when there are none. Output: one line per text, its label and
 * that label's probability separated by a tab, as `textlstm predict` prints them.
 *
 * TensorFlow's C++ runtime logs INFO lines to stderr unless the environment variable TF_CPP_MIN_LOG_LEVEL is 2 or
 * more when its natives load. A JVM cannot change its own environment, so this program starts itself again with
 * the variable set when it is missing; in your own application set it where the JVM is launched instead.
 */

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

public class ClassifyReviews {

    public static void main(String[] args) throws Exception {
        quietTensorFlow(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args.length < 1) {
            System.err.println("usage: java -cp \"target/lib/*\" tools/ClassifyReviews.java MODEL_DIR [TEXT ...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (!Files.exists(dir.resolve("saved_model.pb"))) {
            Path base = dir;
            try (Stream<Path> versions = Files.isDirectory(base) ? Files.list(base) : Stream.empty()) {
                dir = versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .max((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                                Long.parseLong(b.getFileName().toString())))
                        .orElse(null);
            }
            if (dir == null) {
                System.err.println("error: " + base + " holds no saved_model.pb and no numeric version folder");
                System.exit(2);
            }
        }
        List<String> texts = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (texts.isEmpty()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                texts.add(line);
            }
        }
        if (texts.isEmpty()) {
            return;
        }
        try (SavedModelBundle model = SavedModelBundle.load(dir.toString(), "serve");
                TString input = TString.vectorOf(texts.toArray(new String[0]));
                Result result = model.function("serving_default").call(Map.of("text", input))) {
            TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
            TInt64 classIds = (TInt64) result.get("class_ids").orElseThrow();
            TString labels = (TString) result.get("labels").orElseThrow();
            long columns = probabilities.shape().get(1);
            for (int i = 0; i < texts.size(); i++) {
                int classId = (int) classIds.getLong(i);
                // binary models output P(class 1) only
                float p = columns == 1
                        ? (classId == 1 ? probabilities.getFloat(i, 0) : 1f - probabilities.getFloat(i, 0))
                        : probabilities.getFloat(i, classId);
                // what `textlstm predict` prints: the label and its probability, one line per text in input order
                out.printf(java.util.Locale.ROOT, "%s\t%.4f%n", labels.getObject(i), p);
            }
        }
    }

    /**
     * Unless TF_CPP_MIN_LOG_LEVEL is set, runs this program again with it set to 2 and without the INFO lines
     * TensorFlow 2.18 logs through absl regardless of it (e.g. "MLIR V1 optimization pass is not enabled");
     * warnings and errors still reach stderr. Returns only in the process that does the work.
     */
    private static void quietTensorFlow(String[] args) throws Exception {
        ProcessHandle.Info self = ProcessHandle.current().info();
        if (System.getenv("TF_CPP_MIN_LOG_LEVEL") != null || self.command().isEmpty() || self.arguments().isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(self.command().get());
        command.addAll(Arrays.asList(self.arguments().get()));
        ProcessBuilder again = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        again.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        Process child = again.start();
        java.util.regex.Pattern info = java.util.regex.Pattern.compile(
                "^(I\\d{4} |\\d{4}-\\d\\d-\\d\\d [\\d:.]+: I |WARNING: All log messages before absl::InitializeLog)");
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = err.readLine()) != null; ) {
                if (!info.matcher(line).find()) {
                    System.err.println(line);
                }
            }
        }
        System.exit(child.waitFor());
    }
}
