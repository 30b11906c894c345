package io.textlstm.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.textlstm.serve.proto.Classification.Class;
import io.textlstm.serve.proto.Classification.ClassificationRequest;
import io.textlstm.serve.proto.Classification.ClassificationResponse;
import io.textlstm.serve.proto.Classification.ClassificationResult;
import io.textlstm.serve.proto.Classification.Classifications;
import io.textlstm.serve.proto.GetModelMetadata.GetModelMetadataResponse;
import io.textlstm.serve.proto.GetModelMetadata.SignatureDefMap;
import io.textlstm.serve.proto.GetModelStatus.GetModelStatusResponse;
import io.textlstm.serve.proto.GetModelStatus.ModelVersionStatus;
import io.textlstm.serve.proto.ModelManagement.ReloadConfigRequest;
import io.textlstm.serve.proto.Predict.PredictRequest;
import io.textlstm.serve.proto.Predict.PredictResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The wire contract without a server: messages built by a Python client compiled apart from the server (its own
 * protoc, Python's protobuf runtime) parse in Java to the same fields, and the server's answers parse in Python.
 */
class PythonWireTest {

    @TempDir Path tmp;

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.strip());
    }

    @Test
    void pythonRequestsParseInJava() throws Exception {
        PythonGrpc py = PythonGrpc.compile(tmp);
        String out = py.check("""
                from tensorflow_serving.apis import predict_pb2, classification_pb2, model_management_pb2
                from tensorflow.core.framework import types_pb2
                p = predict_pb2.PredictRequest()
                p.model_spec.name = 'imdb_lstm'
                p.model_spec.version.value = 3
                p.model_spec.signature_name = 'serving_default'
                p.inputs['text'].dtype = types_pb2.DT_STRING
                p.inputs['text'].tensor_shape.dim.add().size = 2
                p.inputs['text'].string_val.extend([b'I loved it', 'Dull.'.encode()])
                p.output_filter.append('labels')
                print(p.SerializeToString().hex())
                c = classification_pb2.ClassificationRequest()
                c.model_spec.name = 'imdb_lstm'
                c.model_spec.version_label = 'stable'
                e = c.input.example_list_with_context.examples.add()
                e.features.feature['text'].bytes_list.value.append(b'great')
                c.input.example_list_with_context.context.features.feature['lang'].bytes_list.value.append(b'en')
                print(c.SerializeToString().hex())
                r = model_management_pb2.ReloadConfigRequest()
                m = r.config.model_config_list.config.add()
                m.name = 'imdb_lstm'
                m.base_path = '/models/imdb_lstm'
                m.model_platform = 'tensorflow'
                m.model_version_policy.specific.versions.extend([1, 2])
                m.version_labels['stable'] = 1
                print(r.SerializeToString().hex())
                """);
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);

        PredictRequest p = PredictRequest.parseFrom(hex(lines.get(0)));
        assertEquals("imdb_lstm", p.getModelSpec().getName());
        assertEquals(3, p.getModelSpec().getVersion().getValue());
        assertEquals("serving_default", p.getModelSpec().getSignatureName());
        TensorProto text = p.getInputsOrThrow("text");
        assertEquals(DataType.DT_STRING, text.getDtype());
        assertEquals(2, text.getTensorShape().getDim(0).getSize());
        assertEquals(List.of("I loved it", "Dull."), text.getStringValList().stream().map(ByteString::toStringUtf8).toList());
        assertEquals(List.of("labels"), p.getOutputFilterList());

        ClassificationRequest c = ClassificationRequest.parseFrom(hex(lines.get(1)));
        assertEquals("stable", c.getModelSpec().getVersionLabel());
        assertEquals("great", c.getInput().getExampleListWithContext().getExamples(0).getFeatures()
                .getFeatureOrThrow("text").getBytesList().getValue(0).toStringUtf8());
        assertEquals("en", c.getInput().getExampleListWithContext().getContext().getFeatures()
                .getFeatureOrThrow("lang").getBytesList().getValue(0).toStringUtf8());

        ReloadConfigRequest r = ReloadConfigRequest.parseFrom(hex(lines.get(2)));
        var m = r.getConfig().getModelConfigList().getConfig(0);
        assertEquals("/models/imdb_lstm", m.getBasePath());
        assertEquals(List.of(1L, 2L), m.getModelVersionPolicy().getSpecific().getVersionsList());
        assertEquals(1L, m.getVersionLabelsOrThrow("stable"));
    }

    @Test
    void javaAnswersParseInPython() throws Exception {
        PythonGrpc py = PythonGrpc.compile(tmp);
        PredictResponse predict = PredictResponse.newBuilder()
                .setModelSpec(io.textlstm.serve.proto.Model.ModelSpec.newBuilder().setName("imdb_lstm")
                        .setVersion(com.google.protobuf.Int64Value.of(1)).setSignatureName("serving_default"))
                .putOutputs("probabilities", TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                        .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1))
                                .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)))
                        .addFloatVal(0.75f).build())
                .build();
        ClassificationResponse classify = ClassificationResponse.newBuilder()
                .setResult(ClassificationResult.newBuilder().addClassifications(Classifications.newBuilder()
                        .addClasses(Class.newBuilder().setLabel("negative").setScore(0.25f))
                        .addClasses(Class.newBuilder().setLabel("positive").setScore(0.75f))))
                .build();
        GetModelMetadataResponse metadata = GetModelMetadataResponse.newBuilder()
                .putMetadata("signature_def", Any.pack(SignatureDefMap.newBuilder().putSignatureDef("serving_default",
                        SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
                                .putInputs("text", TensorInfo.newBuilder().setName("text:0").setDtype(DataType.DT_STRING).build())
                                .build()).build()))
                .build();
        GetModelStatusResponse status = GetModelStatusResponse.newBuilder().addModelVersionStatus(
                ModelVersionStatus.newBuilder().setVersion(1).setState(ModelVersionStatus.State.AVAILABLE)).build();
        String out = py.check("""
                import sys
                from tensorflow_serving.apis import predict_pb2, classification_pb2, get_model_metadata_pb2, get_model_status_pb2
                p = predict_pb2.PredictResponse.FromString(bytes.fromhex(sys.argv[1]))
                print(p.model_spec.name, p.model_spec.version.value, p.outputs['probabilities'].float_val[0])
                c = classification_pb2.ClassificationResponse.FromString(bytes.fromhex(sys.argv[2]))
                print([(x.label, x.score) for x in c.result.classifications[0].classes])
                m = get_model_metadata_pb2.GetModelMetadataResponse.FromString(bytes.fromhex(sys.argv[3]))
                sigs = get_model_metadata_pb2.SignatureDefMap()
                m.metadata['signature_def'].Unpack(sigs)
                d = sigs.signature_def['serving_default']
                print(m.metadata['signature_def'].type_url, d.method_name, d.inputs['text'].name)
                s = get_model_status_pb2.GetModelStatusResponse.FromString(bytes.fromhex(sys.argv[4]))
                print(get_model_status_pb2.ModelVersionStatus.State.Name(s.model_version_status[0].state))
                """, hex(predict.toByteArray()), hex(classify.toByteArray()), hex(metadata.toByteArray()),
                hex(status.toByteArray()));
        assertEquals("""
                imdb_lstm 1 0.75
                [('negative', 0.25), ('positive', 0.75)]
                type.googleapis.com/tensorflow.serving.SignatureDefMap tensorflow/serving/predict text:0
                AVAILABLE
                """, out);
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
