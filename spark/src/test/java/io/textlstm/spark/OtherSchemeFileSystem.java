package io.textlstm.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code other:}: a real Hadoop file system that is not {@code file:}, so the
 * transformer takes the path a cluster takes for HDFS or S3 (copy the model folder to a local temporary folder).
 */
public final class OtherSchemeFileSystem extends RawLocalFileSystem {
    static final String SCHEME = "other";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
