package io.textlstm.serve.grpc;

import com.google.protobuf.ByteString;
import io.textlstm.serve.core.HostTensor;
import io.textlstm.serve.core.ServeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code TensorProto} ↔ {@link HostTensor}, as TensorFlow reads and TF Serving writes them: a request's values come in
 * the typed field of their dtype ({@code string_val}, {@code int_val}, {@code int64_val}, {@code float_val}) or as raw
 * little-endian {@code tensor_content}, one value standing for all when the shape asks for more (TensorFlow's
 * {@code Tensor::FromProto}); answers use the typed fields, as TF Serving's Predict does by default.
 */
final class TensorProtos {

    private TensorProtos() {}

    /**
     * The request tensor {@code alias}.
     *
     * @throws ServeException INVALID_ARGUMENT for a shape or value count TensorFlow would not accept, or a dtype no
     *     textlstm signature takes
     */
    static HostTensor fromProto(String alias, TensorProto t) {
        TensorShapeProto s = t.getTensorShape();
        if (s.getUnknownRank()) {
            throw bad(alias, "has an unknown rank");
        }
        long[] shape = new long[s.getDimCount()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.getDim(i).getSize();
            if (shape[i] < 0) {
                throw bad(alias, "has a negative dimension " + shape[i]);
            }
            n = Math.multiplyExact(n, shape[i]);
            if (n > Integer.MAX_VALUE) {
                throw bad(alias, "has too many values for its shape");
            }
        }
        int size = (int) n;
        ByteBuffer content = t.getTensorContent().isEmpty() ? null
                : t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDtype()) {
            case DT_STRING -> {
                int got = t.getStringValCount();
                check(alias, got, size);
                byte[][] v = new byte[size][];
                for (int i = 0; i < size; i++) {
                    v[i] = t.getStringVal(got == 1 ? 0 : i).toByteArray();
                }
                return HostTensor.ofBytes(shape, v);
            }
            case DT_INT32 -> {
                int[] v = new int[size];
                if (content != null) {
                    checkContent(alias, content, size, 4);
                    content.asIntBuffer().get(v);
                } else {
                    int got = t.getIntValCount();
                    check(alias, got, size);
                    for (int i = 0; i < size; i++) {
                        v[i] = t.getIntVal(got == 1 ? 0 : i);
                    }
                }
                return HostTensor.ofInts(shape, v);
            }
            case DT_INT64 -> {
                long[] v = new long[size];
                if (content != null) {
                    checkContent(alias, content, size, 8);
                    content.asLongBuffer().get(v);
                } else {
                    int got = t.getInt64ValCount();
                    check(alias, got, size);
                    for (int i = 0; i < size; i++) {
                        v[i] = t.getInt64Val(got == 1 ? 0 : i);
                    }
                }
                return HostTensor.ofLongs(shape, v);
            }
            case DT_FLOAT -> {
                float[] v = new float[size];
                if (content != null) {
                    checkContent(alias, content, size, 4);
                    content.asFloatBuffer().get(v);
                } else {
                    int got = t.getFloatValCount();
                    check(alias, got, size);
                    for (int i = 0; i < size; i++) {
                        v[i] = t.getFloatVal(got == 1 ? 0 : i);
                    }
                }
                return HostTensor.ofFloats(shape, v);
            }
            default -> throw bad(alias, "is " + t.getDtype().name() + "; textlstm signatures take DT_STRING, DT_INT32, "
                    + "DT_INT64 or DT_FLOAT");
        }
    }

    private static void check(String alias, int got, int size) {
        // TensorFlow fills a larger shape from a single value; none for an empty tensor
        if (!(got == size || (got == 1 && size > 0))) {
            throw bad(alias, "has " + got + " values for a shape of " + size);
        }
    }

    private static void checkContent(String alias, ByteBuffer content, int size, int width) {
        if ((long) size * width != content.remaining()) {
            throw bad(alias, "has " + content.remaining() + " bytes of tensor_content for " + size + " values of "
                    + width + " bytes");
        }
    }

    private static ServeException bad(String alias, String what) {
        return ServeException.invalidArgument("tensor parsing error: input '" + alias + "' " + what);
    }

    /** An answer tensor, in the typed field of its dtype. */
    static TensorProto toProto(HostTensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setDtype(t.dtype()).setTensorShape(shape(t.shape()));
        int n = t.size();
        switch (t.dtype()) {
            case DT_STRING -> {
                for (int i = 0; i < n; i++) {
                    b.addStringVal(ByteString.copyFrom(t.bytes(i)));
                }
            }
            case DT_INT32 -> {
                for (int i = 0; i < n; i++) {
                    b.addIntVal(t.intAt(i));
                }
            }
            case DT_INT64 -> {
                for (int i = 0; i < n; i++) {
                    b.addInt64Val(t.longAt(i));
                }
            }
            case DT_FLOAT -> {
                for (int i = 0; i < n; i++) {
                    b.addFloatVal(t.floatAt(i));
                }
            }
            default -> throw new IllegalStateException("no proto for " + t.describe());
        }
        return b.build();
    }

    static TensorShapeProto shape(long[] dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }
}
