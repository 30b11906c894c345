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
 * the raw int bits of each probability, the class id and the label; then the signature keys with method names.
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
            bundle.metaGraphDef().getSignatureDefMap().forEach((k, v) -> out.println("signature " + k + " " + v.getMethodName()));
            out.println("load_ms " + (t1 - t0) / 1_000_000);
        }
    }
}
