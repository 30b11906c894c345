package io.textlstm.serve.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The row operations batching relies on: concatenating requests' tensors and splitting an answer back. */
class HostTensorTest {

    @Test
    void concatenatedRowsSplitBackIntoTheParts() {
        HostTensor a = HostTensor.ofInts(new long[] {2, 3}, new int[] {1, 2, 3, 4, 5, 6});
        HostTensor b = HostTensor.ofInts(new long[] {1, 3}, new int[] {7, 8, 9});
        HostTensor ab = HostTensor.concat(List.of(a, b));
        assertArrayEquals(new long[] {3, 3}, ab.shape());
        assertEquals(7, ab.intAt(6));
        HostTensor back = ab.rows(2, 3);
        assertArrayEquals(new long[] {1, 3}, back.shape());
        assertEquals(List.of(7, 8, 9), List.of(back.intAt(0), back.intAt(1), back.intAt(2)));
        assertThrows(IllegalArgumentException.class,
                () -> HostTensor.concat(List.of(a, HostTensor.ofInts(new long[] {1, 2}, new int[] {1, 2}))));
    }

    @Test
    void textAndBytesMixAndDecodeStrictly() {
        HostTensor text = HostTensor.ofStrings(List.of("café"));
        HostTensor bytes = HostTensor.ofBytes(new long[] {2}, "ok".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff});
        HostTensor both = HostTensor.concat(List.of(text, bytes));
        assertEquals("café", both.string(0));
        assertEquals("ok", both.string(1));
        ServeException e = assertThrows(ServeException.class, () -> both.string(2));
        assertEquals(ServeStatus.INVALID_ARGUMENT, e.status());
    }
}
