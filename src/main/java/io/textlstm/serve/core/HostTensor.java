package io.textlstm.serve.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.DataType;

/**
 * A dense tensor held in Java arrays, in row-major order: what front ends hand the core as a signature's named inputs
 * and get back as its outputs, whatever their wire format (JSON, {@code TensorProto}). The first dimension is the
 * rows, which batching concatenates and splits as TF Serving's {@code BatchingSession} does. Immutable.
 *
 * <p>Types: {@code DT_STRING} (held as text, or as bytes when a front end received bytes; {@link #string} decodes
 * UTF-8 strictly), {@code DT_INT32}, {@code DT_INT64} and {@code DT_FLOAT}: the types textlstm signatures use.
 */
public final class HostTensor {

    private final DataType dtype;
    private final long[] shape;
    private final int size;
    /** String[] or byte[][] (DT_STRING), int[], long[] or float[]. */
    private final Object data;

    private HostTensor(DataType dtype, long[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + length);
        }
        this.size = length;
        this.data = data;
    }

    public static HostTensor ofStrings(long[] shape, String... values) {
        return new HostTensor(DataType.DT_STRING, shape, values.clone(), values.length);
    }

    /** A text vector: one string per row. */
    public static HostTensor ofStrings(List<String> rows) {
        return ofStrings(new long[] {rows.size()}, rows.toArray(new String[0]));
    }

    public static HostTensor ofBytes(long[] shape, byte[]... values) {
        return new HostTensor(DataType.DT_STRING, shape, values.clone(), values.length);
    }

    public static HostTensor ofInts(long[] shape, int[] values) {
        return new HostTensor(DataType.DT_INT32, shape, values.clone(), values.length);
    }

    public static HostTensor ofLongs(long[] shape, long[] values) {
        return new HostTensor(DataType.DT_INT64, shape, values.clone(), values.length);
    }

    public static HostTensor ofFloats(long[] shape, float[] values) {
        return new HostTensor(DataType.DT_FLOAT, shape, values.clone(), values.length);
    }

    public DataType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** The first dimension (0 for a scalar, which has no rows). */
    public int rows() {
        return shape.length == 0 ? 0 : (int) shape[0];
    }

    /** Number of values. */
    public int size() {
        return size;
    }

    /** Values per row (the product of the dimensions after the first). */
    public int rowSize() {
        int n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= (int) shape[i];
        }
        return n;
    }

    /**
     * The string at flat index {@code i}, decoded as UTF-8 when the tensor holds bytes.
     *
     * @throws ServeException INVALID_ARGUMENT when the bytes are not UTF-8 text
     */
    public String string(int i) {
        if (data instanceof String[] s) {
            return s[i];
        }
        byte[] b = ((byte[][]) data)[i];
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw ServeException.invalidArgument("string " + i + " of a DT_STRING tensor is not UTF-8 text");
        }
    }

    /** The string at flat index {@code i} as bytes (text is encoded as UTF-8). */
    public byte[] bytes(int i) {
        if (data instanceof byte[][] b) {
            return b[i].clone();
        }
        return ((String[]) data)[i].getBytes(StandardCharsets.UTF_8);
    }

    public int intAt(int i) {
        return ((int[]) data)[i];
    }

    public long longAt(int i) {
        return ((long[]) data)[i];
    }

    public float floatAt(int i) {
        return ((float[]) data)[i];
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a tensor of their own. */
    public HostTensor rows(int from, int to) {
        long[] s = shape.clone();
        s[0] = to - from;
        int w = rowSize();
        return new HostTensor(dtype, s, copyRange(data, from * w, to * w), (to - from) * w);
    }

    /**
     * The tensors' rows one after the other. All must have the same dtype and the same dimensions after the first.
     *
     * @throws IllegalArgumentException when they do not
     */
    public static HostTensor concat(List<HostTensor> parts) {
        HostTensor first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        long rows = 0;
        int total = 0;
        boolean text = true;
        for (HostTensor t : parts) {
            if (t.dtype != first.dtype || t.rank() != first.rank()
                    || !Arrays.equals(t.shape, 1, t.shape.length, first.shape, 1, first.shape.length)) {
                throw new IllegalArgumentException("cannot concatenate " + t.describe() + " to " + first.describe());
            }
            rows += t.shape[0];
            total += t.size;
            text &= !(t.data instanceof byte[][]);
        }
        long[] s = first.shape.clone();
        s[0] = rows;
        Object out = switch (first.dtype) {
            case DT_STRING -> text ? new String[total] : new byte[total][];
            case DT_INT32 -> new int[total];
            case DT_INT64 -> new long[total];
            case DT_FLOAT -> new float[total];
            default -> throw new IllegalStateException(first.dtype.name());
        };
        int at = 0;
        for (HostTensor t : parts) {
            if (first.dtype == DataType.DT_STRING && !text) {
                byte[][] b = (byte[][]) out;
                for (int i = 0; i < t.size; i++) {
                    b[at + i] = t.data instanceof byte[][] tb ? tb[i] : ((String[]) t.data)[i].getBytes(StandardCharsets.UTF_8);
                }
            } else {
                System.arraycopy(t.data, 0, out, at, t.size);
            }
            at += t.size;
        }
        return new HostTensor(first.dtype, s, out, total);
    }

    private static Object copyRange(Object data, int from, int to) {
        if (data instanceof String[] a) {
            return Arrays.copyOfRange(a, from, to);
        } else if (data instanceof byte[][] a) {
            return Arrays.copyOfRange(a, from, to);
        } else if (data instanceof int[] a) {
            return Arrays.copyOfRange(a, from, to);
        } else if (data instanceof long[] a) {
            return Arrays.copyOfRange(a, from, to);
        }
        return Arrays.copyOfRange((float[]) data, from, to);
    }

    /** The shape as TF Serving's messages print it, e.g. {@code [2,500]}. */
    public static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** dtype and shape, for messages. */
    public String describe() {
        return dtype.name() + " " + shapeString(shape);
    }

    @Override
    public String toString() {
        return "HostTensor[" + describe() + "]";
    }
}
