package io.muon.sql.exec;

import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import org.agrona.ExpandableArrayBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where a streaming query writes the snapshot of its state for a checkpoint: little-endian numbers, length-prefixed
 * bytes and strings, and column batches in the NativeLog body layout. Read back by {@link StateInput} in the same
 * order. Owned by the thread taking the snapshot (the query's agent).
 */
public final class StateOutput
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
    private int position;

    public StateOutput writeInt(final int value)
    {
        buffer.putInt(position, value);
        position += 4;
        return this;
    }

    public StateOutput writeLong(final long value)
    {
        buffer.putLong(position, value);
        position += 8;
        return this;
    }

    public StateOutput writeDouble(final double value)
    {
        buffer.putDouble(position, value);
        position += 8;
        return this;
    }

    public StateOutput writeBoolean(final boolean value)
    {
        buffer.putByte(position, (byte)(value ? 1 : 0));
        position++;
        return this;
    }

    public StateOutput writeBytes(final byte[] bytes)
    {
        writeInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
        return this;
    }

    public StateOutput writeString(final String value)
    {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code values[0, count)}, with their count. */
    public StateOutput writeLongs(final long[] values, final int count)
    {
        writeInt(count);
        for (int i = 0; i < count; i++)
        {
            writeLong(values[i]);
        }
        return this;
    }

    public StateOutput writeInts(final int[] values, final int count)
    {
        writeInt(count);
        for (int i = 0; i < count; i++)
        {
            writeInt(values[i]);
        }
        return this;
    }

    public StateOutput writeDoubles(final double[] values, final int count)
    {
        writeInt(count);
        for (int i = 0; i < count; i++)
        {
            writeDouble(values[i]);
        }
        return this;
    }

    /** A batch of columns of {@code types}, rows and all (null: none). */
    public StateOutput writeBatch(final Batch batch, final List<DataType> types)
    {
        if (batch == null)
        {
            return writeInt(-1);
        }
        final RecordColumns columns = new RecordColumns(types);
        final int length = columns.layout(batch, 0, batch.rows());
        writeInt(batch.rows());
        writeInt(length);
        final int body = align(position);
        buffer.checkLimit(body + length);
        columns.write(batch, 0, batch.rows(), buffer, body);
        position = body + length;
        return this;
    }

    /** A batch with the types of its own columns, so a reader needs not know them (null: none). */
    public StateOutput writeTypedBatch(final Batch batch)
    {
        if (batch == null)
        {
            return writeInt(-1);
        }
        final List<DataType> types = new java.util.ArrayList<>(batch.width());
        writeInt(batch.width());
        for (int c = 0; c < batch.width(); c++)
        {
            types.add(batch.column(c).type());
            writeString(types.get(c).clickHouseName());
        }
        return writeBatch(batch, types);
    }

    /** The first {@code rows} values of one vector (null: none). */
    public StateOutput writeVector(final Vector vector, final int rows)
    {
        return writeTypedBatch(vector == null ? null : new Batch(new Vector[] {vector}, rows));
    }

    /** One-row values, one per slot (a null slot stays null), of any types. */
    public StateOutput writeValues(final Vector[] values, final int count)
    {
        writeInt(count);
        for (int i = 0; i < count; i++)
        {
            writeVector(values[i], values[i] == null ? 0 : 1);
        }
        return this;
    }

    /** Bodies start 8-byte aligned, as the log's do, relative to the snapshot's start. */
    static int align(final int position)
    {
        return (position + 7) & ~7;
    }

    /** A copy of what was written. */
    public byte[] toBytes()
    {
        return Arrays.copyOf(buffer.byteArray(), position);
    }
}
