package io.textlstm.serve.core;

/** A Regress answer: the servable that ran it and one value per example (P(class 1) in textlstm exports). */
public record RegressResult(String model, long version, String signatureName, float[] values) {}
