package io.textlstm.spark;

import io.textlstm.BadInputException;
import io.textlstm.FileTrees;
import io.textlstm.client.TextClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The models loaded in this JVM (a Spark executor, or the driver in local mode): each version folder is loaded once,
 * shared by all task threads ({@link TextClassifier} is thread-safe), and closed when the JVM shuts down. A folder on
 * a non-local file system is first copied to a local temporary folder, because TensorFlow's loader reads local
 * files; that copy is deleted at shutdown too.
 */
final class ExecutorModels {
    private ExecutorModels() {}

    private static final Map<String, TextClassifier> MODELS = new ConcurrentHashMap<>();
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "textlstm-models-close"));
    }

    /** The loaded model of {@code location}, loading (and for a remote folder copying) it on first use. */
    static TextClassifier get(ModelLocation location, Configuration conf) {
        return MODELS.computeIfAbsent(location.cacheKey(), k -> load(location, conf));
    }

    /** How many models this JVM holds (for tests). */
    static int loadedCount() {
        return MODELS.size();
    }

    private static TextClassifier load(ModelLocation location, Configuration conf) {
        Path dir;
        if (location.local()) {
            dir = Paths.get(location.folder());
        } else {
            dir = copyToLocal(location, conf);
        }
        try {
            return TextClassifier.load(dir);
        } catch (RuntimeException e) {
            throw new BadInputException("cannot load the model " + location.path() + " (" + location.folder() + "): "
                    + e.getMessage(), e);
        }
    }

    private static Path copyToLocal(ModelLocation location, Configuration conf) {
        try {
            Path tmp = Files.createTempDirectory("textlstm-model-");
            COPIES.put(location.cacheKey(), tmp);
            org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(location.folder());
            // keep the version folder's name: TextClassifier reads the version from it
            Path dst = tmp.resolve(src.getName());
            src.getFileSystem(conf).copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dst.toUri()), true);
            return dst;
        } catch (IOException e) {
            throw new BadInputException("cannot copy the model " + location.folder() + " to a local folder: "
                    + e.getMessage(), e);
        }
    }

    private static void closeAll() {
        MODELS.values().forEach(TextClassifier::close);
        MODELS.clear();
        for (Path p : COPIES.values()) {
            FileTrees.deleteQuietly(p); // at shutdown: a leftover temp folder is harmless
        }
    }
}
