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
 * ClickHouse's binary encodings of values, both directions: RowBinary (one value at a time; Nullable as a flag
 * byte before the value) and Native (one column at a time; Nullable as a null map before the values, Array as
 * cumulative UInt64 offsets before the elements, Tuple as its elements' columns, Map as Array(Tuple(key, value))).
 * Fixed-width values are little-endian; strings are a varint length and the bytes; UUIDs two little-endian halves,
 * high first; IPv6 the 16 network-order bytes. LowCardinality is written as the type it wraps (its name is dropped
 * from Native headers).
 */
public final class BinaryColumns
{
    private BinaryColumns()
    {
    }

    /** The type name to announce for a column whose values {@link #writeColumn} writes. */
    public static String nativeTypeName(final DataType type)
    {
        return withoutLowCardinality(type).clickHouseName();
    }

    private static DataType withoutLowCardinality(final DataType type)
    {
        return switch (type.id())
        {
            case LOW_CARDINALITY -> withoutLowCardinality(type.unwrapped().isNullable() ? type.unwrapped() :
                type.elements().get(0));
            case NULLABLE -> DataType.nullable(withoutLowCardinality(type.elements().get(0)));
            case ARRAY -> DataType.array(withoutLowCardinality(type.elements().get(0)));
            default -> type;
        };
    }

    // ---- RowBinary ----

    /** Writes {@code vector[row]} in RowBinary. */
    public static void writeValue(final ByteSink out, final Vector vector, final int row)
    {
        if (vector.type().isNullable())
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
        if (vector.type().isNullable() && in.read() != 0)
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
                final int length = in.readSize(in.remaining(), "array");
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
                final int length = type.id() == TypeId.STRING ? in.readSize(in.remaining(), "string") :
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

    private static boolean signed(final DataType type)
    {
        return switch (type.id())
        {
            case INT8, INT16, INT32, INT64, ENUM8, ENUM16, DATE32, DECIMAL, DATETIME64 -> true;
            default -> false;
        };
    }

    // ---- Native ----

    /** Writes rows [from, from + rows) of a column in Native encoding. */
    public static void writeColumn(final ByteSink out, final Vector vector, final int from, final int rows)
    {
        if (vector.type().isNullable())
        {
            out.ensure(rows);
            for (int r = from; r < from + rows; r++)
            {
                out.write(vector.isNull(r) ? 1 : 0);
            }
        }
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                final int base = array.start(from);
                for (int r = from; r < from + rows; r++)
                {
                    out.writeLongLittleEndian(array.start(r + 1) - base);
                }
                final int elements = array.start(from + rows) - base;
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    writeColumn(out, pairs.field(0), base, elements);
                    writeColumn(out, pairs.field(1), base, elements);
                }
                else
                {
                    writeColumn(out, array.elements(), base, elements);
                }
                return;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    writeColumn(out, tuple.field(i), from, rows);
                }
                return;
            }
            default:
                for (int r = from; r < from + rows; r++)
                {
                    writeScalar(out, vector, type, r);
                }
        }
    }

    /** Reads {@code rows} values of a Native column and appends them to the vector. */
    public static void readColumn(final ByteSource in, final Vector vector, final int rows)
    {
        boolean[] nulls = null;
        if (vector.type().isNullable())
        {
            in.require(rows);
            nulls = new boolean[rows];
            for (int r = 0; r < rows; r++)
            {
                nulls[r] = in.read() != 0;
            }
        }
        final int first = vector.size();
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                in.require((long)rows * 8 > Integer.MAX_VALUE ? Integer.MAX_VALUE : rows * 8);
                final long[] ends = new long[rows];
                long previous = 0;
                for (int r = 0; r < rows; r++)
                {
                    ends[r] = in.readLongLittleEndian();
                    if (ends[r] < previous || ends[r] > Integer.MAX_VALUE)
                    {
                        throw new MuonException(ErrorCodes.INCORRECT_DATA, "Array offsets are not ascending: " +
                            ends[r] + " after " + previous);
                    }
                    previous = ends[r];
                }
                final int total = rows == 0 ? 0 : (int)ends[rows - 1];
                if (type.id() == TypeId.MAP)
                {
                    final TupleVector pairs = (TupleVector)array.elements();
                    readColumn(in, pairs.field(0), total);
                    readColumn(in, pairs.field(1), total);
                    for (int i = 0; i < total; i++)
                    {
                        pairs.endRow();
                    }
                }
                else
                {
                    readColumn(in, array.elements(), total);
                }
                final int base = array.elements().size() - total;
                array.ensureCapacity(first + rows);
                for (int r = 0; r < rows; r++)
                {
                    array.endRow(base + (int)ends[r]);
                }
                break;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    readColumn(in, tuple.field(i), rows);
                }
                for (int r = 0; r < rows; r++)
                {
                    tuple.endRow();
                }
                break;
            }
            default:
                vector.ensureCapacity(first + rows);
                for (int r = 0; r < rows; r++)
                {
                    readScalar(in, vector, type);
                }
        }
        if (nulls != null)
        {
            for (int r = 0; r < rows; r++)
            {
                if (nulls[r])
                {
                    vector.setNull(first + r, true);
                }
            }
        }
    }
}
