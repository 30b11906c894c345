package io.textlstm.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code assets.extra/tf_serving_warmup_requests}: a TFRecord file of {@code tensorflow.serving.PredictionLog}
 * protos, each holding one {@code predict_log.request} on {@code serving_default}, so that TF Serving runs (and
 * optimises) the graph before the first real request.
 *
 * <p>TF Java ships {@link TensorProto} but not the serving protos, so the few fields needed are encoded by hand.
 * Field numbers from {@code tensorflow_serving/apis}: {@code PredictionLog.predict_log = 6},
 * {@code PredictLog.request = 1}, {@code PredictRequest.model_spec = 1}, {@code PredictRequest.inputs = 2}
 * ({@code map<string, TensorProto>}: entry key = 1, value = 2), {@code ModelSpec.name = 1},
 * {@code ModelSpec.signature_name = 3}.
 */
public final class WarmupRequests {
    private WarmupRequests() {}

    static final int PREDICTION_LOG_PREDICT_LOG = 6;
    static final int PREDICT_LOG_REQUEST = 1;
    static final int PREDICT_REQUEST_MODEL_SPEC = 1;
    static final int PREDICT_REQUEST_INPUTS = 2;
    static final int MODEL_SPEC_NAME = 1;
    static final int MODEL_SPEC_SIGNATURE_NAME = 3;
    static final int MAP_KEY = 1;
    static final int MAP_VALUE = 2;

    /** One serialized PredictionLog with a request of {@code texts} on {@code serving_default}. */
    public static byte[] predictionLog(String modelName, List<String> texts) {
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(texts.size())));
        for (String t : texts) {
            tensor.addStringVal(ByteString.copyFrom(t, StandardCharsets.UTF_8));
        }
        byte[] modelSpec = message(out -> {
            out.writeString(MODEL_SPEC_NAME, modelName);
            out.writeString(MODEL_SPEC_SIGNATURE_NAME, ExportLayout.SERVING_DEFAULT);
        });
        byte[] inputsEntry = message(out -> {
            out.writeString(MAP_KEY, ExportLayout.INPUT_TEXT);
            out.writeByteArray(MAP_VALUE, tensor.build().toByteArray());
        });
        byte[] request = message(out -> {
            out.writeByteArray(PREDICT_REQUEST_MODEL_SPEC, modelSpec);
            out.writeByteArray(PREDICT_REQUEST_INPUTS, inputsEntry);
        });
        byte[] predictLog = message(out -> out.writeByteArray(PREDICT_LOG_REQUEST, request));
        return message(out -> out.writeByteArray(PREDICTION_LOG_PREDICT_LOG, predictLog));
    }

    /** Writes one record per text (batch 1, the latency path) plus one record with all texts (a batch). */
    public static void write(Path file, String modelName, List<String> texts) throws IOException {
        List<byte[]> records = new ArrayList<>();
        for (String t : texts) {
            records.add(predictionLog(modelName, List.of(t)));
        }
        if (texts.size() > 1) {
            records.add(predictionLog(modelName, texts));
        }
        TfRecords.write(file, records);
    }

    /** A decoded warmup request. */
    public record Request(String modelName, String signatureName, String inputName, TensorProto tensor) {}

    /** Reads the file back (checking framing and CRCs) and decodes each PredictionLog's request. */
    public static List<Request> read(Path file) throws IOException {
        List<Request> out = new ArrayList<>();
        for (byte[] record : TfRecords.read(file)) {
            out.add(decode(record));
        }
        return out;
    }

    static Request decode(byte[] predictionLog) throws IOException {
        byte[] predictLog = field(predictionLog, PREDICTION_LOG_PREDICT_LOG, "PredictionLog.predict_log");
        byte[] request = field(predictLog, PREDICT_LOG_REQUEST, "PredictLog.request");
        byte[] spec = field(request, PREDICT_REQUEST_MODEL_SPEC, "PredictRequest.model_spec");
        byte[] entry = field(request, PREDICT_REQUEST_INPUTS, "PredictRequest.inputs");
        String name = new String(field(spec, MODEL_SPEC_NAME, "ModelSpec.name"), StandardCharsets.UTF_8);
        String sig = new String(field(spec, MODEL_SPEC_SIGNATURE_NAME, "ModelSpec.signature_name"), StandardCharsets.UTF_8);
        String key = new String(field(entry, MAP_KEY, "inputs key"), StandardCharsets.UTF_8);
        TensorProto tensor = TensorProto.parseFrom(field(entry, MAP_VALUE, "inputs value"));
        return new Request(name, sig, key, tensor);
    }

    /** The bytes of the single length-delimited field {@code number}; fails if it is absent or repeated. */
    private static byte[] field(byte[] message, int number, String what) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        byte[] found = null;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            if (WireFormat.getTagFieldNumber(tag) == number
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                if (found != null) {
                    throw new IOException(what + " appears twice");
                }
                found = in.readByteArray();
            } else {
                in.skipField(tag);
            }
        }
        if (found == null) {
            throw new IOException(what + " is missing");
        }
        return found;
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
