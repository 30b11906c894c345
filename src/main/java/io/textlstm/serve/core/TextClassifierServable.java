package io.textlstm.serve.core;

import io.textlstm.client.Prediction;
import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A textlstm export served through {@link TextClassifier}: {@code serving_default} (text in; probabilities,
 * class ids and labels out) and {@code predict_ids} (id rows in; probabilities out). Running through
 * TextClassifier keeps the server's answers the library's, bit for bit.
 */
final class TextClassifierServable implements Servable {

    private final TextClassifier classifier;
    private final ModelSignatures signatures;

    TextClassifierServable(TextClassifier classifier, ModelSignatures signatures) {
        this.classifier = classifier;
        this.signatures = signatures;
    }

    TextClassifier classifier() {
        return classifier;
    }

    @Override
    public ModelSignatures signatures() {
        return signatures;
    }

    @Override
    public void check(String signature, Map<String, HostTensor> inputs, RequestLimits limits) {
        if (ExportLayout.SERVING_DEFAULT.equals(signature)) {
            HostTensor t = inputs.get(ExportLayout.INPUT_TEXT);
            for (int i = 0; i < t.size(); i++) {
                String s = t.string(i);
                if (s.length() > limits.maxTextLength()) {
                    throw ServeException.invalidArgument("text " + i + " has " + s.length() + " characters, more than the "
                            + "server's limit of " + limits.maxTextLength() + " characters per text");
                }
            }
        } else if (ExportLayout.PREDICT_IDS.equals(signature)) {
            HostTensor t = inputs.get(ExportLayout.INPUT_IDS);
            int vocab = classifier.vocabularySize();
            int w = t.rowSize();
            for (int i = 0; i < t.size(); i++) {
                int id = t.intAt(i);
                if (id < 0 || id >= vocab) {
                    throw ServeException.invalidArgument("id " + id + " at row " + i / w + ", position " + i % w
                            + " is out of range: the vocabulary has ids 0.." + (vocab - 1));
                }
            }
        } else {
            throw ServeException.invalidArgument("signature '" + signature + "' is not one textlstm serve runs; use "
                    + ExportLayout.SERVING_DEFAULT + " or " + ExportLayout.PREDICT_IDS);
        }
    }

    /**
     * A row's answer can differ in its last bits with the other rows of its run (docs/serving.md, "Batching"); a
     * request that runs alone gets exactly TextClassifier's answer.
     */
    @Override
    public Map<String, HostTensor> run(String signature, Map<String, HostTensor> inputs) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        if (ExportLayout.SERVING_DEFAULT.equals(signature)) {
            HostTensor text = inputs.get(ExportLayout.INPUT_TEXT);
            List<String> texts = new ArrayList<>(text.size());
            for (int i = 0; i < text.size(); i++) {
                texts.add(text.string(i));
            }
            List<Prediction> rows = classifier.predict(texts);
            int n = rows.size();
            int k = rows.get(0).probabilities().length;
            float[] probs = new float[n * k];
            long[] classIds = new long[n];
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) {
                Prediction p = rows.get(i);
                System.arraycopy(p.probabilities(), 0, probs, i * k, k);
                classIds[i] = p.classId();
                labels[i] = p.label();
            }
            out.put(ExportLayout.OUTPUT_PROBABILITIES, HostTensor.ofFloats(new long[] {n, k}, probs));
            out.put(ExportLayout.OUTPUT_CLASS_IDS, HostTensor.ofLongs(new long[] {n}, classIds));
            out.put(ExportLayout.OUTPUT_LABELS, HostTensor.ofStrings(new long[] {n}, labels));
            return out;
        }
        if (ExportLayout.PREDICT_IDS.equals(signature)) {
            HostTensor t = inputs.get(ExportLayout.INPUT_IDS);
            int n = t.rows();
            int w = t.rowSize();
            int[][] ids = new int[n][w];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < w; j++) {
                    ids[i][j] = t.intAt(i * w + j);
                }
            }
            float[][] rows = classifier.predictIds(ids);
            int k = rows[0].length;
            float[] probs = new float[n * k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows[i], 0, probs, i * k, k);
            }
            out.put(ExportLayout.OUTPUT_PROBABILITIES, HostTensor.ofFloats(new long[] {n, k}, probs));
            return out;
        }
        throw ServeException.invalidArgument("signature '" + signature + "' is not one textlstm serve runs");
    }

    @Override
    public void close() {
        classifier.close();
    }
}
