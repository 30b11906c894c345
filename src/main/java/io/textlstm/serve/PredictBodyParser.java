package io.textlstm.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Reads a predict request body in TF Serving's two JSON formats (docs/serving.md): the row format
 * ({@code instances}, a value or an object per row) and the columnar format ({@code inputs}), picks the signature
 * it names, reads each input as a {@link JsonTensor} and hands the result to {@link PredictRequestValidator}.
 * Errors carry TF Serving's messages.
 */
final class PredictBodyParser {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    private PredictBodyParser() {}

    /**
     * The checked request in {@code body} for a version offering {@code target}.
     *
     * @throws ServeException 400 naming what is wrong with the body
     */
    static PredictRequest parse(byte[] body, PredictTarget target, RequestLimits limits) {
        if (body.length == 0) {
            throw ServeException.invalidArgument("JSON Parse error: The document is empty");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson appends where an unclosed object started; the offset below says where parsing stopped
            String why = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*\\)", "");
            throw ServeException.invalidArgument("JSON Parse error: " + why + " at offset: "
                    + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw ServeException.invalidArgument("JSON Parse error: " + e.getMessage());
        }
        if (doc == null || doc.isMissingNode()) {
            throw ServeException.invalidArgument("JSON Parse error: The document is empty");
        }
        if (!doc.isObject()) {
            throw formatError(doc, "Is not object");
        }
        String signature = ExportLayout.SERVING_DEFAULT;
        JsonNode sig = doc.get("signature_name");
        if (sig != null) {
            if (!sig.isTextual()) {
                throw formatError(doc, "not formatted correctly. 'signature_name' key must be a string value.");
            }
            if (!sig.asText().isEmpty()) {
                signature = sig.asText();
            }
        }
        SignatureDef def = target.signature(signature);
        if (def == null) {
            throw ServeException.invalidArgument("Serving signature name: \"" + signature + "\" not found in signature def");
        }
        Map<String, TensorInfo> inputs = new java.util.TreeMap<>(def.getInputsMap());
        if (inputs.isEmpty()) {
            throw ServeException.invalidArgument("Failed to get input map for signature: " + signature);
        }
        JsonNode instances = doc.get("instances");
        JsonNode columns = doc.get("inputs");
        Map<String, JsonTensor> tensors;
        PredictRequest.Format format;
        if (instances != null) {
            if (columns != null) {
                throw formatError(doc, "Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist");
            }
            if (!instances.isArray()) {
                throw formatError(doc, "Expecting 'instances' to be an list/array");
            }
            if (instances.isEmpty()) {
                throw formatError(doc, "No values in 'instances' array");
            }
            PredictRequestValidator.checkRows(instances.size(), limits);
            format = PredictRequest.Format.ROW;
            tensors = fromInstances(instances, inputs);
        } else if (columns != null) {
            format = PredictRequest.Format.COLUMNAR;
            tensors = fromInputs(columns, inputs);
        } else {
            throw ServeException.invalidArgument("Missing 'inputs' or 'instances' key");
        }
        return PredictRequestValidator.toRequest(signature, format, inputs, tensors, target, limits);
    }

    private static Map<String, JsonTensor> fromInstances(JsonNode instances, Map<String, TensorInfo> inputs) {
        boolean objects = isElementObject(instances.get(0));
        if (!objects && inputs.size() > 1) {
            throw ServeException.invalidArgument("instances is a plain list, but expecting list of objects as multiple "
                    + "input tensors required as per tensorinfo_map");
        }
        Map<String, List<Long>> shapes = new java.util.HashMap<>();
        Map<String, List<Object>> values = new java.util.TreeMap<>();
        int item = 0;
        for (JsonNode elem : instances) {
            if (objects) {
                if (!isElementObject(elem)) {
                    throw ServeException.invalidArgument("Expecting object but got list at item " + item + " of input list");
                }
                Set<String> keys = new TreeSet<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = elem.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = it.next();
                    keys.add(kv.getKey());
                    try {
                        addInstanceItem(kv.getValue(), kv.getKey(), inputs, shapes, values);
                    } catch (ServeException e) {
                        throw ServeException.invalidArgument("Failed to process element: " + item + " key: " + kv.getKey()
                                + " of 'instances' list. Error: INVALID_ARGUMENT: " + e.getMessage());
                    }
                }
                if (!keys.equals(inputs.keySet())) {
                    throw ServeException.invalidArgument("Failed to process element: " + item
                            + " of 'instances' list. JSON object: " + JsonTensor.debug(elem) + " keys must be equal to: "
                            + String.join(",", inputs.keySet()));
                }
            } else {
                if (isElementObject(elem)) {
                    throw ServeException.invalidArgument("Expecting value/list but got object at item " + item + " of input list");
                }
                String name = inputs.keySet().iterator().next();
                try {
                    addInstanceItem(elem, name, inputs, shapes, values);
                } catch (ServeException e) {
                    throw ServeException.invalidArgument("Failed to process element: " + item
                            + " of 'instances' list. Error: INVALID_ARGUMENT: " + e.getMessage());
                }
            }
            item++;
        }
        Map<String, JsonTensor> out = new java.util.TreeMap<>();
        for (Map.Entry<String, List<Object>> e : values.entrySet()) {
            List<Long> shape = new ArrayList<>();
            shape.add((long) item);
            shape.addAll(shapes.get(e.getKey()));
            out.put(e.getKey(), new JsonTensor(shape, e.getValue()));
        }
        return out;
    }

    private static void addInstanceItem(JsonNode item, String name, Map<String, TensorInfo> inputs,
            Map<String, List<Long>> shapes, Map<String, List<Object>> values) {
        TensorInfo info = inputs.get(name);
        if (info == null) {
            throw ServeException.invalidArgument("JSON object: does not have named input: " + name);
        }
        JsonTensor t = JsonTensor.read(item, info.getDtype());
        List<Long> known = shapes.get(name);
        if (known == null) {
            shapes.put(name, t.shape());
            values.put(name, new ArrayList<>(t.values()));
            return;
        }
        if (JsonTensor.product(known) != t.values().size()) {
            throw ServeException.invalidArgument("Expecting tensor size: " + JsonTensor.product(known) + " but got: " + t.values().size());
        }
        if (!known.equals(t.shape())) {
            throw ServeException.invalidArgument("Expecting shape " + JsonTensor.shapeString(known) + " but got: " + JsonTensor.shapeString(t.shape()));
        }
        values.get(name).addAll(t.values());
    }

    private static Map<String, JsonTensor> fromInputs(JsonNode val, Map<String, TensorInfo> inputs) {
        Map<String, JsonTensor> out = new java.util.TreeMap<>();
        if (!val.isObject() || JsonTensor.isBase64(val)) {
            if (inputs.size() > 1) {
                throw ServeException.invalidArgument("inputs is a plain value/list, but expecting an object as multiple "
                        + "input tensors required as per tensorinfo_map");
            }
            Map.Entry<String, TensorInfo> only = inputs.entrySet().iterator().next();
            out.put(only.getKey(), JsonTensor.read(val, only.getValue().getDtype()));
            return out;
        }
        for (Map.Entry<String, TensorInfo> e : inputs.entrySet()) {
            JsonNode item = val.get(e.getKey());
            if (item == null) {
                throw ServeException.invalidArgument("Missing named input: " + e.getKey() + " in 'inputs' object.");
            }
            out.put(e.getKey(), JsonTensor.read(item, e.getValue().getDtype()));
        }
        return out;
    }

    private static boolean isElementObject(JsonNode val) {
        return val.isObject() && !JsonTensor.isBase64(val);
    }

    private static ServeException formatError(JsonNode val, String what) {
        return ServeException.invalidArgument("JSON Value: " + JsonTensor.debug(val) + " " + what);
    }
}
