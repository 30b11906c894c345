package io.textlstm.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code RecordWriter} writes it (no compression): for each record
 * {@code uint64 length, uint32 masked_crc32c(length), byte[length] data, uint32 masked_crc32c(data)}, little-endian.
 */
public final class TfRecords {
    private TfRecords() {}

    private static final int MASK_DELTA = 0xa282ead8;

    /** TensorFlow's masked CRC32C: rotate right by 15 bits, add a constant. */
    public static int maskedCrc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    public static void write(OutputStream out, List<byte[]> records) throws IOException {
        for (byte[] record : records) {
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putLong(record.length);
            header.putInt(maskedCrc32c(header.array(), 0, 8));
            out.write(header.array());
            out.write(record);
            ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            footer.putInt(maskedCrc32c(record, 0, record.length));
            out.write(footer.array());
        }
    }

    public static void write(Path file, List<byte[]> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, records);
        }
    }

    /**
     * Reads every record and checks both CRCs of each.
     *
     * @throws IOException naming the record and what is wrong when the file is truncated or a CRC does not match
     */
    public static List<byte[]> read(Path file) throws IOException {
        byte[] all;
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            all = buf.toByteArray();
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> records = new ArrayList<>();
        while (b.hasRemaining()) {
            int n = records.size();
            if (b.remaining() < 12) {
                throw new IOException(file + ": record " + n + ": truncated header");
            }
            int start = b.position();
            long length = b.getLong();
            int lengthCrc = b.getInt();
            if (lengthCrc != maskedCrc32c(all, start, 8)) {
                throw new IOException(file + ": record " + n + ": length CRC mismatch");
            }
            if (length < 0 || length > b.remaining() - 4) {
                throw new IOException(file + ": record " + n + ": truncated data (length " + length + ")");
            }
            byte[] data = new byte[(int) length];
            b.get(data);
            int dataCrc = b.getInt();
            if (dataCrc != maskedCrc32c(data, 0, data.length)) {
                throw new IOException(file + ": record " + n + ": data CRC mismatch");
            }
            records.add(data);
        }
        return records;
    }
}
