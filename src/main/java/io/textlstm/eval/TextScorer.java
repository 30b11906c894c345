package io.textlstm.eval;

import java.util.List;

/**
 * Anything that turns raw texts into class probabilities: what {@link Evaluator} measures. An exported SavedModel
 * loaded by {@code io.textlstm.client.TextClassifier} is one.
 */
public interface TextScorer {

    /** The class names, in label-id order. */
    List<String> labels();

    /**
     * One probability row per text, in order: P(positive) for a binary model (one sigmoid unit), a distribution over
     * {@link #labels()} otherwise.
     */
    List<float[]> probabilities(List<String> texts);
}
