package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a snapshot written by {@link StateOutput}, field by field in the same order. Every read is bounds-checked: a
 * snapshot that does not match what the reader expects fails with Code 246 (CORRUPTED_DATA) and a description, never
 * with a wild allocation or a crash.
 */
public final class StateInput
{
    private final UnsafeBuffer buffer;
    private final int limit;
    private int position;

    public StateInput(final byte[] bytes)
    {
        this.buffer = new UnsafeBuffer(bytes);
        this.limit = bytes.length;
    }

    private void need(final long bytes)
    {
        if (bytes < 0 || position + bytes > limit)
        {
            throw corrupted("needs " + bytes + " bytes at " + position + " of " + limit);
        }
    }

    /** Code 246 with {@code problem}: what a damaged or mismatched snapshot gets. */
    public static MuonException corrupted(final String problem)
    {
        return new MuonException(ErrorCodes.CORRUPTED_DATA, "Checkpoint state does not match the query: " + problem);
    }

    public int readInt()
    {
        need(4);
        final int value = buffer.getInt(position);
        position += 4;
        return value;
    }

    public long readLong()
    {
        need(8);
        final long value = buffer.getLong(position);
        position += 8;
        return value;
    }

    public double readDouble()
    {
        need(8);
        final double value = buffer.getDouble(position);
        position += 8;
        return value;
    }

    public boolean readBoolean()
    {
        need(1);
        return buffer.getByte(position++) != 0;
    }

    /** A count of elements of {@code width} bytes each that must still fit in the snapshot. */
    public int readCount(final int width)
    {
        final int count = readInt();
        need((long)count * width);
        return count;
    }

    public byte[] readBytes()
    {
        final int length = readCount(1);
        final byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    public String readString()
    {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public long[] readLongs()
    {
        final long[] values = new long[readCount(8)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = readLong();
        }
        return values;
    }

    public int[] readInts()
    {
        final int[] values = new int[readCount(4)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = readInt();
        }
        return values;
    }

    /**
     * Ints written by {@link StateOutput#writeInts}, each an index in {@code [-1, bound)} (-1: none), as the links
     * and positions of a state are: a value outside fails as corrupted rather than later as a wild index.
     */
    public int[] readIndexes(final int bound)
    {
        final int[] values = readInts();
        for (final int value : values)
        {
            if (value < -1 || value >= bound)
            {
                throw corrupted("an index " + value + " of " + bound + " rows or keys");
            }
        }
        return values;
    }

    public double[] readDoubles()
    {
        final double[] values = new double[readCount(8)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = readDouble();
        }
        return values;
    }

    /** A batch written by {@link StateOutput#writeBatch} with the same {@code types}; null if none was. */
    public Batch readBatch(final List<DataType> types)
    {
        final int rows = readInt();
        if (rows == -1)
        {
            return null;
        }
        final int length = readInt();
        if (rows < 0 || length < 0)
        {
            throw corrupted("a batch of " + rows + " rows and " + length + " bytes");
        }
        position = StateOutput.align(position);
        need(length);
        final String problem = io.muon.kernel.log.ColumnBatchDescriptor.validate(buffer, position, length, rows);
        if (problem != null)
        {
            throw corrupted(problem);
        }
        final int columns = io.muon.kernel.log.ColumnBatchDescriptor.columnCount(buffer, position);
        final int expected = types.size();
        if (columns != expected)
        {
            throw corrupted("a batch of " + columns + " stored columns where " + types + " has " + expected);
        }
        final Batch batch = Batch.of(types, Math.max(1, rows));
        try
        {
            new RecordColumns(types).read(buffer, position, rows, batch);
            batch.rows(rows);
        }
        catch (final RuntimeException e)
        {
            throw corrupted("a batch that does not decode as " + types + ": " + e.getMessage());
        }
        position += length;
        return batch;
    }

    /** A batch written by {@link StateOutput#writeTypedBatch}; null if none was. */
    public Batch readTypedBatch()
    {
        final int width = readInt();
        if (width == -1)
        {
            return null;
        }
        if (width < 0 || width > io.muon.kernel.log.ColumnBatchDescriptor.MAX_COLUMNS)
        {
            throw corrupted("a batch of " + width + " columns");
        }
        final List<DataType> types = new java.util.ArrayList<>(width);
        for (int c = 0; c < width; c++)
        {
            try
            {
                types.add(TypeParser.parse(readString()));
            }
            catch (final RuntimeException e)
            {
                throw corrupted("an unknown type: " + e.getMessage());
            }
        }
        return readBatch(types);
    }

    /** A vector written by {@link StateOutput#writeVector}; null if none was. */
    public Vector readVector()
    {
        final Batch batch = readTypedBatch();
        if (batch != null && batch.width() != 1)
        {
            throw corrupted("a vector of " + batch.width() + " columns");
        }
        return batch == null ? null : batch.column(0);
    }

    /** Values written by {@link StateOutput#writeValues}. */
    public Vector[] readValues()
    {
        final Vector[] values = new Vector[readCount(4)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = readVector();
        }
        return values;
    }

    /** Fails unless every byte was read: a snapshot longer than its reader expects is not its snapshot. */
    public void expectEnd()
    {
        if (position != limit)
        {
            throw corrupted((limit - position) + " bytes left unread");
        }
    }
}
