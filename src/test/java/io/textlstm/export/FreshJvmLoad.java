package io.textlstm.export;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Runs in a separate JVM whose class path holds TF Java only (no textlstm classes, no Jackson): loads a SavedModel
 * with the C++ loader, as TF Serving does, and runs {@code serving_default}.
 *
 * <p>Arguments: model folder, a file of hex-encoded UTF-8 texts (one per line). Prints one line per text:
 * the raw int bits of each probability, the class id and the label; the same texts as tf.Examples (feature
 * {@code text}) through {@code classify} ({@code classify} lines: the bits of each score) and, when the model has it,
 * {@code regress} ({@code regress} lines); then the signature keys with method names.
 */
public final class FreshJvmLoad {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> lines = Files.readAllLines(Path.of(args[1]));
        String[] texts = new String[lines.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = new String(HexFormat.of().parseHex(lines.get(i)), StandardCharsets.UTF_8);
        }
        long t0 = System.nanoTime();
        try (SavedModelBundle bundle = SavedModelBundle.load(args[0], "serve")) {
            long t1 = System.nanoTime();
            try (TString in = TString.vectorOf(texts);
                    Result r = bundle.function("serving_default").call(Map.of("text", in))) {
                TFloat32 p = (TFloat32) r.get("probabilities").orElseThrow();
                org.tensorflow.types.TInt64 c = (org.tensorflow.types.TInt64) r.get("class_ids").orElseThrow();
                TString l = (TString) r.get("labels").orElseThrow();
                for (int i = 0; i < texts.length; i++) {
                    StringBuilder sb = new StringBuilder("row");
                    for (int j = 0; j < p.shape().get(1); j++) {
                        sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(p.getFloat(i, j))));
                    }
                    sb.append(' ').append(c.getLong(i)).append(' ').append(l.getObject(i));
                    out.println(sb);
                }
            }
            byte[][] examples = new byte[texts.length][];
            for (int i = 0; i < texts.length; i++) {
                examples[i] = org.tensorflow.proto.Example.newBuilder().setFeatures(org.tensorflow.proto.Features
                        .newBuilder().putFeature("text", org.tensorflow.proto.Feature.newBuilder().setBytesList(
                                org.tensorflow.proto.BytesList.newBuilder().addValue(com.google.protobuf.ByteString
                                        .copyFrom(texts[i], StandardCharsets.UTF_8))).build())).build().toByteArray();
            }
            try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.vectorOfObjects(examples));
                    Result r = bundle.function("classify").call(Map.of("inputs", in))) {
                TFloat32 scores = (TFloat32) r.get("scores").orElseThrow();
                for (int i = 0; i < texts.length; i++) {
                    StringBuilder sb = new StringBuilder("classify");
                    for (int j = 0; j < scores.shape().get(1); j++) {
                        sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(scores.getFloat(i, j))));
                    }
                    out.println(sb);
                }
            }
            if (bundle.metaGraphDef().getSignatureDefMap().containsKey("regress")) {
                try (TString in = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.vectorOfObjects(examples));
                        Result r = bundle.function("regress").call(Map.of("inputs", in))) {
                    TFloat32 values = (TFloat32) r.get("outputs").orElseThrow();
                    for (int i = 0; i < texts.length; i++) {
                        out.println("regress " + Integer.toHexString(Float.floatToRawIntBits(values.getFloat(i))));
                    }
                }
            }
            bundle.metaGraphDef().getSignatureDefMap().forEach((k, v) -> out.println("signature " + k + " " + v.getMethodName()));
            out.println("load_ms " + (t1 - t0) / 1_000_000);
        }
    }
}
