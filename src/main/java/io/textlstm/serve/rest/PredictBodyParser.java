package io.textlstm.serve.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.export.ExportLayout;
import io.textlstm.serve.core.HostTensor;
import io.textlstm.serve.core.ModelSignatures;
import io.textlstm.serve.core.PredictRequest;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.core.ServeException;
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
 * it names and reads each input as a {@link JsonTensor}, giving the core's {@link PredictRequest} (which the core
 * checks against the signature). Errors carry TF Serving's messages.
 */
final class PredictBodyParser {

    /**
     * Deepest nesting of arrays and objects a body may have. textlstm's inputs nest three levels at most (a list of
     * objects holding id rows); the limit keeps a body of a million brackets from exhausting the parser's stack.
     */
    static final int MAX_NESTING = 64;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

    private PredictBodyParser() {}

    /** A predict request, and which of TF Serving's formats to answer in. */
    record Parsed(PredictRequest request, Format format) {}

    /** TF Serving's two request formats; the answer uses the matching one. */
    enum Format {
        /** {@code {"instances": [...]}} answered by {@code {"predictions": [...]}}. */
        ROW,
        /** {@code {"inputs": ...}} answered by {@code {"outputs": ...}}. */
        COLUMNAR
    }

    /**
     * The request in {@code body} for a version with {@code signatures}.
     *
     * @throws ServeException 400 naming what is wrong with the body
     */
    static Parsed parse(byte[] body, ModelSignatures signatures, RequestLimits limits) {
        if (body.length == 0) {
            throw ServeException.invalidArgument("JSON Parse error: The document is empty");
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            // every parser error, its own limits included (StreamConstraintsException), is the body's
            throw ServeException.invalidArgument("JSON Parse error: " + parseError(e));
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
        SignatureDef def = signatures.get(signature);
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
        Format format;
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
            limits.checkInstances(instances.size());
            format = Format.ROW;
            tensors = fromInstances(instances, inputs);
        } else if (columns != null) {
            format = Format.COLUMNAR;
            tensors = fromInputs(columns, inputs);
        } else {
            throw ServeException.invalidArgument("Missing 'inputs' or 'instances' key");
        }
        Map<String, HostTensor> hostTensors = new java.util.LinkedHashMap<>();
        tensors.forEach((name, t) -> hostTensors.put(name, t.toHostTensor(inputs.get(name).getDtype())));
        return new Parsed(new PredictRequest(signature, hostTensors), format);
    }

    /** Jackson's message without its echo of the source, and where parsing stopped when Jackson knows it. */
    private static String parseError(JsonProcessingException e) {
        String why = String.valueOf(e.getOriginalMessage());
        // Jackson appends where an unclosed object started; the offset below says where parsing stopped
        why = why.replaceAll("\\s*\\(start marker at .*\\)", "");
        JsonLocation at = e.getLocation();
        return at == null || at.getByteOffset() < 0 ? why : why + " at offset: " + at.getByteOffset();
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
