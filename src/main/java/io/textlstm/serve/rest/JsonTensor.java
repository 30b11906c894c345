package io.textlstm.serve.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.textlstm.serve.core.HostTensor;
import io.textlstm.serve.core.ServeException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.tensorflow.proto.DataType;

/**
 * A dense tensor read from one JSON value the way TF Serving's {@code json_tensor} does (docs/serving.md): nested
 * lists whose shape comes from the first element at each level, every leaf checked against the dtype, strings as
 * JSON strings or {@code {"b64": ...}}, with TF Serving's error messages.
 *
 * @param shape  the dimensions, outermost first
 * @param values the leaves in row-major order ({@code String} or {@code Integer})
 */
record JsonTensor(List<Long> shape, List<Object> values) {

    private static final int DEBUG_CHARS = 200;

    /** A JSON value as a dense tensor: shape from the first element at each level, then every leaf checked. */
    static JsonTensor read(JsonNode val, DataType dtype) {
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
                throw ServeException.unimplemented("Conversion of JSON Value: " + debug(val) + " to type: "
                        + dtype.name().substring(3).toLowerCase(Locale.ROOT));
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

    /** The tensor for the core, of the dtype it was read as. */
    HostTensor toHostTensor(DataType dtype) {
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        if (dtype == DataType.DT_INT32) {
            int[] v = new int[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (Integer) values.get(i);
            }
            return HostTensor.ofInts(dims, v);
        }
        return HostTensor.ofStrings(dims, values.toArray(new String[0]));
    }

    /** True for TF Serving's {@code {"b64": "..."}} string encoding. */
    static boolean isBase64(JsonNode val) {
        return val.isObject() && val.size() == 1 && val.has("b64") && val.get("b64").isTextual();
    }

    /** The number of values a tensor of this shape holds. */
    static long product(List<Long> shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }

    /** A shape as TF Serving prints it in messages: {@code [-1,500]}. */
    static String shapeString(List<Long> shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(shape.get(i));
        }
        return sb.append(']').toString();
    }

    private static ServeException typeError(JsonNode val, DataType dtype) {
        return ServeException.invalidArgument("JSON Value: " + debug(val) + " Type: " + jsonType(val)
                + " is not of expected type: " + dtype.name().substring(3).toLowerCase(Locale.ROOT));
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
    static String debug(JsonNode v) {
        String s = v.toString();
        return s.length() <= DEBUG_CHARS ? s : s.substring(0, DEBUG_CHARS) + "... (" + s.length() + " characters)";
    }
}
