package io.textlstm.serve.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textlstm.serve.core.ModelSignatures;
import io.textlstm.serve.core.ModelStatus;
import io.textlstm.serve.core.VersionStatus;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TF Serving's status and metadata answers as JSON (docs/serving.md, "API"): {@code GetModelStatusResponse} for
 * {@code GET /v1/models/{name}[/versions/{v}]} and {@code GetModelMetadataResponse} for {@code .../metadata}.
 */
final class StatusJson {

    private StatusJson() {}

    /** The versions of a status snapshot, newest first. */
    static ObjectNode status(ModelStatus status) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode arr = root.putArray("model_version_status");
        for (VersionStatus v : status.versions()) {
            ObjectNode o = arr.addObject();
            o.put("version", Long.toString(v.version()));
            o.put("state", v.state().name());
            o.putObject("status").put("error_code", v.errorCode().name()).put("error_message", v.errorMessage());
        }
        return root;
    }

    /** The model spec and signature defs of a loaded version. */
    static ObjectNode metadata(String model, long version, ModelSignatures signatures) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.putObject("model_spec").put("name", model).put("signature_name", "").put("version", Long.toString(version));
        root.putObject("metadata").set("signature_def", signatureDefMap(signatures));
        return root;
    }

    /** TF Serving's JSON of the {@code SignatureDefMap}: {@code {"signature_def": {name: {...}}}}. */
    static ObjectNode signatureDefMap(ModelSignatures signatures) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode map = f.objectNode();
        for (Map.Entry<String, SignatureDef> e : signatures.all().entrySet()) {
            SignatureDef sd = e.getValue();
            ObjectNode s = map.putObject(e.getKey());
            ObjectNode in = s.putObject("inputs");
            new TreeMap<>(sd.getInputsMap()).forEach((k, v) -> in.set(k, tensorInfo(v)));
            ObjectNode out = s.putObject("outputs");
            new TreeMap<>(sd.getOutputsMap()).forEach((k, v) -> out.set(k, tensorInfo(v)));
            s.put("method_name", sd.getMethodName());
            s.putObject("defaults");
        }
        ObjectNode root = f.objectNode();
        root.set("signature_def", map);
        return root;
    }

    private static ObjectNode tensorInfo(TensorInfo t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("dtype", t.getDtype().name());
        ObjectNode shape = o.putObject("tensor_shape");
        var dims = shape.putArray("dim");
        for (TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
            // proto3 JSON writes int64 as a string, as TF Serving does
            dims.addObject().put("size", Long.toString(d.getSize())).put("name", d.getName());
        }
        shape.put("unknown_rank", t.getTensorShape().getUnknownRank());
        o.put("name", t.getName());
        return o;
    }
}
