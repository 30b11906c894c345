package io.textlstm.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.textlstm.client.Prediction;
import io.textlstm.export.ExportLayout;
import java.util.List;

/**
 * Writes predict answers shaped as TF Serving shapes them (docs/serving.md): the row format gives one entry per
 * instance, a plain value when the signature has one output and an object keyed by output name when it has
 * several; the columnar format gives each output as a whole tensor. Floats are written with Java's shortest
 * representation that reads back to the same float, so a client gets the model's numbers bit for bit.
 */
final class PredictResponseJson {
    private PredictResponseJson() {}

    /** {@code serving_default}: outputs probabilities, class_ids, labels. */
    static String ofPredictions(PredictRequest.Format format, List<Prediction> rows) {
        StringBuilder sb = new StringBuilder(64 + rows.size() * 80);
        if (format == PredictRequest.Format.ROW) {
            sb.append("{\"predictions\": [");
            for (int i = 0; i < rows.size(); i++) {
                Prediction p = rows.get(i);
                sb.append(i == 0 ? "\n  " : ",\n  ");
                sb.append("{\"").append(ExportLayout.OUTPUT_PROBABILITIES).append("\": ");
                floats(sb, p.probabilities());
                sb.append(", \"").append(ExportLayout.OUTPUT_CLASS_IDS).append("\": ").append(p.classId());
                sb.append(", \"").append(ExportLayout.OUTPUT_LABELS).append("\": ");
                string(sb, p.label());
                sb.append('}');
            }
            return sb.append("\n]}\n").toString();
        }
        sb.append("{\"outputs\": {\n  \"").append(ExportLayout.OUTPUT_PROBABILITIES).append("\": [");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "" : ", ");
            floats(sb, rows.get(i).probabilities());
        }
        sb.append("],\n  \"").append(ExportLayout.OUTPUT_CLASS_IDS).append("\": [");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(rows.get(i).classId());
        }
        sb.append("],\n  \"").append(ExportLayout.OUTPUT_LABELS).append("\": [");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "" : ", ");
            string(sb, rows.get(i).label());
        }
        return sb.append("]\n}}\n").toString();
    }

    /** {@code predict_ids}: the one output, probabilities, as plain values. */
    static String ofProbabilities(PredictRequest.Format format, List<float[]> rows) {
        StringBuilder sb = new StringBuilder(64 + rows.size() * 24);
        boolean row = format == PredictRequest.Format.ROW;
        sb.append(row ? "{\"predictions\": [" : "{\"outputs\": [");
        for (int i = 0; i < rows.size(); i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ");
            floats(sb, rows.get(i));
        }
        return sb.append("\n]}\n").toString();
    }

    private static void floats(StringBuilder sb, float[] values) {
        sb.append('[');
        for (int j = 0; j < values.length; j++) {
            sb.append(j == 0 ? "" : ", ");
            float v = values[j];
            if (Float.isNaN(v)) {
                sb.append("NaN");
            } else if (Float.isInfinite(v)) {
                sb.append(v > 0 ? "Infinity" : "-Infinity");
            } else {
                sb.append(Float.toString(v));
            }
        }
        sb.append(']');
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }
}
