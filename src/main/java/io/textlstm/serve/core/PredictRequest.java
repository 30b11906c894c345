package io.textlstm.serve.core;

import io.textlstm.export.ExportLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What TF Serving's Predict API asks of a loaded version, whichever front end received it: a signature (empty or
 * null: {@code serving_default}), its inputs by alias, and which outputs to return (empty: all of them).
 *
 * @param signatureName the signature's key in the SavedModel
 * @param inputs        the input tensors by the signature's input alias; all share their first dimension (the rows)
 * @param outputFilter  output aliases to return, or empty for every output of the signature
 */
public record PredictRequest(String signatureName, Map<String, HostTensor> inputs, List<String> outputFilter) {

    public PredictRequest {
        signatureName = signatureName == null || signatureName.isEmpty() ? ExportLayout.SERVING_DEFAULT : signatureName;
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputFilter = List.copyOf(outputFilter);
    }

    /** Every output of {@code signatureName}. */
    public PredictRequest(String signatureName, Map<String, HostTensor> inputs) {
        this(signatureName, inputs, List.of());
    }
}
