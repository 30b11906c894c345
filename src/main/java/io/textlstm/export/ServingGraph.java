package io.textlstm.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Builds the inference graph and its signatures and writes them with the network's weights as a SavedModel
 * (docs/savedmodel.md, "Signatures").
 *
 * <p>The graph: {@code inputs} (serialized tf.Examples, string [-1]) → parsed text → {@code text} (string [-1]) →
 * {@link InGraphTokenizer} → {@code ids} (int32 [-1, maxLength]) → network → {@code probabilities},
 * {@code class_ids}, {@code labels}, and the {@link ExampleSignatures classify and regress outputs}. {@code text} and
 * {@code ids} are {@code PlaceholderWithDefault}s, so one network serves every signature: feeding {@code text} skips
 * the Example parsing, feeding {@code ids} the tokenizer too. Signatures {@code serving_default} and
 * {@code predict_ids} (method {@code tensorflow/serving/predict}), {@code classify} and, for two-class models,
 * {@code regress}; tag {@code serve}. The graph holds no tables or other state beyond the network's variables, so it
 * needs no init op.
 */
final class ServingGraph {
    private ServingGraph() {}

    /**
     * Writes {@code saved_model.pb} (finished by {@link MetaGraphFinisher}) and {@code variables/} into {@code dir};
     * returns the export session's probabilities for the request's warmup texts, the reference of the self-check.
     */
    static float[][] write(Path dir, ExportRequest request, InGraphTokenizer tokenizer) throws IOException {
        int numLabels = request.labels().size();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TString> examples = ExampleSignatures.examples(tf);
            Operand<TString> text = tf.withName(ExportLayout.INPUT_TEXT).placeholderWithDefault(
                    ExampleSignatures.text(tf, examples, request.exampleFeature()), Shape.of(-1));
            Operand<TInt32> tokenIds = tokenizer.ids(tf, text);
            Operand<TInt32> ids = tf.withName(ExportLayout.INPUT_IDS)
                    .placeholderWithDefault(tokenIds, Shape.of(-1, request.maxLength()));
            int varHandlesBefore = countOps(g, "VarHandleOp");
            Operand<TFloat32> raw = request.network().probabilities(tf.withSubScope("network"), ids);
            if (countOps(g, "VarHandleOp") > varHandlesBefore) {
                throw new IllegalArgumentException("the network uses resource variables (VarHandleOp), which TF Java 1.1's "
                        + "saver does not save; create them with tf.variable(...)");
            }
            int k = outputColumns(raw.shape(), numLabels);
            Operand<TFloat32> probabilities = tf.withName(ExportLayout.OUTPUT_PROBABILITIES)
                    .reshape(raw, tf.constant(new int[] {-1, k}));
            Operand<TInt64> classIds;
            if (k == 1) {
                Operand<TFloat32> p = tf.reshape(probabilities, tf.constant(new int[] {-1}));
                classIds = tf.withName(ExportLayout.OUTPUT_CLASS_IDS).dtypes.cast(
                        tf.math.greaterEqual(p, tf.constant(ExportLayout.BINARY_THRESHOLD)), TInt64.class);
            } else {
                classIds = tf.withName(ExportLayout.OUTPUT_CLASS_IDS).math.argMax(probabilities, tf.constant(1), TInt64.class);
            }
            Operand<TString> labels = tf.withName(ExportLayout.OUTPUT_LABELS).gather(
                    tf.constant(NdArrays.vectorOfObjects(request.labels().toArray(new String[0]))), classIds,
                    tf.constant(0));

            try (Session session = new Session(g)) {
                request.network().restoreWeights(session);
                Signature servingDefault = Signature.builder()
                        .key(ExportLayout.SERVING_DEFAULT)
                        .methodName(ExportLayout.PREDICT_METHOD_NAME)
                        .input(ExportLayout.INPUT_TEXT, text)
                        .output(ExportLayout.OUTPUT_PROBABILITIES, probabilities)
                        .output(ExportLayout.OUTPUT_CLASS_IDS, classIds)
                        .output(ExportLayout.OUTPUT_LABELS, labels)
                        .build();
                Signature predictIds = Signature.builder()
                        .key(ExportLayout.PREDICT_IDS)
                        .methodName(ExportLayout.PREDICT_METHOD_NAME)
                        .input(ExportLayout.INPUT_IDS, ids)
                        .output(ExportLayout.OUTPUT_PROBABILITIES, probabilities)
                        .build();
                List<Signature> signatures = new ArrayList<>(List.of(servingDefault, predictIds,
                        ExampleSignatures.classify(tf, examples, probabilities, request.labels())));
                if (ExampleSignatures.regresses(request.labels())) {
                    signatures.add(ExampleSignatures.regress(tf, examples, probabilities));
                }
                float[][] reference;
                try (TString in = TString.vectorOf(request.warmupTexts().toArray(new String[0]));
                        var result = session.runner().feed(text, in).fetch(probabilities).run()) {
                    reference = ReloadCheck.toMatrix((TFloat32) result.get(0));
                }
                Files.createDirectories(dir);
                SavedModelBundle.exporter(dir.toString())
                        .withTags(ExportLayout.TAG)
                        .withSession(session)
                        .withSignatures(signatures.toArray(new Signature[0]))
                        .export();
                MetaGraphFinisher.finish(dir.resolve(ExportLayout.SAVED_MODEL_PB));
                return reference;
            }
        }
    }

    /** K of the network's static output shape [-1, K], checked against the number of labels. */
    private static int outputColumns(Shape rawShape, int numLabels) {
        if (rawShape.isUnknown() || rawShape.numDimensions() != 2 || rawShape.get(1) < 1) {
            throw new IllegalArgumentException("the network must return probabilities of static shape [-1, K], got "
                    + rawShape);
        }
        int k = (int) rawShape.get(1);
        if (!(k == numLabels || (k == 1 && numLabels == 2))) {
            throw new IllegalArgumentException("the network has " + k + " output column(s) but there are "
                    + numLabels + " labels (binary models have 1 column, K-class models K)");
        }
        return k;
    }

    private static int countOps(Graph g, String type) {
        int n = 0;
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            if (it.next().type().equals(type)) {
                n++;
            }
        }
        return n;
    }
}
