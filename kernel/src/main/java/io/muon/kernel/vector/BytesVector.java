package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte strings: String and FixedString, and the wide fixed-size types kept as little-endian bytes (UUID, IPv6,
 * (U)Int128/256, wide Decimals). Row i is {@code data[offsets[i] .. offsets[i + 1])}.
 */
public final class BytesVector extends Vector
{
    private int[] offsets;
    private byte[] data;

    BytesVector(final DataType type, final int capacity)
    {
        super(type);
        this.offsets = new int[Math.max(capacity, 1) + 1];
        this.data = new byte[Math.max(capacity, 1) * 8];
    }

    public int[] offsets()
    {
        return offsets;
    }

    public byte[] data()
    {
        return data;
    }

    public int start(final int row)
    {
        return offsets[row];
    }

    public int length(final int row)
    {
        return offsets[row + 1] - offsets[row];
    }

    public String getString(final int row)
    {
        return new String(data, offsets[row], offsets[row + 1] - offsets[row], StandardCharsets.UTF_8);
    }

    public byte[] getBytes(final int row)
    {
        return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
    }

    public void append(final byte[] bytes, final int from, final int length)
    {
        if (size + 1 >= offsets.length)
        {
            ensureCapacity(size + 1);
        }
        final int start = offsets[size];
        reserveBytes(start + length);
        System.arraycopy(bytes, from, data, start, length);
        offsets[size + 1] = start + length;
        if (nulls != null)
        {
            nulls[size] = false;
        }
        size++;
    }

    public void append(final byte[] bytes)
    {
        append(bytes, 0, bytes.length);
    }

    public void append(final String text)
    {
        append(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes room for {@code total} bytes of data in all; for callers that write into {@link #data()} directly. */
    public void reserveBytes(final int total)
    {
        if (data.length < total)
        {
            data = Arrays.copyOf(data, Math.max(total, data.length * 2));
        }
    }

    @Override
    public void reset()
    {
        super.reset();
        offsets[0] = 0;
    }

    @Override
    public void ensureCapacity(final int capacity)
    {
        if (offsets.length < capacity + 1)
        {
            offsets = Arrays.copyOf(offsets, Math.max(capacity + 1, offsets.length * 2));
        }
        growNulls(Math.max(capacity, offsets.length - 1));
    }

    @Override
    public void appendFrom(final Vector source, final int row)
    {
        final BytesVector from = (BytesVector)source;
        append(from.data, from.offsets[row], from.offsets[row + 1] - from.offsets[row]);
        if (source.isNull(row))
        {
            nulls[size - 1] = true;
        }
    }

    @Override
    public void appendRange(final Vector source, final int from, final int count)
    {
        if (source.isConstant() || !(source instanceof BytesVector bytes) || count == 0)
        {
            super.appendRange(source, from, count);
            return;
        }
        ensureCapacity(size + count);
        final int start = offsets[size];
        final int first = bytes.offsets[from];
        final int length = bytes.offsets[from + count] - first;
        reserveBytes(start + length);
        System.arraycopy(bytes.data, first, data, start, length);
        for (int i = 1; i <= count; i++)
        {
            offsets[size + i] = start + bytes.offsets[from + i] - first;
        }
        copyNulls(source, from, size, count);
        size += count;
    }

    @Override
    public long heapBytes()
    {
        return super.heapBytes() + 4L * offsets.length + data.length;
    }

    @Override
    public void appendNull()
    {
        final int width = type.unwrapped().fixedWidth();
        append(new byte[Math.max(width, 0)]);
        if (nulls != null)
        {
            nulls[size - 1] = true;
        }
    }

    @Override
    public long hash(final int row)
    {
        if (isNull(row))
        {
            return 0x5bd1e995L;
        }
        final int start = offsets[row];
        final int end = offsets[row + 1];
        long h = 0x9E3779B97F4A7C15L ^ (end - start);
        int i = start;
        for (; i + 8 <= end; i += 8)
        {
            h = Long.rotateLeft(h ^ (long)LONGS.get(data, i) * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        if (i < end)
        {
            // the last 1-7 bytes as one little-endian word
            long tail = 0;
            for (int shift = 0; i < end; i++, shift += 8)
            {
                tail |= (data[i] & 0xFFL) << shift;
            }
            h = Long.rotateLeft(h ^ tail * 0xC2B2AE3D27D4EB4FL, 31) * 0x9E3779B97F4A7C15L;
        }
        return mix(h);
    }

    /** Little-endian 8-byte reads from byte arrays, compiled to single loads. */
    private static final java.lang.invoke.VarHandle LONGS =
        java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    @Override
    public boolean equalsAt(final int row, final Vector other, final int otherRow)
    {
        final boolean a = isNull(row);
        final boolean b = other.isNull(otherRow);
        if (a || b)
        {
            return a == b;
        }
        final BytesVector o = (BytesVector)other;
        return Arrays.equals(data, offsets[row], offsets[row + 1], o.data, o.offsets[otherRow], o.offsets[otherRow + 1]);
    }

    /** Byte-wise unsigned order: ClickHouse's collation-free string order. */
    @Override
    public int compareAt(final int row, final Vector other, final int otherRow)
    {
        final BytesVector o = (BytesVector)other;
        return Arrays.compareUnsigned(data, offsets[row], offsets[row + 1], o.data, o.offsets[otherRow],
            o.offsets[otherRow + 1]);
    }
}
