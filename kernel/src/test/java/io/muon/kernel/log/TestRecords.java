package io.muon.kernel.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the test batches: column 0 is an int64 value per row, column 1 a nullable string per row.
 * Row i of a record appended by {@link #append} has value {@code first + i} and string {@code "v" + (first + i)}
 * repeated to make the record the requested size.
 */
final class TestRecords
{
    private final ColumnBatchLayout layout = new ColumnBatchLayout();

    /** Appends one record, retrying while back-pressured; returns its base sequence. */
    long append(final LogClaim claim, final long first, final int rows, final int repeat, final long eventTime)
    {
        int stringBytes = 0;
        for (int i = 0; i < rows; i++)
        {
            stringBytes += string(first + i, repeat).length();
        }
        layout.reset(rows);
        final int values = layout.addFixed(8, false);
        final int strings = layout.addVariable(stringBytes, true);
        final int length = layout.encodedLength();
        long result;
        while ((result = claim.claim(length, rows, 1)) == NativeLog.BACK_PRESSURED)
        {
            Thread.yield();
        }
        if (result != LogClaim.OK)
        {
            throw new IllegalStateException("claim failed: " + result);
        }
        final MutableDirectBuffer buffer = claim.buffer();
        final int body = claim.bodyOffset();
        layout.writeDirectory(buffer, body);
        int position = 0;
        for (int i = 0; i < rows; i++)
        {
            buffer.putLong(body + layout.dataOffset(values) + i * 8, first + i);
            buffer.putInt(body + layout.offsetsOffset(strings) + i * 4, position);
            final byte[] text = string(first + i, repeat).getBytes(StandardCharsets.US_ASCII);
            buffer.putBytes(body + layout.dataOffset(strings) + position, text);
            position += text.length;
        }
        buffer.putInt(body + layout.offsetsOffset(strings) + rows * 4, position);
        claim.eventTimeRange(eventTime, eventTime + rows - 1);
        return claim.commit();
    }

    static String string(final long value, final int repeat)
    {
        return ("v" + value).repeat(Math.max(1, repeat));
    }

    static long value(final RecordView record, final int row)
    {
        final DirectBuffer body = record.bodyBuffer();
        return body.getLong(record.bodyOffset() + ColumnBatchDescriptor.dataOffset(body, record.bodyOffset(), 0) + row * 8);
    }

    static String stringAt(final RecordView record, final int row)
    {
        final DirectBuffer body = record.bodyBuffer();
        final int base = record.bodyOffset();
        final int offsets = base + ColumnBatchDescriptor.offsetsOffset(body, base, 1);
        final int start = body.getInt(offsets + row * 4);
        final int end = body.getInt(offsets + row * 4 + 4);
        final byte[] bytes = new byte[end - start];
        body.getBytes(base + ColumnBatchDescriptor.dataOffset(body, base, 1) + start, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Reads everything a fresh tailer sees now, checking each record's contents; returns the first values. */
    static List<Long> readAll(final NativeLog log, final int repeat)
    {
        final List<Long> firsts = new ArrayList<>();
        try (LogTailer tailer = log.newTailer())
        {
            while (tailer.poll(record ->
            {
                checkRecord(record, repeat);
                firsts.add(value(record, 0));
            }, 100) > 0)
            {
                // drain
            }
        }
        return firsts;
    }

    static void checkRecord(final RecordView record, final int repeat)
    {
        final String problem = ColumnBatchDescriptor.validate(record.bodyBuffer(), record.bodyOffset(),
            record.bodyLength(), record.rowCount());
        if (problem != null)
        {
            throw new AssertionError("bad body at sequence " + record.baseSequence() + ": " + problem);
        }
        if (!record.crcMatches())
        {
            throw new AssertionError("bad CRC at sequence " + record.baseSequence());
        }
        final long first = value(record, 0);
        for (int i = 0; i < record.rowCount(); i++)
        {
            if (value(record, i) != first + i || !stringAt(record, i).equals(string(first + i, repeat)))
            {
                throw new AssertionError("row " + i + " of record " + record.baseSequence() + " is wrong");
            }
        }
    }
}
