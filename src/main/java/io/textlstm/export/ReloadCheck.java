package io.textlstm.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The export's self-check: loads the written model with the C++ SavedModel loader (the one TF Serving uses) and
 * checks it reproduces the export session's outputs bitwise.
 */
final class ReloadCheck {
    private ReloadCheck() {}

    static void verify(Path dir, List<String> texts, float[][] reference) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), ExportLayout.TAG);
                TString in = TString.vectorOf(texts.toArray(new String[0]));
                var result = bundle.function(ExportLayout.SERVING_DEFAULT).call(Map.of(ExportLayout.INPUT_TEXT, in))) {
            Tensor t = result.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow();
            float[][] reloaded = toMatrix((TFloat32) t);
            for (int i = 0; i < reference.length; i++) {
                for (int j = 0; j < reference[i].length; j++) {
                    if (Float.floatToIntBits(reference[i][j]) != Float.floatToIntBits(reloaded[i][j])) {
                        throw new IllegalStateException("self-check failed: the reloaded SavedModel gives "
                                + reloaded[i][j] + " instead of " + reference[i][j] + " for text " + i
                                + "; were the weights saved (tf.variable, restoreWeights)?");
                    }
                }
            }
        }
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
