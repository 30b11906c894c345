package io.textlstm.data;

/** One record of any source: the raw text and its class label as a string. */
public record LabeledText(String text, String label) {}
