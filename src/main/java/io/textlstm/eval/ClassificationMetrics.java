package io.textlstm.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation metrics of a classifier on a labelled split, computed from its output probabilities.
 *
 * <p>Binary (one sigmoid unit): precision, recall and F1 of the positive class (id 1) and ROC AUC.
 * K classes: per-class precision/recall/F1/support, macro and weighted F1; {@code f1} is macro F1.
 *
 * @param loss mean cross-entropy
 * @param confusion confusion[true][predicted]
 * @param rocAuc binary only; NaN otherwise
 */
public record ClassificationMetrics(
        double loss, double accuracy, double precision, double recall, double f1, double rocAuc,
        double weightedF1, int[][] confusion, List<PerClass> perClass) {

    /** The record's fields, the confusion matrix as rows of counts (a record would print the array's identity). */
    @Override
    public String toString() {
        return "ClassificationMetrics[loss=" + loss + ", accuracy=" + accuracy + ", precision=" + precision + ", recall="
                + recall + ", f1=" + f1 + ", rocAuc=" + rocAuc + ", weightedF1=" + weightedF1 + ", confusion="
                + Arrays.deepToString(confusion) + ", perClass=" + perClass + "]";
    }

    /** Precision, recall, F1 and support of one class. */
    public record PerClass(int classId, double precision, double recall, double f1, int support) {}

    /**
     * @param probabilities row-major [n, outputUnits]: P(positive) when binary, a distribution otherwise
     * @param labels true class ids [n]
     * @param numClasses K (2 for a binary head)
     */
    public static ClassificationMetrics compute(float[] probabilities, int[] labels, int numClasses) {
        int n = labels.length;
        boolean binary = numClasses == 2 && probabilities.length == n; // one sigmoid column
        int width = binary ? 1 : numClasses;
        int[][] confusion = new int[numClasses][numClasses];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int predicted;
            double pTrue;
            if (binary) {
                double p = probabilities[i];
                predicted = p >= 0.5 ? 1 : 0;
                pTrue = labels[i] == 1 ? p : 1 - p;
            } else {
                predicted = argmax(probabilities, i * width, width);
                pTrue = probabilities[i * width + labels[i]];
            }
            loss -= Math.log(Math.max(pTrue, 1e-7));
            confusion[labels[i]][predicted]++;
        }
        List<PerClass> perClass = new ArrayList<>();
        int correct = 0;
        for (int k = 0; k < numClasses; k++) {
            correct += confusion[k][k];
            int predictedK = 0;
            int actualK = 0;
            for (int j = 0; j < numClasses; j++) {
                predictedK += confusion[j][k];
                actualK += confusion[k][j];
            }
            double precision = predictedK == 0 ? 0 : (double) confusion[k][k] / predictedK;
            double recall = actualK == 0 ? 0 : (double) confusion[k][k] / actualK;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass.add(new PerClass(k, precision, recall, f1, actualK));
        }
        double accuracy = n == 0 ? 0 : (double) correct / n;
        double weightedF1 = perClass.stream().mapToDouble(c -> c.f1() * c.support()).sum() / Math.max(1, n);
        if (binary) {
            PerClass pos = perClass.get(1);
            return new ClassificationMetrics(loss / Math.max(1, n), accuracy, pos.precision(), pos.recall(), pos.f1(),
                    rocAuc(probabilities, labels), weightedF1, confusion, perClass);
        }
        double macroP = perClass.stream().mapToDouble(PerClass::precision).average().orElse(0);
        double macroR = perClass.stream().mapToDouble(PerClass::recall).average().orElse(0);
        double macroF1 = perClass.stream().mapToDouble(PerClass::f1).average().orElse(0);
        return new ClassificationMetrics(loss / Math.max(1, n), accuracy, macroP, macroR, macroF1, Double.NaN, weightedF1,
                confusion, perClass);
    }

    /** Area under the ROC curve by the rank-sum (Mann-Whitney) formula, ties counted half. */
    static double rocAuc(float[] scores, int[] labels) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] == 1) {
                    rankSumPositive += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    public static int argmax(float[] values, int offset, int width) {
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (values[offset + k] > values[offset + best]) {
                best = k;
            }
        }
        return best;
    }

    /** A JSON-friendly view with label names. */
    public Map<String, Object> toMap(List<String> labelNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        if (!Double.isNaN(rocAuc)) {
            m.put("roc_auc", rocAuc);
        }
        m.put("weighted_f1", weightedF1);
        m.put("confusion_matrix", confusion);
        List<Map<String, Object>> classes = new ArrayList<>();
        for (PerClass c : perClass) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("label", labelNames.get(c.classId()));
            cm.put("precision", c.precision());
            cm.put("recall", c.recall());
            cm.put("f1", c.f1());
            cm.put("support", c.support());
            classes.add(cm);
        }
        m.put("per_class", classes);
        return m;
    }
}
