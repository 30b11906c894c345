package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.Int64List;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The classify and regress signatures run in the graph as TF Serving runs them: serialized tf.Examples fed to
 * {@code inputs} (with a request's context prepended to each example's bytes, as TF Serving's util.cc does), and
 * give bitwise the probabilities of {@code serving_default} for the same texts.
 */
class ExampleSignaturesTest {

    @TempDir Path tmp;

    static final List<String> TEXTS = List.of("a great film, wonderful cast", "dull and boring", "",
            "<br />the plot makes no sense", "Ünïcode and 数字 123");

    static Example example(String feature, String text) {
        return Example.newBuilder().setFeatures(Features.newBuilder().putFeature(feature, Feature.newBuilder()
                .setBytesList(BytesList.newBuilder().addValue(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
                .build())).build();
    }

    static TString serialized(List<byte[]> examples) {
        return TString.tensorOfBytes(NdArrays.vectorOfObjects(examples.toArray(new byte[0][])));
    }

    static List<byte[]> serialize(String feature, List<String> texts) {
        return texts.stream().map(t -> example(feature, t).toByteArray()).toList();
    }

    static float[][] predict(SavedModelBundle b, List<String> texts) {
        try (TString in = TString.vectorOf(texts.toArray(new String[0]));
                Result r = b.function(ExportLayout.SERVING_DEFAULT).call(Map.of(ExportLayout.INPUT_TEXT, in))) {
            return ReloadCheck.toMatrix((TFloat32) r.get(ExportLayout.OUTPUT_PROBABILITIES).orElseThrow());
        }
    }

    record Classified(float[][] scores, String[][] classes) {}

    static Classified classify(SavedModelBundle b, List<byte[]> examples) {
        try (TString in = serialized(examples);
                Result r = b.function(ExportLayout.CLASSIFY).call(Map.of(ExportLayout.INPUT_EXAMPLES, in))) {
            TString classes = (TString) r.get(ExportLayout.OUTPUT_CLASSES).orElseThrow();
            String[][] c = new String[(int) classes.shape().get(0)][(int) classes.shape().get(1)];
            for (int i = 0; i < c.length; i++) {
                for (int j = 0; j < c[i].length; j++) {
                    c[i][j] = classes.getObject(i, j);
                }
            }
            return new Classified(ReloadCheck.toMatrix((TFloat32) r.get(ExportLayout.OUTPUT_SCORES).orElseThrow()), c);
        }
    }

    static float[] regress(SavedModelBundle b, List<byte[]> examples) {
        try (TString in = serialized(examples);
                Result r = b.function(ExportLayout.REGRESS).call(Map.of(ExportLayout.INPUT_EXAMPLES, in))) {
            TFloat32 out = (TFloat32) r.get(ExportLayout.OUTPUT_REGRESSION).orElseThrow();
            assertEquals(1, out.shape().numDimensions());
            float[] v = new float[(int) out.shape().get(0)];
            for (int i = 0; i < v.length; i++) {
                v[i] = out.getFloat(i);
            }
            return v;
        }
    }

    @Test
    void binaryClassifyAndRegressEqualPredictBitwise() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("b")).directory();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            float[][] p = predict(b, TEXTS);
            Classified c = classify(b, serialize("text", TEXTS));
            float[] r = regress(b, serialize("text", TEXTS));
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(List.of("negative", "positive"), List.of(c.classes()[i]), "row " + i);
                assertEquals(Float.floatToRawIntBits(p[i][0]), Float.floatToRawIntBits(c.scores()[i][1]), "P(positive) " + i);
                assertEquals(Float.floatToRawIntBits(1f - p[i][0]), Float.floatToRawIntBits(c.scores()[i][0]), "P(negative) " + i);
                assertEquals(Float.floatToRawIntBits(p[i][0]), Float.floatToRawIntBits(r[i]), "regress " + i);
            }
        }
    }

    @Test
    void multiClassClassifyEqualsPredictAndHasNoRegress() throws Exception {
        Path dir = ExportFixtures.exportThreeClasses(tmp.resolve("k")).directory();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            assertFalse(b.metaGraphDef().getSignatureDefMap().containsKey(ExportLayout.REGRESS));
            float[][] p = predict(b, TEXTS);
            Classified c = classify(b, serialize("text", TEXTS));
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(List.of("bad", "meh", "good"), List.of(c.classes()[i]));
                for (int j = 0; j < 3; j++) {
                    assertEquals(Float.floatToRawIntBits(p[i][j]), Float.floatToRawIntBits(c.scores()[i][j]));
                }
            }
        }
    }

    /** TF Serving sends context bytes + example bytes: the example's own text wins, else the context's is used. */
    @Test
    void contextIsPrependedAndTheExampleWins() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("c")).directory();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            byte[] context = example("text", TEXTS.get(1)).toByteArray();
            Example own = example("text", TEXTS.get(0));
            Example other = Example.newBuilder().setFeatures(Features.newBuilder().putFeature("stars",
                    Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(5)).build())).build();
            List<byte[]> merged = new ArrayList<>();
            for (Example e : List.of(own, other)) {
                byte[] bytes = e.toByteArray();
                byte[] joined = new byte[context.length + bytes.length];
                System.arraycopy(context, 0, joined, 0, context.length);
                System.arraycopy(bytes, 0, joined, context.length, bytes.length);
                merged.add(joined);
            }
            float[] r = regress(b, merged);
            float[][] p = predict(b, List.of(TEXTS.get(0), TEXTS.get(1)));
            assertEquals(Float.floatToRawIntBits(p[0][0]), Float.floatToRawIntBits(r[0]), "the example's own text");
            assertEquals(Float.floatToRawIntBits(p[1][0]), Float.floatToRawIntBits(r[1]), "the context's text");
        }
    }

    @Test
    void anExampleWithoutTheTextFeatureIsRefusedNamingIt() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("m")).directory();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            Exception e = assertThrows(Exception.class, () -> classify(b, serialize("review", List.of("hello"))));
            assertTrue(e.getMessage().contains("text"), e.getMessage());
        }
    }

    @Test
    void theFeatureIsNamedByTheExport() throws Exception {
        Path dir = new SavedModelExporter().export(ExportFixtures.binary(tmp.resolve("r")).exampleFeature("review")
                .build()).directory();
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), ExportLayout.TAG)) {
            float[][] p = predict(b, TEXTS);
            float[] r = regress(b, serialize("review", TEXTS));
            for (int i = 0; i < TEXTS.size(); i++) {
                assertEquals(Float.floatToRawIntBits(p[i][0]), Float.floatToRawIntBits(r[i]));
            }
            assertThrows(Exception.class, () -> regress(b, serialize("text", TEXTS)));
        }
    }
}
