package io.textlstm.serve.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Checks a {@link PredictRequest} against the signature it names (input aliases, dtypes, shapes, one row count), the
 * output filter, the server's {@link RequestLimits} and the servable's own checks, with TF Serving's messages where
 * it has one: everything TensorFlow would reject later is refused before the request can reach, and spoil, a shared
 * batch.
 */
final class PredictRequestValidator {

    private PredictRequestValidator() {}

    /**
     * The request's row count, once every check passed.
     *
     * @throws ServeException FAILED_PRECONDITION for a signature the version lacks, INVALID_ARGUMENT for the rest
     */
    static int check(PredictRequest request, Servable servable, RequestLimits limits) {
        String signature = request.signatureName();
        SignatureDef def = servable.signatures().get(signature);
        if (def == null) {
            // predict_util.cc's words
            throw ServeException.failedPrecondition("Serving signature key \"" + signature + "\" not found.");
        }
        Map<String, HostTensor> inputs = request.inputs();
        if (!inputs.keySet().equals(def.getInputsMap().keySet())) {
            Set<String> extra = new TreeSet<>(inputs.keySet());
            extra.removeAll(def.getInputsMap().keySet());
            Set<String> missing = new TreeSet<>(def.getInputsMap().keySet());
            missing.removeAll(inputs.keySet());
            throw ServeException.invalidArgument("input size does not match signature: " + inputs.size() + "!="
                    + def.getInputsCount() + " len({" + String.join(",", new TreeSet<>(inputs.keySet())) + "}) != len({"
                    + String.join(",", new TreeSet<>(def.getInputsMap().keySet())) + "}). Sent extra: {"
                    + String.join(",", extra) + "}. Missing but required: {" + String.join(",", missing) + "}.");
        }
        int rows = -1;
        for (Map.Entry<String, TensorInfo> in : new java.util.TreeMap<>(def.getInputsMap()).entrySet()) {
            HostTensor t = inputs.get(in.getKey());
            TensorInfo info = in.getValue();
            if (t.dtype() != info.getDtype()) {
                throw ServeException.invalidArgument("input '" + in.getKey() + "' of signature '" + signature + "' takes "
                        + info.getDtype().name() + " but the request gives " + t.dtype().name());
            }
            checkShape(signature, in.getKey(), info, t.shape());
            if (rows >= 0 && t.rows() != rows) {
                throw ServeException.invalidArgument("the inputs of signature '" + signature + "' must have the same "
                        + "number of rows (first dimension), got " + rows + " and " + t.rows() + " ('" + in.getKey() + "')");
            }
            rows = t.rows();
        }
        limits.checkInstances(rows);
        checkOutputFilter(request.outputFilter(), def);
        servable.check(signature, inputs, limits);
        return rows;
    }

    private static void checkOutputFilter(List<String> filter, SignatureDef def) {
        Set<String> seen = new HashSet<>();
        for (String alias : filter) {
            if (!def.getOutputsMap().containsKey(alias)) {
                throw ServeException.invalidArgument("output tensor alias not found in signature: " + alias
                        + " Outputs expected to be in the set {" + String.join(",", new TreeSet<>(def.getOutputsMap().keySet())) + "}.");
            }
            if (!seen.add(alias)) {
                throw ServeException.invalidArgument("duplicate output tensor alias: " + alias);
            }
        }
    }

    private static void checkShape(String signature, String input, TensorInfo info, long[] got) {
        TensorShapeProto want = info.getTensorShape();
        boolean ok = !want.getUnknownRank() && want.getDimCount() == got.length;
        for (int i = 0; ok && i < got.length; i++) {
            long w = want.getDim(i).getSize();
            ok = w < 0 || w == got[i];
        }
        if (!ok || got.length == 0 || got[0] == 0) {
            List<Long> wantDims = new ArrayList<>();
            want.getDimList().forEach(d -> wantDims.add(d.getSize()));
            long[] w = wantDims.stream().mapToLong(Long::longValue).toArray();
            throw ServeException.invalidArgument("input '" + input + "' of signature '" + signature + "' takes shape "
                    + HostTensor.shapeString(w) + (info.getDtype() == DataType.DT_STRING && w.length == 1 ? " (one string per instance)" : "")
                    + " but the request gives shape " + HostTensor.shapeString(got));
        }
    }
}
