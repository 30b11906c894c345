package io.textlstm.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * TF Serving's status and metadata answers as JSON (docs/serving.md, "API"): {@code GetModelStatusResponse} for
 * {@code GET /v1/models/{name}[/versions/{v}]} and {@code GetModelMetadataResponse} for {@code .../metadata}.
 */
final class ModelStatusJson {

    private ModelStatusJson() {}

    /**
     * The status of {@code versions} (newest first), as a snapshot taken under the manager's lock.
     *
     * @throws ServeException 404 as TF Serving words it, when there is no version to report
     */
    static ObjectNode status(String model, Long version, List<VersionEntry> versions) {
        if (versions.isEmpty()) {
            throw ServeException.notFound(version == null ? "Could not find any versions of model " + model
                    : "Could not find version " + version + " of model " + model);
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = root.putArray("model_version_status");
        for (VersionEntry e : versions) {
            ObjectNode o = arr.addObject();
            o.put("version", Long.toString(e.version));
            o.put("state", e.state.name());
            o.putObject("status").put("error_code", e.errorCode).put("error_message", e.errorMessage);
        }
        return root;
    }

    /** The model spec and signature defs of a loaded version. */
    static ObjectNode metadata(String model, LoadedVersion lv) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("model_spec").put("name", model).put("signature_name", "").put("version", Long.toString(lv.version));
        root.putObject("metadata").set("signature_def", lv.signatures.toJson());
        return root;
    }
}
