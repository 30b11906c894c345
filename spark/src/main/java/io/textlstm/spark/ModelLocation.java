package io.textlstm.spark;

import io.textlstm.BadInputException;
import io.textlstm.client.ModelDirectory;
import io.textlstm.export.ExportLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A model path resolved once, on the driver, to one version folder: every executor then loads that same version
 * even when a newer one appears while the job runs.
 *
 * @param path    the path the user gave (for messages)
 * @param folder  the version folder: a local path as given (a relative one, such as an {@code --archives} folder, is
 *                resolved in each executor's working directory), or a fully qualified Hadoop path
 *                ({@code hdfs://...}, {@code s3a://...})
 * @param local   whether {@code folder} is on the local file system (loaded in place, not copied)
 * @param version the version number, -1 when the folder name is not numeric
 * @param labels  the class names of {@code assets/labels.txt}, index = class id
 */
public record ModelLocation(String path, String folder, boolean local, long version, List<String> labels)
        implements Serializable {

    public ModelLocation {
        labels = List.copyOf(labels);
    }

    /** Whether the path is on the local file system (no scheme, or {@code file:}): resolving it needs no Hadoop configuration. */
    public static boolean isLocal(String path) {
        if (path == null || path.isBlank()) {
            return false;
        }
        String scheme = new Path(path).toUri().getScheme();
        return scheme == null || "file".equals(scheme);
    }

    /**
     * Resolves a base path (highest numeric version) or a version folder, local or on any Hadoop file system.
     *
     * @param conf the Hadoop configuration of the path's file system; not used for a local path ({@link #isLocal})
     * @throws BadInputException naming the path when it is not a complete textlstm export
     */
    public static ModelLocation resolve(String path, Configuration conf) {
        if (path == null || path.isBlank()) {
            throw new BadInputException("no model path: set modelPath to a SavedModel base path or version folder");
        }
        URI uri = new Path(path).toUri();
        if (isLocal(path)) {
            // the core's checks give the exact message for a local folder
            ModelDirectory dir = ModelDirectory.resolve(Paths.get(uri.getPath()));
            return new ModelLocation(path, dir.directory().toString(), true, dir.version(), dir.labels());
        }
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new BadInputException("model folder " + path + " does not exist");
            }
            Path folder = p;
            if (!fs.exists(new Path(p, ExportLayout.SAVED_MODEL_PB))) {
                long highest = -1;
                for (FileStatus s : fs.listStatus(p)) {
                    String name = s.getPath().getName();
                    if (s.isDirectory() && ExportLayout.isVersionName(name)) {
                        highest = Math.max(highest, Long.parseLong(name));
                    }
                }
                if (highest < 0) {
                    throw new BadInputException(path + " has no " + ExportLayout.SAVED_MODEL_PB
                            + " and no numeric version folders: not a SavedModel (expected <base> or <base>/<version>)");
                }
                folder = new Path(p, Long.toString(highest));
            }
            Path labelsFile = new Path(new Path(folder, ExportLayout.ASSETS_DIR), ExportLayout.LABELS_FILE);
            if (!fs.exists(labelsFile)) {
                throw new BadInputException(folder + " is not a textlstm export: " + ExportLayout.ASSETS_DIR + "/"
                        + ExportLayout.LABELS_FILE + " is missing");
            }
            List<String> labels = new ArrayList<>();
            try (FSDataInputStream in = fs.open(labelsFile);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isEmpty()) {
                        labels.add(line);
                    }
                }
            }
            String name = folder.getName();
            long version = ExportLayout.isVersionName(name) ? Long.parseLong(name) : -1;
            return new ModelLocation(path, fs.makeQualified(folder).toString(), false, version, labels);
        } catch (IOException e) {
            throw new BadInputException("cannot read model folder " + path + ": " + e.getMessage(), e);
        }
    }

    /** The cache key of the per-JVM model cache: one loaded model per version folder. */
    String cacheKey() {
        return folder + "#" + version;
    }
}
