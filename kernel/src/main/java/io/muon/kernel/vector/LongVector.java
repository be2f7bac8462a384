package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.util.Arrays;

/**
 * Integers of up to 64 bits and everything stored as one: Bool, Date (days), DateTime (seconds), DateTime64 (ticks),
 * Enum, IPv4, Decimal of up to 18 digits (unscaled), Interval. UInt64 values keep their bits: compare them with
 * {@link Long#compareUnsigned} ({@link #isUnsigned()}).
 */
public final class LongVector extends Vector
{
    private long[] values;
    private final boolean unsigned;

    LongVector(final DataType type, final int capacity)
    {
        super(type);
        this.values = new long[Math.max(capacity, 1)];
        final TypeId id = type.unwrapped().id();
        this.unsigned = id == TypeId.UINT64;
    }

    public long[] values()
    {
        return values;
    }

    public long get(final int row)
    {
        return values[row];
    }

    public boolean isUnsigned()
    {
        return unsigned;
    }

    public void set(final int row, final long value)
    {
        values[row] = value;
    }

    public void append(final long value)
    {
        if (size == values.length)
        {
            ensureCapacity(size + 1);
        }
        values[size] = value;
        if (nulls != null)
        {
            nulls[size] = false;
        }
        size++;
    }

    @Override
    public void ensureCapacity(final int capacity)
    {
        if (values.length < capacity)
        {
            values = Arrays.copyOf(values, Math.max(capacity, values.length * 2));
        }
        growNulls(Math.max(capacity, values.length));
    }

    @Override
    public void appendFrom(final Vector source, final int row)
    {
        append(((LongVector)source).values[row]);
        if (source.isNull(row))
        {
            nulls[size - 1] = true;
        }
    }

    @Override
    public void appendRange(final Vector source, final int from, final int count)
    {
        if (source.isConstant() || !(source instanceof LongVector longs))
        {
            super.appendRange(source, from, count);
            return;
        }
        ensureCapacity(size + count);
        System.arraycopy(longs.values, from, values, size, count);
        copyNulls(source, from, size, count);
        size += count;
    }

    @Override
    public long heapBytes()
    {
        return super.heapBytes() + 8L * values.length;
    }

    @Override
    public void appendNull()
    {
        append(0);
        if (nulls != null)
        {
            nulls[size - 1] = true;
        }
    }

    @Override
    public long hash(final int row)
    {
        return isNull(row) ? 0x5bd1e995L : mix(values[row]);
    }

    @Override
    public boolean equalsAt(final int row, final Vector other, final int otherRow)
    {
        final boolean a = isNull(row);
        final boolean b = other.isNull(otherRow);
        if (a || b)
        {
            return a == b;
        }
        return values[row] == ((LongVector)other).values[otherRow];
    }

    @Override
    public int compareAt(final int row, final Vector other, final int otherRow)
    {
        final long a = values[row];
        final long b = ((LongVector)other).values[otherRow];
        return unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /** The rows at {@code positions[0..count)} copied straight from the arrays. */
    @Override
    public Vector gather(final int[] positions, final int count)
    {
        final LongVector out = (LongVector)create(type(), count);
        final long[] target = out.values;
        for (int i = 0; i < count; i++)
        {
            target[i] = values[positions[i]];
        }
        final boolean[] sourceNulls = nulls();
        if (sourceNulls != null && out.nulls() != null)
        {
            final boolean[] targetNulls = out.nulls();
            for (int i = 0; i < count; i++)
            {
                targetNulls[i] = sourceNulls[positions[i]];
            }
        }
        out.setSize(count);
        return out;
    }
}
