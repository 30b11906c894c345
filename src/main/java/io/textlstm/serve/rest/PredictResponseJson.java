package io.textlstm.serve.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.textlstm.serve.core.HostTensor;
import io.textlstm.serve.core.PredictResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes predict answers shaped as TF Serving shapes them (docs/serving.md): the row format gives one entry per
 * instance, a plain value when the answer has one output and an object keyed by output name when it has several; the
 * columnar format gives each output as a whole tensor. Outputs keep the servable's order. Floats are written with
 * Java's shortest representation that reads back to the same float, so a client gets the model's numbers bit for bit.
 */
final class PredictResponseJson {

    private PredictResponseJson() {}

    static byte[] write(PredictBodyParser.Format format, PredictResult result) {
        Map<String, HostTensor> outputs = result.outputs();
        List<String> names = new ArrayList<>(outputs.keySet());
        int rows = outputs.values().iterator().next().rows();
        StringBuilder sb = new StringBuilder(64 + rows * 80);
        if (format == PredictBodyParser.Format.ROW || names.size() == 1) {
            sb.append(format == PredictBodyParser.Format.ROW ? "{\"predictions\": [" : "{\"outputs\": [");
            for (int i = 0; i < rows; i++) {
                sb.append(i == 0 ? "\n  " : ",\n  ");
                if (names.size() == 1) {
                    row(sb, outputs.get(names.get(0)), i);
                } else {
                    sb.append('{');
                    for (int j = 0; j < names.size(); j++) {
                        sb.append(j == 0 ? "\"" : ", \"");
                        JsonStringEncoder.getInstance().quoteAsString(names.get(j), sb);
                        sb.append("\": ");
                        row(sb, outputs.get(names.get(j)), i);
                    }
                    sb.append('}');
                }
            }
            sb.append("\n]}\n");
        } else {
            sb.append("{\"outputs\": {");
            for (int j = 0; j < names.size(); j++) {
                sb.append(j == 0 ? "\n  \"" : ",\n  \"");
                JsonStringEncoder.getInstance().quoteAsString(names.get(j), sb);
                sb.append("\": [");
                HostTensor t = outputs.get(names.get(j));
                for (int i = 0; i < rows; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    row(sb, t, i);
                }
                sb.append(']');
            }
            sb.append("\n}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Row {@code i} of {@code t}: a plain value for a vector, nested lists for a higher rank. */
    private static void row(StringBuilder sb, HostTensor t, int i) {
        int w = t.rowSize();
        values(sb, t, 1, i * w);
    }

    /** The sub-tensor of dimensions {@code dim..} starting at flat index {@code at}. */
    private static void values(StringBuilder sb, HostTensor t, int dim, int at) {
        if (dim == t.rank()) {
            value(sb, t, at);
            return;
        }
        int inner = 1;
        for (int d = dim + 1; d < t.rank(); d++) {
            inner *= (int) t.dim(d);
        }
        sb.append('[');
        for (int k = 0; k < t.dim(dim); k++) {
            sb.append(k == 0 ? "" : ", ");
            values(sb, t, dim + 1, at + k * inner);
        }
        sb.append(']');
    }

    private static void value(StringBuilder sb, HostTensor t, int i) {
        switch (t.dtype()) {
            case DT_FLOAT -> {
                float v = t.floatAt(i);
                if (Float.isNaN(v)) {
                    sb.append("NaN");
                } else if (Float.isInfinite(v)) {
                    sb.append(v > 0 ? "Infinity" : "-Infinity");
                } else {
                    sb.append(Float.toString(v));
                }
            }
            case DT_INT64 -> sb.append(t.longAt(i));
            case DT_INT32 -> sb.append(t.intAt(i));
            case DT_STRING -> {
                sb.append('"');
                JsonStringEncoder.getInstance().quoteAsString(t.string(i), sb);
                sb.append('"');
            }
            default -> throw new IllegalStateException("no JSON for " + t.dtype());
        }
    }
}
