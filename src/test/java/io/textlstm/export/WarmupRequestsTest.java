package io.textlstm.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;

class WarmupRequestsTest {

    @TempDir Path tmp;

    @Test
    void exportWritesReadableFramedPredictionLogs() throws Exception {
        Path dir = ExportFixtures.exportBinary(tmp.resolve("imdb_lstm")).directory();
        Path file = dir.resolve("assets.extra/tf_serving_warmup_requests");
        List<WarmupRequests.Request> requests = WarmupRequests.read(file);
        List<String> texts = ExportRequest.DEFAULT_WARMUP_TEXTS;
        assertEquals(texts.size() + 1, requests.size(), "one per text plus one batch");
        for (int i = 0; i < requests.size(); i++) {
            WarmupRequests.Request r = requests.get(i);
            assertEquals("imdb_lstm", r.modelName());
            assertEquals("serving_default", r.signatureName());
            assertEquals("text", r.inputName());
            assertEquals(DataType.DT_STRING, r.tensor().getDtype());
            List<String> want = i < texts.size() ? List.of(texts.get(i)) : texts;
            assertEquals(want.size(), r.tensor().getTensorShape().getDim(0).getSize());
            assertEquals(want, r.tensor().getStringValList().stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList());
        }
    }

    /** Framing checked byte by byte against the TFRecord format, independently of {@link TfRecords#read}. */
    @Test
    void framingIsLengthCrcDataCrc() throws Exception {
        byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
        Path f = tmp.resolve("r.tfrecord");
        TfRecords.write(f, List.of(payload));
        byte[] all = Files.readAllBytes(f);
        assertEquals(8 + 4 + 5 + 4, all.length);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5, b.getLong(0));
        // masked CRC32C of "hello" from TensorFlow's crc32c masking: crc32c("hello") = 0x9a71bb4c
        int crc = 0x9a71bb4c;
        int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
        assertEquals(masked, b.getInt(17));
        assertArrayEquals(payload, java.util.Arrays.copyOfRange(all, 12, 17));
        assertEquals(TfRecords.maskedCrc32c(all, 0, 8), b.getInt(8));
    }

    @Test
    void corruptionIsDetected() throws Exception {
        Path f = tmp.resolve("r.tfrecord");
        TfRecords.write(f, List.of(WarmupRequests.predictionLog("m", List.of("a", "b"))));
        byte[] good = Files.readAllBytes(f);

        byte[] badData = good.clone();
        badData[14] ^= 1;
        Files.write(f, badData);
        IOException e = assertThrows(IOException.class, () -> TfRecords.read(f));
        assertTrue(e.getMessage().contains("data CRC"), e.getMessage());

        byte[] badLength = good.clone();
        badLength[0] ^= 1;
        Files.write(f, badLength);
        e = assertThrows(IOException.class, () -> TfRecords.read(f));
        assertTrue(e.getMessage().contains("length CRC"), e.getMessage());

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 2));
        assertThrows(IOException.class, () -> TfRecords.read(f));
    }
}
