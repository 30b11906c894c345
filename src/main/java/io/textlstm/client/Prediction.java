package io.textlstm.client;

import java.util.Arrays;

/**
 * One text's prediction.
 *
 * @param label         the predicted class name
 * @param classId       its index in the model's labels
 * @param probabilities the model's output row: for a binary model one value, P(class 1); otherwise one per class
 */
public record Prediction(String label, int classId, float[] probabilities) {

    public Prediction {
        probabilities = probabilities.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** Probability of the predicted class (for a binary model 1 - P(class 1) when class 0 is predicted). */
    public float probability() {
        if (probabilities.length == 1) {
            return classId == 1 ? probabilities[0] : 1f - probabilities[0];
        }
        return probabilities[classId];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prediction p && p.classId == classId && p.label.equals(label)
                && Arrays.equals(p.probabilities, probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * label.hashCode() + classId) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "Prediction[label=" + label + ", classId=" + classId + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }
}
