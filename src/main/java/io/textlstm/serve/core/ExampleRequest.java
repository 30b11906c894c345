package io.textlstm.serve.core;

import java.util.List;
import java.util.Objects;
import org.tensorflow.proto.Example;

/**
 * What TF Serving's Classify and Regress APIs ask of a loaded version, whichever front end received it: a signature
 * (empty or null: {@code serving_default}, as TF Serving takes it) and tf.Examples, with an optional context whose
 * features every example shares (an example's own feature of the same name wins).
 *
 * @param signatureName the signature's key in the SavedModel ({@code classify} or {@code regress} in textlstm exports)
 * @param examples      one Example per row
 * @param context       features shared by every example, or null
 */
public record ExampleRequest(String signatureName, List<Example> examples, Example context) {

    public ExampleRequest {
        signatureName = signatureName == null || signatureName.isEmpty()
                ? io.textlstm.export.ExportLayout.SERVING_DEFAULT : signatureName;
        examples = List.copyOf(Objects.requireNonNull(examples, "examples"));
    }

    /** Each example with the context's features under its own, as TF Serving's parser sees context + example bytes. */
    List<Example> merged() {
        if (context == null) {
            return examples;
        }
        return examples.stream().map(e -> context.toBuilder().mergeFrom(e).build()).toList();
    }
}
