package io.muon.perf.log;

import io.muon.kernel.log.ColumnBatchLayout;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The record bodies both systems append: 64 bytes, 1 KiB, and a 64-row column batch (int64 id, float64 value,
 * 16-byte string) encoded once in Muon's column batch layout. Chronicle Queue appends the very same bytes.
 */
final class Payloads
{
    static final String SMALL = "64B";
    static final String LARGE = "1KiB";
    static final String BATCH = "batch64";

    private Payloads()
    {
    }

    /** Rows a payload stands for (for rows/s). */
    static int rows(final String payload)
    {
        return BATCH.equals(payload) ? 64 : 1;
    }

    static UnsafeBuffer bytes(final String payload)
    {
        switch (payload)
        {
            case SMALL: return filled(64);
            case LARGE: return filled(1024);
            case BATCH: return batch();
            default: throw new IllegalArgumentException(payload);
        }
    }

    private static UnsafeBuffer filled(final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(i * 31 + 7));
        }
        return buffer;
    }

    private static UnsafeBuffer batch()
    {
        final int rows = 64;
        final ColumnBatchLayout layout = new ColumnBatchLayout().reset(rows);
        final int id = layout.addFixed(8, false);
        final int value = layout.addFixed(8, false);
        final int text = layout.addVariable(rows * 16, false);
        final int length = layout.encodedLength();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN));
        layout.writeDirectory(buffer, 0);
        for (int r = 0; r < rows; r++)
        {
            buffer.putLong(layout.dataOffset(id) + r * 8, 1_000_000L + r);
            buffer.putDouble(layout.dataOffset(value) + r * 8, r * 0.5);
            buffer.putInt(layout.offsetsOffset(text) + r * 4, r * 16);
            buffer.putBytes(layout.dataOffset(text) + r * 16, String.format("user-%011d", r).getBytes(StandardCharsets.US_ASCII));
        }
        buffer.putInt(layout.offsetsOffset(text) + rows * 4, rows * 16);
        return buffer;
    }
}
