package io.textlstm.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.textlstm.BadInputException;
import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The signature defs of one version, read from its {@code saved_model.pb}: what requests are checked against and
 * what {@code GET .../metadata} shows, in the JSON TF Serving prints for a {@code SignatureDefMap}.
 */
public final class ModelSignatures {

    private final Map<String, SignatureDef> signatures;

    private ModelSignatures(Map<String, SignatureDef> signatures) {
        this.signatures = Map.copyOf(signatures);
    }

    /** Reads the {@code serve}-tagged meta graph's signatures of the version folder {@code dir}. */
    public static ModelSignatures read(Path dir) {
        Path pb = dir.resolve(ExportLayout.SAVED_MODEL_PB);
        SavedModel sm;
        try {
            sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        } catch (IOException e) {
            throw new BadInputException(pb + " is not a readable SavedModel: " + e.getMessage(), e);
        }
        for (MetaGraphDef mg : sm.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().contains(ExportLayout.TAG)) {
                return new ModelSignatures(mg.getSignatureDefMap());
            }
        }
        throw new BadInputException(pb + " has no meta graph tagged '" + ExportLayout.TAG + "'");
    }

    /** The signature, or null. */
    public SignatureDef get(String name) {
        return signatures.get(name);
    }

    /** TF Serving's JSON of the {@code SignatureDefMap}: {@code {"signature_def": {name: {...}}}}. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode map = f.objectNode();
        for (Map.Entry<String, SignatureDef> e : new TreeMap<>(signatures).entrySet()) {
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
