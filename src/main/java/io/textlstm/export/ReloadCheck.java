package io.textlstm.export;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The export's self-check: loads the written model with the C++ SavedModel loader (the one TF Serving uses) and
 * checks it reproduces the export session's outputs bitwise, through {@code serving_default} and, from the same texts
 * as tf.Examples, through {@code classify} and {@code regress}.
 */
final class ReloadCheck {
    private ReloadCheck() {}

    static void verify(Path dir, ExportRequest request, float[][] reference) {
        List<String> texts = request.warmupTexts();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            float[][] reloaded;
            try (TString in = TString.vectorOf(texts.toArray(new String[0]));
                    Result result = bundle.function(ExportLayout.SERVING_DEFAULT).call(Map.of(ExportLayout.INPUT_TEXT, in))) {
                reloaded = toMatrix((TFloat32) result.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow());
            }
            compare(reference, reloaded, ExportLayout.SERVING_DEFAULT, "; were the weights saved (tf.variable, restoreWeights)?");
            int k = reference[0].length;
            try (TString examples = examples(texts, request.exampleFeature())) {
                try (Result result = bundle.function(ExportLayout.CLASSIFY).call(Map.of(ExportLayout.INPUT_EXAMPLES, examples))) {
                    float[][] scores = toMatrix((TFloat32) result.get(ExportLayout.OUTPUT_SCORES).orElseThrow());
                    // a sigmoid head's P(class 1) is the second score
                    compare(reference, k == 1 ? column(scores, 1) : scores, ExportLayout.CLASSIFY, "");
                }
                if (ExampleSignatures.regresses(request.labels())) {
                    try (Result result = bundle.function(ExportLayout.REGRESS).call(Map.of(ExportLayout.INPUT_EXAMPLES, examples))) {
                        TFloat32 out = (TFloat32) result.get(ExportLayout.OUTPUT_REGRESSION).orElseThrow();
                        float[][] values = new float[texts.size()][1];
                        for (int i = 0; i < values.length; i++) {
                            values[i][0] = out.getFloat(i);
                        }
                        compare(column(reference, k - 1), values, ExportLayout.REGRESS, "");
                    }
                }
            }
        }
    }

    private static void compare(float[][] reference, float[][] got, String signature, String hint) {
        for (int i = 0; i < reference.length; i++) {
            for (int j = 0; j < reference[i].length; j++) {
                if (Float.floatToIntBits(reference[i][j]) != Float.floatToIntBits(got[i][j])) {
                    throw new IllegalStateException("self-check failed: the reloaded SavedModel's " + signature + " gives "
                            + got[i][j] + " instead of " + reference[i][j] + " for text " + i + hint);
                }
            }
        }
    }

    /** Serialized tf.Examples with each text in {@code feature}, as TF Serving's Classify and Regress feed them. */
    static TString examples(List<String> texts, String feature) {
        byte[][] serialized = new byte[texts.size()][];
        for (int i = 0; i < serialized.length; i++) {
            serialized[i] = Example.newBuilder().setFeatures(Features.newBuilder().putFeature(feature,
                    Feature.newBuilder().setBytesList(BytesList.newBuilder()
                            .addValue(ByteString.copyFrom(texts.get(i), StandardCharsets.UTF_8))).build()))
                    .build().toByteArray();
        }
        return TString.tensorOfBytes(NdArrays.vectorOfObjects(serialized));
    }

    private static float[][] column(float[][] m, int j) {
        float[][] c = new float[m.length][1];
        for (int i = 0; i < m.length; i++) {
            c[i][0] = m[i][j];
        }
        return c;
    }

    static float[][] toMatrix(TFloat32 t) {
        int rows = (int) t.shape().get(0);
        int cols = (int) t.shape().get(1);
        float[][] m = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = t.getFloat(i, j);
            }
        }
        return m;
    }
}
