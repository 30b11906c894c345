package io.textlstm.export;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.io.ParseExample;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The {@code classify} and {@code regress} signatures: TF Serving's Classify and Regress APIs on serialized
 * tf.Examples (docs/savedmodel.md, "Signatures"), parsed inside the graph so that TF Serving serves them as well.
 *
 * <p>TF Serving's rules (its classifier.cc and regressor.cc): one input, {@code inputs}, DT_STRING [batch] of
 * serialized Examples (TF Serving prepends a request's context to each example's bytes, so an example's own features
 * win over the context's); Classify wants {@code classes} DT_STRING [batch, K] and/or {@code scores} DT_FLOAT
 * [batch, K] and nothing else; Regress wants exactly one output, {@code outputs}, DT_FLOAT [batch] or [batch, 1].
 * The method names are checked by TF Serving only when asked to, and are set here regardless.
 */
final class ExampleSignatures {
    private ExampleSignatures() {}

    /** The {@code inputs} placeholder: serialized tf.Examples, string [-1]. */
    static Placeholder<TString> examples(Ops tf) {
        return tf.withName(ExportLayout.INPUT_EXAMPLES).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
    }

    /**
     * Each example's text: feature {@code feature}, one bytes value, required ({@code ParseExampleV2} with a dense
     * string feature of shape [] and no default fails a request whose example lacks it, naming the feature).
     */
    static Operand<TString> text(Ops tf, Operand<TString> examples, String feature) {
        Ops p = tf.withSubScope("parse_examples");
        Operand<TString> none = p.constant(NdArrays.ofObjects(String.class, Shape.of(0)));
        ParseExample parsed = p.io.parseExample(examples, none, none, p.constant(NdArrays.vectorOfObjects(feature)),
                none, List.of(none), 0L, List.of(), List.of(), List.of(), List.of(Shape.scalar()));
        @SuppressWarnings("unchecked")
        Operand<TString> text = (Operand<TString>) parsed.denseValues().get(0);
        return text;
    }

    /**
     * {@code classes}: every label for every example, string [-1, numLabels]; {@code scores}: the probability of
     * each label, float [-1, numLabels] ({@code 1 - p, p} for a binary model whose network gives p = P(class 1)).
     */
    static Signature classify(Ops tf, Operand<TString> examples, Operand<TFloat32> probabilities, List<String> labels) {
        Ops c = tf.withSubScope(ExportLayout.CLASSIFY);
        int k = (int) probabilities.shape().get(1);
        Operand<TFloat32> scores = k == 1
                ? c.withName(ExportLayout.OUTPUT_SCORES).concat(
                        List.of(c.math.sub(c.constant(1f), probabilities), probabilities), c.constant(1))
                : c.withName(ExportLayout.OUTPUT_SCORES).identity(probabilities);
        Operand<TString> labelRow = c.expandDims(c.constant(NdArrays.vectorOfObjects(labels.toArray(new String[0]))),
                c.constant(0));
        Operand<TString> classes = c.withName(ExportLayout.OUTPUT_CLASSES).tile(labelRow,
                c.stack(List.of(c.gather(c.shape(scores), c.constant(0), c.constant(0)), c.constant(1))));
        return Signature.builder()
                .key(ExportLayout.CLASSIFY)
                .methodName(ExportLayout.CLASSIFY_METHOD_NAME)
                .input(ExportLayout.INPUT_EXAMPLES, examples)
                .output(ExportLayout.OUTPUT_CLASSES, classes)
                .output(ExportLayout.OUTPUT_SCORES, scores)
                .build();
    }

    /** Whether an export with these labels has a {@code regress} signature: when it has two classes. */
    static boolean regresses(List<String> labels) {
        return labels.size() == 2;
    }

    /**
     * {@code outputs}: P(class 1), float [-1], from a sigmoid head's one column or a two-class softmax's second;
     * only for {@link #regresses two-class} models.
     */
    static Signature regress(Ops tf, Operand<TString> examples, Operand<TFloat32> probabilities) {
        Ops r = tf.withSubScope(ExportLayout.REGRESS);
        Ops out = r.withName(ExportLayout.OUTPUT_REGRESSION);
        Operand<TFloat32> outputs = probabilities.shape().get(1) == 1
                ? out.reshape(probabilities, r.constant(new int[] {-1}))
                : out.gather(probabilities, r.constant(1), r.constant(1));
        return Signature.builder()
                .key(ExportLayout.REGRESS)
                .methodName(ExportLayout.REGRESS_METHOD_NAME)
                .input(ExportLayout.INPUT_EXAMPLES, examples)
                .output(ExportLayout.OUTPUT_REGRESSION, outputs)
                .build();
    }
}
