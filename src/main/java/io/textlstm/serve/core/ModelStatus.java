package io.textlstm.serve.core;

import java.util.List;

/** The versions of one model the server knows, newest first, as one immutable snapshot (TF Serving's GetModelStatus). */
public record ModelStatus(String model, List<VersionStatus> versions) {

    public ModelStatus {
        versions = List.copyOf(versions);
    }
}
