package io.textlstm.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;

/**
 * Post-processes a written {@code saved_model.pb} like Python's {@code tf.saved_model.save}: removes attributes that
 * hold their op's default value (newer TF versions add attributes such as MatMul's {@code grad_a} or ScatterNd's
 * {@code bad_indices_policy}; an older model server rejects a NodeDef that mentions an attribute it does not know,
 * while every loader fills in defaults itself), records the TensorFlow version in the MetaInfoDef, and serializes
 * deterministically. The signatures already carry their method name and the graph needs no init op
 * (docs/savedmodel.md), so neither is touched here.
 */
final class MetaGraphFinisher {
    private MetaGraphFinisher() {}

    static void finish(Path savedModelPb) throws IOException {
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(savedModelPb));
        Map<String, OpDef> opDefs = new HashMap<>();
        for (OpDef op : TensorFlow.registeredOpList().getOpList()) {
            opDefs.put(op.getName(), op);
        }
        SavedModel.Builder b = sm.toBuilder();
        for (MetaGraphDef.Builder mg : b.getMetaGraphsBuilderList()) {
            mg.getMetaInfoDefBuilder().setTensorflowVersion(TensorFlow.version());
            for (NodeDef.Builder node : mg.getGraphDefBuilder().getNodeBuilderList()) {
                stripDefaultAttributes(node, opDefs.get(node.getOp()));
            }
        }
        Files.write(savedModelPb, deterministicBytes(b.build()));
    }

    private static void stripDefaultAttributes(NodeDef.Builder node, OpDef op) {
        if (op == null) {
            return;
        }
        for (OpDef.AttrDef attr : op.getAttrList()) {
            if (attr.hasDefaultValue() && node.getAttrMap().containsKey(attr.getName())
                    && node.getAttrMap().get(attr.getName()).equals(attr.getDefaultValue())) {
                node.removeAttr(attr.getName());
            }
        }
    }

    /**
     * Deterministic serialization sorts map entries (node attributes, signatures), whose order TF leaves to a hash
     * map: the same model then always gives the same bytes.
     */
    private static byte[] deterministicBytes(SavedModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(model.getSerializedSize());
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        model.writeTo(out);
        out.flush();
        return bytes.toByteArray();
    }
}
