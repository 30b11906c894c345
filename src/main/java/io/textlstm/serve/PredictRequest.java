package io.textlstm.serve;

import java.util.List;

/**
 * A predict request after parsing and checking: which signature, which JSON format to answer in, and the rows:
 * {@code texts} for {@code serving_default}, {@code ids} for {@code predict_ids} (the other is null).
 */
public record PredictRequest(String signature, Format format, List<String> texts, int[][] ids) {

    /** TF Serving's two request formats; the answer uses the matching one. */
    public enum Format {
        /** {@code {"instances": [...]}} answered by {@code {"predictions": [...]}}. */
        ROW,
        /** {@code {"inputs": ...}} answered by {@code {"outputs": ...}}. */
        COLUMNAR
    }
}
