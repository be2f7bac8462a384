package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;

import java.util.Arrays;

/**
 * Float32 and Float64 values. Float32 values are kept widened to double but always hold a float's value: {@link
 * #append} and {@link #set} round them, so comparisons and widening behave as ClickHouse's (toFloat32(0.1) != 0.1).
 */
public final class DoubleVector extends Vector
{
    private final boolean float32;
    private double[] values;

    DoubleVector(final DataType type, final int capacity)
    {
        super(type);
        this.float32 = type.unwrapped().id() == io.muon.kernel.type.TypeId.FLOAT32;
        this.values = new double[Math.max(capacity, 1)];
    }

    public double[] values()
    {
        return values;
    }

    public double get(final int row)
    {
        return values[row];
    }

    public void set(final int row, final double value)
    {
        values[row] = float32 ? (float)value : value;
    }

    public void append(final double value)
    {
        if (size == values.length)
        {
            ensureCapacity(size + 1);
        }
        values[size] = float32 ? (float)value : value;
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
        append(((DoubleVector)source).values[row]);
        if (source.isNull(row))
        {
            nulls[size - 1] = true;
        }
    }

    @Override
    public void appendRange(final Vector source, final int from, final int count)
    {
        if (source.isConstant() || !(source instanceof DoubleVector doubles))
        {
            super.appendRange(source, from, count);
            return;
        }
        ensureCapacity(size + count);
        System.arraycopy(doubles.values, from, values, size, count);
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
        if (isNull(row))
        {
            return 0x5bd1e995L;
        }
        final double v = values[row];
        return mix(v == 0.0 ? 0 : Double.doubleToLongBits(v));
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
        final double x = values[row];
        final double y = ((DoubleVector)other).values[otherRow];
        return x == y || (Double.isNaN(x) && Double.isNaN(y));
    }

    /** ClickHouse's order: NaN sorts after every number (and ORDER BY puts it with the NULLs' side rules aside). */
    @Override
    public int compareAt(final int row, final Vector other, final int otherRow)
    {
        final double x = values[row];
        final double y = ((DoubleVector)other).values[otherRow];
        if (x < y)
        {
            return -1;
        }
        if (x > y)
        {
            return 1;
        }
        if (x == y)
        {
            return 0;
        }
        return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
    }

    /** The rows at {@code positions[0..count)} copied straight from the arrays. */
    @Override
    public Vector gather(final int[] positions, final int count)
    {
        final DoubleVector out = (DoubleVector)create(type(), count);
        final double[] target = out.values;
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
