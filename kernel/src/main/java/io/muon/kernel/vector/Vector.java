package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.util.Arrays;

/**
 * A column of values of one {@link DataType}, the unit the query engine works on: primitive arrays, never an object
 * per value. Nullable types carry a null mask ({@code nulls[i]} true: row i is NULL; the value slot holds the type's
 * default). Vectors are filled by their producer and read by the next operator; they are reused batch after batch,
 * so a reader must not keep one beyond the call that handed it over. Owned by one thread.
 */
public abstract sealed class Vector permits LongVector, DoubleVector, BytesVector, ArrayVector, TupleVector
{
    protected final DataType type;
    private boolean constant;
    protected int size;
    protected boolean[] nulls;

    protected Vector(final DataType type)
    {
        this.type = type;
    }

    /** A new empty vector for values of {@code type}, with room for {@code capacity} rows. */
    public static Vector create(final DataType type, final int capacity)
    {
        final DataType plain = type.unwrapped();
        final Vector vector = switch (kind(plain))
        {
            case LONG -> new LongVector(type, capacity);
            case DOUBLE -> new DoubleVector(type, capacity);
            case BYTES -> new BytesVector(type, capacity);
            case ARRAY -> new ArrayVector(type, capacity);
            case TUPLE -> new TupleVector(type, capacity);
        };
        if (type.holdsNull() || plain.id() == TypeId.NOTHING)
        {
            vector.nulls = new boolean[Math.max(capacity, 1)];
        }
        return vector;
    }

    /** How values of a type (without Nullable/LowCardinality) are held. */
    public enum Kind
    {
        LONG, DOUBLE, BYTES, ARRAY, TUPLE
    }

    public static Kind kind(final DataType plain)
    {
        switch (plain.id())
        {
            case FLOAT32:
            case FLOAT64:
                return Kind.DOUBLE;
            case STRING:
            case FIXED_STRING:
            case UUID:
            case IPV6:
            case INT128:
            case INT256:
            case UINT128:
            case UINT256:
                return Kind.BYTES;
            case DECIMAL:
                return plain.precision() <= 18 ? Kind.LONG : Kind.BYTES;
            case ARRAY:
            case MAP:
                return Kind.ARRAY;
            case TUPLE:
                return Kind.TUPLE;
            case NULLABLE:
            case LOW_CARDINALITY:
                return kind(plain.unwrapped());
            default:
                return Kind.LONG;
        }
    }

    public DataType type()
    {
        return type;
    }

    public int size()
    {
        return size;
    }

    /**
     * Marks this vector as a constant repeated to its rows: every row holds the same value and nobody changes it any
     * more, so functions may look at row 0 only (a pattern compiled once, not compared row by row).
     */
    public Vector markConstant()
    {
        constant = true;
        return this;
    }

    /** Whether {@link #markConstant()} vouched that every row holds the same value. */
    public boolean isConstant()
    {
        return constant;
    }

    public boolean isNull(final int row)
    {
        return nulls != null && nulls[row];
    }

    /** The null mask, or null when the type is not Nullable. */
    public boolean[] nulls()
    {
        return nulls;
    }

    /** Whether any of the first {@link #size()} rows is NULL. */
    public boolean hasNulls()
    {
        if (nulls == null)
        {
            return false;
        }
        for (int i = 0; i < size; i++)
        {
            if (nulls[i])
            {
                return true;
            }
        }
        return false;
    }

    public void setNull(final int row, final boolean isNull)
    {
        if (nulls == null)
        {
            if (!isNull)
            {
                return;
            }
            throw new IllegalStateException("NULL in a column of non-Nullable type " + type.clickHouseName());
        }
        nulls[row] = isNull;
    }

    /**
     * About how many bytes of heap the values take (the arrays as allocated, not only the rows in use): what a
     * stage that buffers rows counts against its limit.
     */
    public long heapBytes()
    {
        return nulls == null ? 0 : nulls.length;
    }

    /** Empties the vector, keeping its capacity. */
    public void reset()
    {
        size = 0;
    }

    /** Makes room for at least {@code capacity} rows, keeping the first {@link #size()}. */
    public abstract void ensureCapacity(int capacity);

    protected final void growNulls(final int capacity)
    {
        if (nulls != null && nulls.length < capacity)
        {
            nulls = Arrays.copyOf(nulls, Math.max(capacity, nulls.length * 2));
        }
    }

    /** Appends row {@code row} of {@code source} (a vector of the same type) to the end of this one. */
    public abstract void appendFrom(Vector source, int row);

    /**
     * Appends rows {@code [from, from + count)} of {@code source} (a vector of the same type); a constant source
     * repeats its value. Vectors of plain values copy them in bulk.
     */
    public void appendRange(final Vector source, final int from, final int count)
    {
        ensureCapacity(size + count);
        for (int i = 0; i < count; i++)
        {
            appendFrom(source, source.isConstant() ? 0 : from + i);
        }
    }

    /** Copies the NULL marks of {@code count} rows of {@code source} from {@code from} to this vector at {@code at}. */
    protected final void copyNulls(final Vector source, final int from, final int at, final int count)
    {
        if (nulls == null)
        {
            return;
        }
        if (source.nulls == null)
        {
            Arrays.fill(nulls, at, at + count, false);
        }
        else
        {
            System.arraycopy(source.nulls, from, nulls, at, count);
        }
    }

    /** Appends a NULL (or the type's default value when the type is not Nullable). */
    public abstract void appendNull();

    /** Sets the size after the caller wrote values directly into the arrays. */
    public void setSize(final int size)
    {
        ensureCapacity(size);
        this.size = size;
    }

    /** Hash of row {@code row}'s value, equal for equal values of the same type; NULLs hash alike. */
    public abstract long hash(int row);

    /** Whether row {@code row} of this vector equals row {@code otherRow} of {@code other} (same type); NULL = NULL. */
    public abstract boolean equalsAt(int row, Vector other, int otherRow);

    /** Orders row {@code row} against {@code otherRow} of {@code other} (same type), NULLs not considered. */
    public abstract int compareAt(int row, Vector other, int otherRow);

    /** A new vector of the same type holding the rows {@code positions[0..count)} of this one. */
    public Vector gather(final int[] positions, final int count)
    {
        final Vector out = create(type, count);
        for (int i = 0; i < count; i++)
        {
            out.appendFrom(this, positions[i]);
        }
        return out;
    }

    /** The 64-bit hash of an integer value that {@link LongVector#hash} gives. */
    public static long mix(final long h)
    {
        long x = h * 0x9E3779B97F4A7C15L;
        x ^= x >>> 32;
        x *= 0xD6E8FEB86659FD93L;
        x ^= x >>> 32;
        return x;
    }
}
