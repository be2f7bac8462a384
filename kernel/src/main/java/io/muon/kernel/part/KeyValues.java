package io.muon.kernel.part;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.RowCodec;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;

/**
 * Single values in ClickHouse's binary form ({@code serializeBinary}, the same as RowBinary): what a part's
 * {@code primary.idx} (the sort key of each granule's first row), {@code partition.dat} and {@code minmax_*.idx} hold.
 * Stateless.
 */
public final class KeyValues
{
    private KeyValues()
    {
    }

    /** Appends row {@code row} of {@code vector} (of {@code type}) to {@code out}. */
    public static void write(final ByteArrayOutputStream out, final DataType type, final Vector vector, final int row)
    {
        switch (type.id())
        {
            case NULLABLE ->
            {
                out.write(vector.isNull(row) ? 1 : 0);
                if (!vector.isNull(row))
                {
                    write(out, type.elements().get(0), vector, row);
                }
            }
            case LOW_CARDINALITY -> write(out, type.elements().get(0), vector, row);
            case ARRAY, MAP ->
            {
                final ArrayVector array = (ArrayVector)vector;
                writeVarUInt(out, array.length(row));
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (type.id() == TypeId.MAP)
                    {
                        final TupleVector pair = (TupleVector)array.elements();
                        write(out, type.elements().get(0), pair.field(0), i);
                        write(out, type.elements().get(1), pair.field(1), i);
                    }
                    else
                    {
                        write(out, type.elements().get(0), array.elements(), i);
                    }
                }
            }
            case TUPLE ->
            {
                final TupleVector tuple = (TupleVector)vector;
                for (int i = 0; i < tuple.width(); i++)
                {
                    write(out, type.elements().get(i), tuple.field(i), row);
                }
            }
            default ->
            {
                switch (Vector.kind(type))
                {
                    case DOUBLE ->
                    {
                        final double value = ((DoubleVector)vector).get(row);
                        if (type.id() == TypeId.FLOAT32)
                        {
                            writeFixed(out, Float.floatToRawIntBits((float)value), 4);
                        }
                        else
                        {
                            writeFixed(out, Double.doubleToRawLongBits(value), 8);
                        }
                    }
                    case BYTES ->
                    {
                        final BytesVector bytes = (BytesVector)vector;
                        final int length = bytes.length(row);
                        if (type.id() == TypeId.STRING)
                        {
                            writeVarUInt(out, length);
                            out.write(bytes.data(), bytes.start(row), length);
                        }
                        else
                        {
                            final int width = type.fixedWidth();
                            out.write(bytes.data(), bytes.start(row), Math.min(length, width));
                            for (int i = length; i < width; i++)
                            {
                                out.write(0);
                            }
                        }
                    }
                    default -> writeFixed(out, ((LongVector)vector).get(row),
                        type.id() == TypeId.NOTHING ? 1 : type.fixedWidth());
                }
            }
        }
    }

    private static void writeFixed(final ByteArrayOutputStream out, final long value, final int width)
    {
        for (int i = 0; i < width; i++)
        {
            out.write((int)(value >>> (8 * i)));
        }
    }

    /** Appends a LEB128 unsigned varint, as ClickHouse's writeVarUInt. */
    static void writeVarUInt(final ByteArrayOutputStream out, final long value)
    {
        long rest = value;
        while ((rest & ~0x7FL) != 0)
        {
            out.write((int)((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int)rest);
    }

    /** Reads values written by {@link #write}: a cursor over a file's bytes that names the file in its errors. */
    public static final class Reader
    {
        private final byte[] data;
        private final String where;
        private int at;

        public Reader(final byte[] data, final String where)
        {
            this.data = data;
            this.where = where;
        }

        public boolean atEnd()
        {
            return at == data.length;
        }

        /** Reads one value of {@code type} and appends it to {@code vector}. */
        public void read(final DataType type, final Vector vector)
        {
            switch (type.id())
            {
                case NULLABLE ->
                {
                    if (take(1) != 0)
                    {
                        vector.appendNull();
                    }
                    else
                    {
                        read(type.elements().get(0), vector);
                    }
                }
                case LOW_CARDINALITY -> read(type.elements().get(0), vector);
                case ARRAY, MAP ->
                {
                    final ArrayVector array = (ArrayVector)vector;
                    final long size = varUInt();
                    if (size > data.length - at)
                    {
                        throw corrupted("an array of " + size + " elements");
                    }
                    for (long i = 0; i < size; i++)
                    {
                        if (type.id() == TypeId.MAP)
                        {
                            final TupleVector pair = (TupleVector)array.elements();
                            read(type.elements().get(0), pair.field(0));
                            read(type.elements().get(1), pair.field(1));
                            pair.endRow();
                        }
                        else
                        {
                            read(type.elements().get(0), array.elements());
                        }
                    }
                    array.endRow();
                }
                case TUPLE ->
                {
                    final TupleVector tuple = (TupleVector)vector;
                    for (int i = 0; i < tuple.width(); i++)
                    {
                        read(type.elements().get(i), tuple.field(i));
                    }
                    tuple.endRow();
                }
                default ->
                {
                    switch (Vector.kind(type))
                    {
                        case DOUBLE -> ((DoubleVector)vector).append(type.id() == TypeId.FLOAT32 ?
                            Float.intBitsToFloat((int)take(4)) : Double.longBitsToDouble(take(8)));
                        case BYTES ->
                        {
                            final long length = type.id() == TypeId.STRING ? varUInt() : type.fixedWidth();
                            if (length > data.length - at)
                            {
                                throw corrupted("a value of " + length + " bytes runs past the end");
                            }
                            ((BytesVector)vector).append(data, at, (int)length);
                            at += (int)length;
                        }
                        default ->
                        {
                            final int width = type.id() == TypeId.NOTHING ? 1 : type.fixedWidth();
                            long value = take(width);
                            if (width < 8 && RowCodec.isSigned(type))
                            {
                                value = (value << (64 - 8 * width)) >> (64 - 8 * width);
                            }
                            ((LongVector)vector).append(value);
                        }
                    }
                }
            }
        }

        private long take(final int width)
        {
            if (data.length - at < width)
            {
                throw corrupted("a value runs past the end");
            }
            long value = 0;
            for (int i = 0; i < width; i++)
            {
                value |= (data[at++] & 0xFFL) << (8 * i);
            }
            return value;
        }

        private long varUInt()
        {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                final long b = take(1);
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }
            throw corrupted("a variable-length integer longer than 10 bytes");
        }

        private MuonException corrupted(final String why)
        {
            return new MuonException(ErrorCodes.CORRUPTED_DATA, "Corrupted part file " + where + ": " + why);
        }
    }
}
