package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.textlstm.client.TextClassifier;
import io.textlstm.export.ExportFixtures;
import io.textlstm.export.ExportResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python gRPC client compiled apart from the server ({@link PythonGrpc}: Debian's grpc tools, Python's protobuf)
 * calls every PredictionService and ModelService method on a running server, as a client of TF Serving would; its
 * answers are TextClassifier's, and a bad request gets TF Serving's status code.
 */
class PythonClientTest {

    @TempDir Path tmp;

    @Test
    void aPythonClientCallsEveryMethod() throws Exception {
        PythonGrpc py = PythonGrpc.compile(tmp);
        ExportResult export = ExportFixtures.exportBinary(tmp.resolve("tiny"));
        try (ModelServer server = ModelServer.start(ServeConfig.builder().model("tiny", tmp.resolve("tiny"))
                .host("127.0.0.1").port(0).grpcPort(0).build());
                TextClassifier reference = TextClassifier.load(export.directory())) {
            String out = py.check("""
                    import sys, grpc
                    from tensorflow.core.framework import types_pb2
                    from tensorflow_serving.apis import predict_pb2, classification_pb2, regression_pb2, inference_pb2
                    from tensorflow_serving.apis import get_model_metadata_pb2, get_model_status_pb2, model_management_pb2
                    from tensorflow_serving.apis import prediction_service_pb2_grpc, model_service_pb2_grpc
                    channel = grpc.insecure_channel("127.0.0.1:" + sys.argv[1])
                    stub = prediction_service_pb2_grpc.PredictionServiceStub(channel)
                    models = model_service_pb2_grpc.ModelServiceStub(channel)
                    texts = ["I loved it", "Dull."]
                    p = predict_pb2.PredictRequest()
                    p.model_spec.name = "tiny"
                    p.inputs["text"].dtype = types_pb2.DT_STRING
                    p.inputs["text"].tensor_shape.dim.add().size = len(texts)
                    p.inputs["text"].string_val.extend([t.encode() for t in texts])
                    r = stub.Predict(p, timeout=30)
                    print("predict", r.model_spec.version.value, [x.hex() for x in [__import__("struct").pack("<f", v) for v in r.outputs["probabilities"].float_val]])
                    c = classification_pb2.ClassificationRequest()
                    c.model_spec.name = "tiny"
                    c.model_spec.signature_name = "classify"
                    c.input.example_list_with_context.context.features.feature["text"].bytes_list.value.append(texts[1].encode())
                    c.input.example_list_with_context.examples.add().features.feature["text"].bytes_list.value.append(texts[0].encode())
                    c.input.example_list_with_context.examples.add()
                    cr = stub.Classify(c, timeout=30)
                    print("classify", [[(k.label, __import__("struct").pack("<f", k.score).hex()) for k in row.classes] for row in cr.result.classifications])
                    g = regression_pb2.RegressionRequest()
                    g.model_spec.name = "tiny"
                    g.model_spec.signature_name = "regress"
                    for t in texts:
                        g.input.example_list.examples.add().features.feature["text"].bytes_list.value.append(t.encode())
                    print("regress", [__import__("struct").pack("<f", v.value).hex() for v in stub.Regress(g, timeout=30).result.regressions])
                    m = inference_pb2.MultiInferenceRequest()
                    m.tasks.add(model_spec=c.model_spec, method_name="tensorflow/serving/classify")
                    m.tasks.add(model_spec=g.model_spec, method_name="tensorflow/serving/regress")
                    m.input.CopyFrom(g.input)
                    print("multi", len(stub.MultiInference(m, timeout=30).results))
                    md = get_model_metadata_pb2.GetModelMetadataRequest()
                    md.model_spec.name = "tiny"
                    md.metadata_field.append("signature_def")
                    sigs = get_model_metadata_pb2.SignatureDefMap()
                    stub.GetModelMetadata(md, timeout=30).metadata["signature_def"].Unpack(sigs)
                    print("metadata", sorted(sigs.signature_def.keys()))
                    s = get_model_status_pb2.GetModelStatusRequest()
                    s.model_spec.name = "tiny"
                    v = models.GetModelStatus(s, timeout=30).model_version_status[0]
                    print("status", v.version, get_model_status_pb2.ModelVersionStatus.State.Name(v.state))
                    p.model_spec.name = "nope"
                    try:
                        stub.Predict(p, timeout=30)
                    except grpc.RpcError as e:
                        print("error", e.code().name)
                    """, Integer.toString(server.grpcPort()));
            var want = reference.predict(List.of("I loved it", "Dull."));
            String p0 = hex(want.get(0).probabilities()[0]);
            String p1 = hex(want.get(1).probabilities()[0]);
            assertEquals(String.join("\n",
                    "predict 1 ['" + p0 + "', '" + p1 + "']",
                    "classify [[('negative', '" + hex(1f - want.get(0).probabilities()[0]) + "'), ('positive', '" + p0 + "')], "
                            + "[('negative', '" + hex(1f - want.get(1).probabilities()[0]) + "'), ('positive', '" + p1 + "')]]",
                    "regress ['" + p0 + "', '" + p1 + "']",
                    "multi 2",
                    "metadata ['classify', 'predict_ids', 'regress', 'serving_default']",
                    "status 1 AVAILABLE",
                    "error NOT_FOUND") + "\n", out);
        }
    }

    /** A float's bytes as Python's struct.pack("<f", x).hex() prints them. */
    static String hex(float f) {
        int b = Float.floatToRawIntBits(f);
        return String.format("%02x%02x%02x%02x", b & 0xff, (b >>> 8) & 0xff, (b >>> 16) & 0xff, (b >>> 24) & 0xff);
    }
}
