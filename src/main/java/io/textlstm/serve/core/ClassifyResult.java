package io.textlstm.serve.core;

import java.util.List;

/**
 * A Classify answer: the servable that ran it, and per example the score of every class, in the order of
 * {@link #labels()} (TF Serving's {@code ClassificationResult}: one list of (label, score) per example).
 */
public record ClassifyResult(String model, long version, String signatureName, List<String> labels, float[][] scores) {

    public ClassifyResult {
        labels = List.copyOf(labels);
    }
}
