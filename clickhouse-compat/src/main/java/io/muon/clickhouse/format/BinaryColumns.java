package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

/**
 * ClickHouse's RowBinary encoding of values, both directions, one value at a time (Nullable as a flag byte before the
 * value; Native, a column at a time, is {@link NativeBlockCodec}). Fixed-width values are little-endian; strings are
 * a varint length and the bytes; UUIDs two little-endian halves, high first; IPv6 the 16 network-order bytes.
 * LowCardinality is written as the type it wraps.
 */
public final class BinaryColumns
{
    private BinaryColumns()
    {
    }

    // ---- RowBinary ----

    /** Writes {@code vector[row]} in RowBinary. */
    public static void writeValue(final ByteSink out, final Vector vector, final int row)
    {
        if (vector.type().holdsNull())
        {
            if (vector.isNull(row))
            {
                out.write(1);
                return;
            }
            out.write(0);
        }
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                out.writeVarUInt(array.length(row));
                final Vector elements = array.elements();
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (type.id() == TypeId.MAP)
                    {
                        final TupleVector pair = (TupleVector)elements;
                        writeValue(out, pair.field(0), i);
                        writeValue(out, pair.field(1), i);
                    }
                    else
                    {
                        writeValue(out, elements, i);
                    }
                }
                return;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    writeValue(out, tuple.field(i), row);
                }
                return;
            }
            default:
                writeScalar(out, vector, type, row);
        }
    }

    private static void writeScalar(final ByteSink out, final Vector vector, final DataType type, final int row)
    {
        switch (Vector.kind(type))
        {
            case DOUBLE:
            {
                final double v = ((DoubleVector)vector).get(row);
                if (type.id() == TypeId.FLOAT32)
                {
                    out.writeIntLittleEndian(Float.floatToRawIntBits((float)v));
                }
                else
                {
                    out.writeLongLittleEndian(Double.doubleToRawLongBits(v));
                }
                return;
            }
            case BYTES:
            {
                final BytesVector bytes = (BytesVector)vector;
                if (type.id() == TypeId.STRING)
                {
                    out.writeVarUInt(bytes.length(row));
                }
                out.write(bytes.data(), bytes.start(row), bytes.length(row));
                return;
            }
            default:
            {
                final long v = ((LongVector)vector).get(row);
                switch (type.id() == TypeId.NOTHING ? 1 : type.fixedWidth())
                {
                    case 1 -> out.write((int)v);
                    case 2 -> out.writeShortLittleEndian((int)v);
                    case 4 -> out.writeIntLittleEndian((int)v);
                    default -> out.writeLongLittleEndian(v);
                }
            }
        }
    }

    /** Reads one RowBinary value of the vector's type and appends it. */
    public static void readValue(final ByteSource in, final Vector vector)
    {
        if (vector.type().holdsNull() && in.read() != 0)
        {
            vector.appendNull();
            return;
        }
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                final int length = in.readSize(in.sizeLimit(), "array");
                for (int i = 0; i < length; i++)
                {
                    if (type.id() == TypeId.MAP)
                    {
                        final TupleVector pair = (TupleVector)array.elements();
                        readValue(in, pair.field(0));
                        readValue(in, pair.field(1));
                        pair.endRow();
                    }
                    else
                    {
                        readValue(in, array.elements());
                    }
                }
                array.endRow();
                return;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    readValue(in, tuple.field(i));
                }
                tuple.endRow();
                return;
            }
            default:
                readScalar(in, vector, type);
        }
    }

    private static void readScalar(final ByteSource in, final Vector vector, final DataType type)
    {
        switch (Vector.kind(type))
        {
            case DOUBLE:
                ((DoubleVector)vector).append(type.id() == TypeId.FLOAT32 ?
                    Float.intBitsToFloat(in.readIntLittleEndian()) : Double.longBitsToDouble(in.readLongLittleEndian()));
                return;
            case BYTES:
            {
                final int length = type.id() == TypeId.STRING ? in.readSize(in.sizeLimit(), "string") :
                    type.fixedWidth();
                in.require(length);
                ((BytesVector)vector).append(in.data(), in.position(), length);
                in.skip(length);
                return;
            }
            default:
            {
                final long v;
                switch (type.id() == TypeId.NOTHING ? 1 : type.fixedWidth())
                {
                    case 1 -> v = signed(type) ? (byte)in.read() : in.read();
                    case 2 -> v = signed(type) ? (short)in.readShortLittleEndian() : in.readShortLittleEndian();
                    case 4 -> v = signed(type) ? in.readIntLittleEndian() : in.readIntLittleEndian() & 0xFFFFFFFFL;
                    default -> v = in.readLongLittleEndian();
                }
                if (type.id() == TypeId.NOTHING)
                {
                    vector.appendNull();
                    return;
                }
                if ((type.id() == TypeId.ENUM8 || type.id() == TypeId.ENUM16) && !type.enumValues().containsValue((int)v))
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unexpected value " + v + " in enum " +
                        type.clickHouseName());
                }
                ((LongVector)vector).append(type.id() == TypeId.BOOL ? (v != 0 ? 1 : 0) : v);
            }
        }
    }

    /** Whether values of {@code type} are signed integers on the wire (the rest are unsigned). */
    static boolean signed(final DataType type)
    {
        return switch (type.id())
        {
            case INT8, INT16, INT32, INT64, ENUM8, ENUM16, DATE32, DECIMAL, DATETIME64, INTERVAL -> true;
            default -> false;
        };
    }
}
