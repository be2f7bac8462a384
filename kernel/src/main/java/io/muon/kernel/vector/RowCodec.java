package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A compact binary form of one value of a composite type (Array, Map, Tuple, anything nested), used where a composite
 * column is stored as one variable-width column (NativeLog records). Little-endian; an array is its element count
 * (int32) then its elements; a tuple its fields in order; a Nullable value a byte (1: NULL) then the value unless
 * NULL; strings their length (int32) then the bytes; fixed-width values their bytes.
 */
public final class RowCodec
{
    private RowCodec()
    {
    }

    /** Appends the value at {@code row} of {@code vector} to {@code out} at {@code offset}; returns the new offset. */
    public static int write(final Vector vector, final int row, final ExpandableArrayBuffer out, final int offset)
    {
        int at = offset;
        if (vector.type().holdsNull())
        {
            final boolean isNull = vector.isNull(row);
            out.putByte(at++, (byte)(isNull ? 1 : 0));
            if (isNull)
            {
                return at;
            }
        }
        if (vector instanceof LongVector longs)
        {
            final int width = vector.type().unwrapped().fixedWidth();
            putFixed(out, at, longs.get(row), width);
            return at + width;
        }
        if (vector instanceof DoubleVector doubles)
        {
            if (vector.type().unwrapped().fixedWidth() == 4)
            {
                out.putFloat(at, (float)doubles.get(row));
                return at + 4;
            }
            out.putDouble(at, doubles.get(row));
            return at + 8;
        }
        if (vector instanceof BytesVector bytes)
        {
            final int length = bytes.length(row);
            out.putInt(at, length);
            out.putBytes(at + 4, bytes.data(), bytes.start(row), length);
            return at + 4 + length;
        }
        if (vector instanceof ArrayVector array)
        {
            out.putInt(at, array.length(row));
            at += 4;
            for (int i = array.start(row); i < array.start(row + 1); i++)
            {
                at = write(array.elements(), i, out, at);
            }
            return at;
        }
        final TupleVector tuple = (TupleVector)vector;
        for (int i = 0; i < tuple.width(); i++)
        {
            at = write(tuple.field(i), row, out, at);
        }
        return at;
    }

    /** Reads one value written by {@link #write} and appends it to {@code vector}; returns the new offset. */
    public static int read(final DirectBuffer in, final int offset, final Vector vector)
    {
        int at = offset;
        if (vector.type().holdsNull())
        {
            if (in.getByte(at++) != 0)
            {
                vector.appendNull();
                return at;
            }
        }
        final DataType plain = vector.type().unwrapped();
        if (vector instanceof LongVector longs)
        {
            final int width = plain.fixedWidth();
            longs.append(getFixed(in, at, width, isSigned(plain)));
            return at + width;
        }
        if (vector instanceof DoubleVector doubles)
        {
            if (plain.fixedWidth() == 4)
            {
                doubles.append(in.getFloat(at));
                return at + 4;
            }
            doubles.append(in.getDouble(at));
            return at + 8;
        }
        if (vector instanceof BytesVector bytes)
        {
            final int length = in.getInt(at);
            final byte[] value = new byte[length];
            in.getBytes(at + 4, value);
            bytes.append(value);
            return at + 4 + length;
        }
        if (vector instanceof ArrayVector array)
        {
            final int count = in.getInt(at);
            at += 4;
            for (int i = 0; i < count; i++)
            {
                at = read(in, at, array.elements());
            }
            array.endRow();
            return at;
        }
        final TupleVector tuple = (TupleVector)vector;
        for (int i = 0; i < tuple.width(); i++)
        {
            at = read(in, at, tuple.field(i));
        }
        tuple.endRow();
        return at;
    }

    /**
     * Walks one value of {@code type} written by {@link #write} in {@code [offset, end)} without decoding it, for
     * bytes from outside: returns the offset after it, or -1 when the value runs past {@code end} or is not a value
     * of that type (a NULL marker other than 0 or 1, a negative length, a FixedString of the wrong length).
     */
    public static int skip(final DataType type, final DirectBuffer in, final int offset, final int end)
    {
        int at = offset;
        if (at < 0)
        {
            return -1;
        }
        if (type.holdsNull())
        {
            if (at >= end)
            {
                return -1;
            }
            final byte marker = in.getByte(at++);
            if (marker == 1)
            {
                return at;
            }
            if (marker != 0)
            {
                return -1;
            }
        }
        final DataType plain = type.unwrapped();
        switch (Vector.kind(plain))
        {
            case LONG:
            case DOUBLE:
                return end - at >= plain.fixedWidth() ? at + plain.fixedWidth() : -1;
            case BYTES:
            {
                if (end - at < 4)
                {
                    return -1;
                }
                final int length = in.getInt(at);
                final boolean fixed = plain.id() != TypeId.STRING;
                if (length < 0 || length > end - at - 4 || (fixed && length != plain.fixedWidth()))
                {
                    return -1;
                }
                return at + 4 + length;
            }
            case ARRAY:
            {
                if (end - at < 4)
                {
                    return -1;
                }
                final int count = in.getInt(at);
                at += 4;
                if (count < 0 || count > end - at)
                {
                    return -1;
                }
                final boolean map = plain.id() == TypeId.MAP;
                for (int i = 0; i < count && at >= 0; i++)
                {
                    at = map ? skip(plain.element(1), in, skip(plain.element(0), in, at, end), end) :
                        skip(plain.element(0), in, at, end);
                }
                return at;
            }
            default:
            {
                for (int i = 0; i < plain.elements().size() && at >= 0; i++)
                {
                    at = skip(plain.element(i), in, at, end);
                }
                return at;
            }
        }
    }

    /** Writes the low {@code width} bytes of {@code value} little-endian. */
    public static void putFixed(final MutableDirectBuffer out, final int at, final long value, final int width)
    {
        switch (width)
        {
            case 1 -> out.putByte(at, (byte)value);
            case 2 -> out.putShort(at, (short)value);
            case 4 -> out.putInt(at, (int)value);
            default -> out.putLong(at, value);
        }
    }

    /** Reads {@code width} little-endian bytes, sign- or zero-extended. */
    public static long getFixed(final DirectBuffer in, final int at, final int width, final boolean signed)
    {
        switch (width)
        {
            case 1:
                return signed ? in.getByte(at) : in.getByte(at) & 0xFFL;
            case 2:
                return signed ? in.getShort(at) : in.getShort(at) & 0xFFFFL;
            case 4:
                return signed ? in.getInt(at) : in.getInt(at) & 0xFFFFFFFFL;
            default:
                return in.getLong(at);
        }
    }

    /** Whether values of a type held in a {@link LongVector} are sign-extended from their stored width. */
    public static boolean isSigned(final DataType plain)
    {
        switch (plain.id())
        {
            case UINT8:
            case UINT16:
            case UINT32:
            case UINT64:
            case BOOL:
            case DATE:
            case DATETIME:
            case IPV4:
                return false;
            default:
                return true;
        }
    }
}
