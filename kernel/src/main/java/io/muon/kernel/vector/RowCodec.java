package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;
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
        if (vector.type().isNullable())
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
        if (vector.type().isNullable())
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
