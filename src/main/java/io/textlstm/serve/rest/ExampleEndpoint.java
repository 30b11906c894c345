package io.textlstm.serve.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.textlstm.serve.core.ClassifyResult;
import io.textlstm.serve.core.ExampleRequest;
import io.textlstm.serve.core.ModelSpec;
import io.textlstm.serve.core.RegressResult;
import io.textlstm.serve.core.RequestLimits;
import io.textlstm.serve.core.ServableHandle;
import io.textlstm.serve.core.ServeException;
import io.textlstm.serve.core.ServingCore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Answers {@code POST /v1/models/{name}[/versions/{v}|/labels/{l}]:classify} and {@code :regress} with TF Serving's
 * JSON (docs/serving.md): {@code {"signature_name": ..., "context": {feature: value}, "examples": [{feature: value},
 * ...]}}, each value a string (bytes), {@code {"b64": ...}}, an integer, a float, or a list of one kind, read into
 * tf.Examples as TF Serving's json_tensor.cc does; answered by {@code {"results": [[[label, score], ...], ...]}} or
 * {@code {"results": [value, ...]}}.
 */
final class ExampleEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServingCore core;
    private final Drain drain;

    ExampleEndpoint(ServingCore core, Drain drain) {
        this.core = core;
        this.drain = drain;
    }

    void run(RestCall call, ModelSpec spec, boolean classify) {
        call.record.model(spec.name());
        RequestLimits limits = core.limits();
        RequestBodyReader.read(call.request, limits.maxBodyBytes(), limits.bodyTimeout(), drain,
                body -> answer(call, spec, classify, body), call::fail);
    }

    private void answer(RestCall call, ModelSpec spec, boolean classify, byte[] body) {
        try (ServableHandle version = core.servable(spec)) {
            ExampleRequest request = parse(body);
            call.record.signature(request.signatureName(), version.signatures());
            var run = classify ? version.classify(request).thenApply(ExampleEndpoint::classifications)
                    : version.regress(request).thenApply(ExampleEndpoint::regressions);
            run.whenComplete((json, failure) -> {
                if (failure != null) {
                    call.fail(failure);
                } else {
                    call.ok(json);
                }
            });
        } catch (RuntimeException e) {
            call.fail(e);
        }
    }

    static ExampleRequest parse(byte[] body) {
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (IOException e) {
            throw ServeException.invalidArgument("JSON Parse error: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (doc == null || !doc.isObject()) {
            throw ServeException.invalidArgument("JSON Parse error: the body must be an object with \"examples\"");
        }
        JsonNode examples = doc.get("examples");
        if (examples == null || !examples.isArray()) {
            throw ServeException.invalidArgument("'examples' is missing or is not a list of objects");
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("examples") && !f.equals("context") && !f.equals("signature_name")) {
                throw ServeException.invalidArgument("unknown field '" + f + "': a classify or regress body has "
                        + "signature_name, context and examples");
            }
        }
        JsonNode sig = doc.get("signature_name");
        if (sig != null && !sig.isTextual()) {
            throw ServeException.invalidArgument("'signature_name' must be a string");
        }
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            list.add(example(examples.get(i), "example " + i));
        }
        JsonNode context = doc.get("context");
        return new ExampleRequest(sig == null ? null : sig.asText(), list,
                context == null ? null : example(context, "context"));
    }

    private static Example example(JsonNode obj, String what) {
        if (!obj.isObject()) {
            throw ServeException.invalidArgument(what + " must be an object of feature name to value");
        }
        Features.Builder features = Features.newBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            features.putFeature(e.getKey(), feature(e.getValue(), what + ", feature '" + e.getKey() + "'"));
        }
        return Example.newBuilder().setFeatures(features).build();
    }

    /** A JSON value as a Feature: strings and {"b64"} are bytes, integers int64, other numbers float; lists of one kind. */
    private static Feature feature(JsonNode v, String what) {
        List<JsonNode> values = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(values::add);
        } else {
            values.add(v);
        }
        if (values.isEmpty()) {
            throw ServeException.invalidArgument(what + " is an empty list");
        }
        JsonNode first = values.get(0);
        if (first.isTextual() || first.isObject()) {
            BytesList.Builder b = BytesList.newBuilder();
            for (JsonNode x : values) {
                b.addValue(bytes(x, what));
            }
            return Feature.newBuilder().setBytesList(b).build();
        }
        if (first.isIntegralNumber()) {
            Int64List.Builder b = Int64List.newBuilder();
            for (JsonNode x : values) {
                if (!x.isIntegralNumber() || !x.canConvertToLong()) {
                    throw ServeException.invalidArgument(what + " mixes integers with other values");
                }
                b.addValue(x.asLong());
            }
            return Feature.newBuilder().setInt64List(b).build();
        }
        if (first.isNumber()) {
            FloatList.Builder b = FloatList.newBuilder();
            for (JsonNode x : values) {
                if (!x.isNumber()) {
                    throw ServeException.invalidArgument(what + " mixes numbers with other values");
                }
                b.addValue(x.floatValue());
            }
            return Feature.newBuilder().setFloatList(b).build();
        }
        throw ServeException.invalidArgument(what + " must be a string, {\"b64\": ...}, a number or a list of them");
    }

    private static ByteString bytes(JsonNode x, String what) {
        if (x.isTextual()) {
            return ByteString.copyFrom(x.asText(), StandardCharsets.UTF_8);
        }
        if (x.isObject() && x.size() == 1 && x.has("b64") && x.get("b64").isTextual()) {
            try {
                return ByteString.copyFrom(Base64.getDecoder().decode(x.get("b64").asText()));
            } catch (IllegalArgumentException e) {
                throw ServeException.invalidArgument(what + ": 'b64' is not base64: " + e.getMessage());
            }
        }
        throw ServeException.invalidArgument(what + " mixes strings with other values");
    }

    static byte[] classifications(ClassifyResult c) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode results = root.putArray("results");
        for (float[] row : c.scores()) {
            ArrayNode r = results.addArray();
            for (int j = 0; j < row.length; j++) {
                r.addArray().add(c.labels().get(j)).add(row[j]);
            }
        }
        return write(root);
    }

    static byte[] regressions(RegressResult r) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode results = root.putArray("results");
        for (float v : r.values()) {
            results.add(v);
        }
        return write(root);
    }

    private static byte[] write(ObjectNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
