package io.textlstm.serve.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Predict answer: the servable that ran it (the version filled in, as TF Serving fills in the answer's
 * {@code model_spec}) and the output tensors by alias, in the order the servable gives them.
 */
public record PredictResult(String model, long version, String signatureName, Map<String, HostTensor> outputs) {

    public PredictResult {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
