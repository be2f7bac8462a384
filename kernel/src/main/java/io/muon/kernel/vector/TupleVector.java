package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;

/** Tuples: one vector per element, all of the same size as the tuple vector. */
public final class TupleVector extends Vector
{
    private final Vector[] fields;

    TupleVector(final DataType type, final int capacity)
    {
        super(type);
        final DataType plain = type.unwrapped();
        fields = new Vector[plain.elements().size()];
        for (int i = 0; i < fields.length; i++)
        {
            fields[i] = Vector.create(plain.element(i), capacity);
        }
    }

    public Vector field(final int index)
    {
        return fields[index];
    }

    public int width()
    {
        return fields.length;
    }

    /** Closes the current row after one value was appended to every field. */
    public void endRow()
    {
        ensureCapacity(size + 1);
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
        for (final Vector field : fields)
        {
            field.reset();
        }
    }

    @Override
    public void ensureCapacity(final int capacity)
    {
        growNulls(capacity);
        for (final Vector field : fields)
        {
            field.ensureCapacity(capacity);
        }
    }

    @Override
    public void appendFrom(final Vector source, final int row)
    {
        final TupleVector from = (TupleVector)source;
        for (int i = 0; i < fields.length; i++)
        {
            fields[i].appendFrom(from.fields[i], row);
        }
        endRow();
    }

    @Override
    public long heapBytes()
    {
        long bytes = super.heapBytes();
        for (final Vector field : fields)
        {
            bytes += field.heapBytes();
        }
        return bytes;
    }

    @Override
    public void appendNull()
    {
        for (final Vector field : fields)
        {
            field.appendNull();
        }
        endRow();
    }

    @Override
    public long hash(final int row)
    {
        long h = fields.length;
        for (final Vector field : fields)
        {
            h = h * 31 + field.hash(row);
        }
        return mix(h);
    }

    @Override
    public boolean equalsAt(final int row, final Vector other, final int otherRow)
    {
        final TupleVector o = (TupleVector)other;
        for (int i = 0; i < fields.length; i++)
        {
            if (!fields[i].equalsAt(row, o.fields[i], otherRow))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareAt(final int row, final Vector other, final int otherRow)
    {
        final TupleVector o = (TupleVector)other;
        for (int i = 0; i < fields.length; i++)
        {
            final boolean an = fields[i].isNull(row);
            final boolean bn = o.fields[i].isNull(otherRow);
            if (an || bn)
            {
                if (an != bn)
                {
                    return an ? 1 : -1;
                }
                continue;
            }
            final int c = fields[i].compareAt(row, o.fields[i], otherRow);
            if (c != 0)
            {
                return c;
            }
        }
        return 0;
    }
}
