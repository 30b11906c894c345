package io.textlstm.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.textlstm.export.ExportLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a predict request body the way TF Serving's {@code json_tensor} does (docs/serving.md): the row format
 * ({@code instances}) and the columnar format ({@code inputs}), nested lists as dense tensors whose shape comes
 * from the first element at each level, strings as JSON strings or {@code {"b64": ...}}, with TF Serving's error
 * messages. Then checks what TensorFlow would reject later (shapes, ids out of range) and the server's limits,
 * so that a bad request is a 400 naming the problem and never reaches a batch it could spoil.
 */
final class PredictJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);
    private static final int DEBUG_CHARS = 200;

    private PredictJson() {}

    /** What a model version offers to parsing: signatures and the id range of {@code predict_ids}. */
    interface Target {
        SignatureDef signature(String name);

        int vocabularySize();
    }

    /** A dense tensor read from JSON: its shape and its leaves in row-major order. */
    private record JsonTensor(List<Long> shape, List<Object> values) {}

    static PredictRequest parse(byte[] body, Target target, RequestLimits limits) {
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
            checkRows(instances.size(), limits);
            format = PredictRequest.Format.ROW;
            tensors = fromInstances(instances, inputs);
        } else if (columns != null) {
            format = PredictRequest.Format.COLUMNAR;
            tensors = fromInputs(columns, inputs);
        } else {
            throw ServeException.invalidArgument("Missing 'inputs' or 'instances' key");
        }
        return toRequest(signature, format, inputs, tensors, target, limits);
    }

    private static void checkRows(int rows, RequestLimits limits) {
        if (rows > limits.maxInstances()) {
            throw ServeException.invalidArgument("the request has " + rows + " instances; this server takes at most "
                    + limits.maxInstances() + " per request (--max-instances): split it into several requests");
        }
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
                            + " of 'instances' list. JSON object: " + debug(elem) + " keys must be equal to: "
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
        JsonTensor t = dense(item, info.getDtype());
        List<Long> known = shapes.get(name);
        if (known == null) {
            shapes.put(name, t.shape());
            values.put(name, new ArrayList<>(t.values()));
            return;
        }
        if (product(known) != t.values().size()) {
            throw ServeException.invalidArgument("Expecting tensor size: " + product(known) + " but got: " + t.values().size());
        }
        if (!known.equals(t.shape())) {
            throw ServeException.invalidArgument("Expecting shape " + shapeString(known) + " but got: " + shapeString(t.shape()));
        }
        values.get(name).addAll(t.values());
    }

    private static Map<String, JsonTensor> fromInputs(JsonNode val, Map<String, TensorInfo> inputs) {
        Map<String, JsonTensor> out = new java.util.TreeMap<>();
        if (!val.isObject() || isBase64(val)) {
            if (inputs.size() > 1) {
                throw ServeException.invalidArgument("inputs is a plain value/list, but expecting an object as multiple "
                        + "input tensors required as per tensorinfo_map");
            }
            Map.Entry<String, TensorInfo> only = inputs.entrySet().iterator().next();
            out.put(only.getKey(), dense(val, only.getValue().getDtype()));
            return out;
        }
        for (Map.Entry<String, TensorInfo> e : inputs.entrySet()) {
            JsonNode item = val.get(e.getKey());
            if (item == null) {
                throw ServeException.invalidArgument("Missing named input: " + e.getKey() + " in 'inputs' object.");
            }
            out.put(e.getKey(), dense(item, e.getValue().getDtype()));
        }
        return out;
    }

    /** A JSON value as a dense tensor: shape from the first element at each level, then every leaf checked. */
    private static JsonTensor dense(JsonNode val, DataType dtype) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode v = val; v.isArray(); v = v.get(0)) {
            shape.add((long) v.size());
            if (v.isEmpty()) {
                break;
            }
        }
        List<Object> values = new ArrayList<>();
        fill(val, 0, dtype, shape, values);
        return new JsonTensor(shape, values);
    }

    private static void fill(JsonNode val, int level, DataType dtype, List<Long> shape, List<Object> out) {
        int rank = shape.size();
        if (!val.isArray()) {
            if (level != rank) {
                throw ServeException.invalidArgument("JSON Value: " + debug(val) + " found at incorrect level: " + (level + 1)
                        + " in the JSON DOM. Expected at level: " + rank);
            }
            out.add(leaf(val, dtype));
            return;
        }
        if (level >= rank) {
            throw ServeException.invalidArgument("Encountered list at unexpected level: " + level + " expected < " + rank);
        }
        if (val.size() != shape.get(level)) {
            throw ServeException.invalidArgument("Encountered list at unexpected size: " + val.size() + " at level: " + level
                    + " expected size: " + shape.get(level));
        }
        for (JsonNode v : val) {
            fill(v, level + 1, dtype, shape, out);
        }
    }

    private static Object leaf(JsonNode val, DataType dtype) {
        switch (dtype) {
            case DT_STRING:
                if (val.isObject()) {
                    return decodeBase64(val);
                }
                if (!val.isTextual()) {
                    throw typeError(val, dtype);
                }
                return val.asText();
            case DT_INT32:
                if (!val.isInt()) {
                    throw typeError(val, dtype);
                }
                return val.intValue();
            default:
                throw new ServeException(501, "UNIMPLEMENTED", "Conversion of JSON Value: " + debug(val) + " to type: "
                        + dtype.name().substring(3).toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String decodeBase64(JsonNode val) {
        if (!isBase64(val)) {
            throw ServeException.invalidArgument("JSON Value: " + debug(val) + " not formatted correctly for base64 data");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(val.get("b64").asText());
        } catch (IllegalArgumentException e) {
            throw ServeException.invalidArgument("Unable to base64 decode");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ServeException.invalidArgument("the b64 value " + debug(val) + " decodes to bytes that are not UTF-8 text");
        }
    }

    /** Checks the tensors against the signature and the limits, and turns them into the rows the model takes. */
    private static PredictRequest toRequest(String signature, PredictRequest.Format format, Map<String, TensorInfo> inputs,
            Map<String, JsonTensor> tensors, Target target, RequestLimits limits) {
        if (!ExportLayout.SERVING_DEFAULT.equals(signature) && !ExportLayout.PREDICT_IDS.equals(signature)) {
            throw ServeException.invalidArgument("signature '" + signature + "' is not one textlstm serve runs; use "
                    + ExportLayout.SERVING_DEFAULT + " or " + ExportLayout.PREDICT_IDS);
        }
        String name = inputs.keySet().iterator().next();
        JsonTensor t = tensors.get(name);
        checkShape(signature, name, inputs.get(name).getTensorShape(), t.shape());
        int rows = (int) (long) t.shape().get(0);
        checkRows(rows, limits);
        if (ExportLayout.SERVING_DEFAULT.equals(signature)) {
            List<String> texts = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                String s = (String) t.values().get(i);
                if (s.length() > limits.maxTextLength()) {
                    throw ServeException.invalidArgument("text " + i + " has " + s.length() + " characters; this server takes at most "
                            + limits.maxTextLength() + " per text (--max-text-length)");
                }
                texts.add(s);
            }
            return new PredictRequest(signature, format, texts, null);
        }
        int length = (int) (long) t.shape().get(1);
        int vocab = target.vocabularySize();
        int[][] ids = new int[rows][length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < length; j++) {
                int id = (Integer) t.values().get(i * length + j);
                if (id < 0 || id >= vocab) {
                    throw ServeException.invalidArgument("id " + id + " at row " + i + ", position " + j
                            + " is out of range: the vocabulary has ids 0.." + (vocab - 1));
                }
                ids[i][j] = id;
            }
        }
        return new PredictRequest(signature, format, null, ids);
    }

    private static void checkShape(String signature, String input, TensorShapeProto want, List<Long> got) {
        boolean ok = !want.getUnknownRank() && want.getDimCount() == got.size();
        for (int i = 0; ok && i < got.size(); i++) {
            long w = want.getDim(i).getSize();
            ok = w < 0 || w == got.get(i);
        }
        if (!ok || got.isEmpty() || got.get(0) == 0) {
            List<Long> wantDims = new ArrayList<>();
            want.getDimList().forEach(d -> wantDims.add(d.getSize()));
            throw ServeException.invalidArgument("input '" + input + "' of signature '" + signature + "' takes shape "
                    + shapeString(wantDims) + (input.equals(ExportLayout.INPUT_TEXT) ? " (one string per instance)" : "")
                    + " but the request gives shape " + shapeString(got));
        }
    }

    private static boolean isBase64(JsonNode val) {
        return val.isObject() && val.size() == 1 && val.has("b64") && val.get("b64").isTextual();
    }

    private static boolean isElementObject(JsonNode val) {
        return val.isObject() && !isBase64(val);
    }

    private static long product(List<Long> shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }

    private static String shapeString(List<Long> shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(shape.get(i));
        }
        return sb.append(']').toString();
    }

    private static ServeException typeError(JsonNode val, DataType dtype) {
        return ServeException.invalidArgument("JSON Value: " + debug(val) + " Type: " + jsonType(val)
                + " is not of expected type: " + dtype.name().substring(3).toLowerCase(java.util.Locale.ROOT));
    }

    private static ServeException formatError(JsonNode val, String what) {
        return ServeException.invalidArgument("JSON Value: " + debug(val) + " " + what);
    }

    private static String jsonType(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "Array";
            case OBJECT -> "Object";
            case STRING -> "String";
            case NUMBER -> "Number";
            case BOOLEAN -> v.asBoolean() ? "True" : "False";
            case NULL -> "Null";
            default -> v.getNodeType().toString();
        };
    }

    /** The value as compact JSON, cut to a readable length (a 10 MB body must not come back in the message). */
    private static String debug(JsonNode v) {
        String s = v.toString();
        return s.length() <= DEBUG_CHARS ? s : s.substring(0, DEBUG_CHARS) + "... (" + s.length() + " characters)";
    }
}
