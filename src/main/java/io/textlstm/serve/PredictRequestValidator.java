package io.textlstm.serve;

import io.textlstm.export.ExportLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Checks the tensors read from a predict request against the signature (shapes, ids in the vocabulary's range) and
 * the server's {@link RequestLimits}, and turns them into the rows the model takes: everything TensorFlow would
 * reject later is a 400 naming the problem before the request can reach, and spoil, a shared batch.
 */
final class PredictRequestValidator {

    private PredictRequestValidator() {}

    /** Rejects more rows than {@link RequestLimits#maxInstances()}. */
    static void checkRows(int rows, RequestLimits limits) {
        if (rows > limits.maxInstances()) {
            throw ServeException.invalidArgument("the request has " + rows + " instances, more than the server's limit "
                    + "of " + limits.maxInstances() + " instances per request: split it into several requests");
        }
    }

    /** The checked request for {@code signature}, whose inputs are {@code inputs} and read as {@code tensors}. */
    static PredictRequest toRequest(String signature, PredictRequest.Format format, Map<String, TensorInfo> inputs,
            Map<String, JsonTensor> tensors, PredictTarget target, RequestLimits limits) {
        if (!ExportLayout.SERVING_DEFAULT.equals(signature) && !ExportLayout.PREDICT_IDS.equals(signature)) {
            throw ServeException.invalidArgument("signature '" + signature + "' is not one textlstm serve runs; use "
                    + ExportLayout.SERVING_DEFAULT + " or " + ExportLayout.PREDICT_IDS);
        }
        String name = inputs.keySet().iterator().next();
        JsonTensor t = tensors.get(name);
        checkShape(signature, name, inputs.get(name).getTensorShape(), t.shape());
        int rows = (int) (long) t.shape().get(0);
        checkRows(rows, limits);
        if (ExportLayout.SERVING_DEFAULT.equals(signature)) {
            return new PredictRequest(signature, format, texts(t, rows, limits), null);
        }
        return new PredictRequest(signature, format, null, ids(t, rows, target.vocabularySize()));
    }

    private static List<String> texts(JsonTensor t, int rows, RequestLimits limits) {
        List<String> texts = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String s = (String) t.values().get(i);
            if (s.length() > limits.maxTextLength()) {
                throw ServeException.invalidArgument("text " + i + " has " + s.length() + " characters, more than the "
                        + "server's limit of " + limits.maxTextLength() + " characters per text");
            }
            texts.add(s);
        }
        return texts;
    }

    private static int[][] ids(JsonTensor t, int rows, int vocab) {
        int length = (int) (long) t.shape().get(1);
        int[][] ids = new int[rows][length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < length; j++) {
                int id = (Integer) t.values().get(i * length + j);
                if (id < 0 || id >= vocab) {
                    throw ServeException.invalidArgument("id " + id + " at row " + i + ", position " + j
                            + " is out of range: the vocabulary has ids 0.." + (vocab - 1));
                }
                ids[i][j] = id;
            }
        }
        return ids;
    }

    private static void checkShape(String signature, String input, TensorShapeProto want, List<Long> got) {
        boolean ok = !want.getUnknownRank() && want.getDimCount() == got.size();
        for (int i = 0; ok && i < got.size(); i++) {
            long w = want.getDim(i).getSize();
            ok = w < 0 || w == got.get(i);
        }
        if (!ok || got.isEmpty() || got.get(0) == 0) {
            List<Long> wantDims = new ArrayList<>();
            want.getDimList().forEach(d -> wantDims.add(d.getSize()));
            throw ServeException.invalidArgument("input '" + input + "' of signature '" + signature + "' takes shape "
                    + JsonTensor.shapeString(wantDims) + (input.equals(ExportLayout.INPUT_TEXT) ? " (one string per instance)" : "")
                    + " but the request gives shape " + JsonTensor.shapeString(got));
        }
    }
}
