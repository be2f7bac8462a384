package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.util.Arrays;

/**
 * Arrays (and Maps, held as arrays of (key, value) tuples): row i is the elements {@code offsets[i] ..
 * offsets[i + 1])} of {@link #elements()}.
 */
public final class ArrayVector extends Vector
{
    private int[] offsets;
    private final Vector elements;

    ArrayVector(final DataType type, final int capacity)
    {
        super(type);
        this.offsets = new int[Math.max(capacity, 1) + 1];
        final DataType plain = type.unwrapped();
        final DataType element = plain.id() == TypeId.MAP ?
            DataType.tuple(java.util.List.of(plain.element(0), plain.element(1)), java.util.List.of("keys", "values")) :
            plain.element(0);
        this.elements = Vector.create(element, capacity);
    }

    public int[] offsets()
    {
        return offsets;
    }

    public Vector elements()
    {
        return elements;
    }

    public int start(final int row)
    {
        return offsets[row];
    }

    public int length(final int row)
    {
        return offsets[row + 1] - offsets[row];
    }

    /** Closes the current row at element {@code end} (exclusive), for readers that append many rows' elements first. */
    public void endRow(final int end)
    {
        if (size + 1 >= offsets.length)
        {
            ensureCapacity(size + 1);
        }
        offsets[size + 1] = end;
        if (nulls != null)
        {
            nulls[size] = false;
        }
        size++;
    }

    /** Closes the current row after its elements were appended to {@link #elements()}. */
    public void endRow()
    {
        if (size + 1 >= offsets.length)
        {
            ensureCapacity(size + 1);
        }
        offsets[size + 1] = elements.size();
        if (nulls != null)
        {
            nulls[size] = false;
        }
        size++;
    }

    @Override
    public void reset()
    {
        super.reset();
        offsets[0] = 0;
        elements.reset();
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
        final ArrayVector from = (ArrayVector)source;
        for (int i = from.offsets[row]; i < from.offsets[row + 1]; i++)
        {
            elements.appendFrom(from.elements, i);
        }
        endRow();
    }

    @Override
    public long heapBytes()
    {
        return super.heapBytes() + 4L * offsets.length + elements.heapBytes();
    }

    @Override
    public void appendNull()
    {
        endRow();
    }

    @Override
    public long hash(final int row)
    {
        long h = length(row);
        for (int i = offsets[row]; i < offsets[row + 1]; i++)
        {
            h = h * 31 + elements.hash(i);
        }
        return mix(h);
    }

    @Override
    public boolean equalsAt(final int row, final Vector other, final int otherRow)
    {
        final ArrayVector o = (ArrayVector)other;
        if (length(row) != o.length(otherRow))
        {
            return false;
        }
        for (int i = 0; i < length(row); i++)
        {
            if (!elements.equalsAt(offsets[row] + i, o.elements, o.offsets[otherRow] + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Element by element, then the shorter first (ClickHouse's array order). */
    @Override
    public int compareAt(final int row, final Vector other, final int otherRow)
    {
        final ArrayVector o = (ArrayVector)other;
        final int n = Math.min(length(row), o.length(otherRow));
        for (int i = 0; i < n; i++)
        {
            final int a = offsets[row] + i;
            final int b = o.offsets[otherRow] + i;
            final boolean an = elements.isNull(a);
            final boolean bn = o.elements.isNull(b);
            if (an || bn)
            {
                if (an != bn)
                {
                    return an ? 1 : -1;
                }
                continue;
            }
            final int c = elements.compareAt(a, o.elements, b);
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(length(row), o.length(otherRow));
    }
}
