package io.muon.kernel.part;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.util.SipHash;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * The partition ID ClickHouse gives a partition key value (the first part of a part's name): {@code all} for no
 * partition key; when every value is an integer (integers, Date, DateTime, Enum, Bool), the values in decimal joined
 * by {@code -}, a Date as YYYYMMDD; otherwise 32 lowercase hex digits of SipHash-128 over each value's type tag and
 * bytes. ATTACH recomputes it from {@code partition.dat} and refuses a part whose name disagrees. Stateless.
 */
public final class PartitionId
{
    /** The ID of the only partition of an unpartitioned stream. */
    public static final String ALL = "all";

    private static final int TAG_UINT64 = 1;
    private static final int TAG_INT64 = 2;
    private static final int TAG_FLOAT64 = 3;
    private static final int TAG_UINT128 = 4;
    private static final int TAG_STRING = 16;

    private PartitionId()
    {
    }

    /** The ID of the partition whose key is row {@code row} of {@code values} (one vector per key element). */
    public static String of(final List<DataType> types, final Vector[] values, final int row)
    {
        if (types.isEmpty())
        {
            return ALL;
        }
        boolean integral = true;
        for (final DataType type : types)
        {
            integral &= isIntegral(type);
        }
        if (integral)
        {
            final StringBuilder id = new StringBuilder();
            for (int k = 0; k < types.size(); k++)
            {
                if (k > 0)
                {
                    id.append('-');
                }
                final long value = ((LongVector)values[k]).get(row);
                final TypeId typeId = types.get(k).unwrapped().id();
                if (typeId == TypeId.DATE)
                {
                    final LocalDate date = LocalDate.ofEpochDay(value);
                    id.append(date.getYear() * 10000 + date.getMonthValue() * 100 + date.getDayOfMonth());
                }
                else if (isUnsigned(typeId))
                {
                    id.append(Long.toUnsignedString(value));
                }
                else
                {
                    id.append(value);
                }
            }
            return id.toString();
        }
        final ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (int k = 0; k < types.size(); k++)
        {
            hashField(fields, types.get(k).unwrapped(), values[k], row);
        }
        final byte[] bytes = fields.toByteArray();
        final long[] hash = new long[2];
        SipHash.hash(bytes, 0, bytes.length, hash);
        final StringBuilder hex = new StringBuilder(32);
        for (final long half : hash)
        {
            for (int i = 0; i < 8; i++)
            {
                final int b = (int)(half >>> (8 * i)) & 0xFF;
                hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
        return hex.toString();
    }

    private static boolean isIntegral(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return switch (id)
        {
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL, DATE, DATE32, DATETIME, ENUM8, ENUM16,
                IPV4 -> true;
            default -> false;
        };
    }

    private static boolean isUnsigned(final TypeId id)
    {
        return switch (id)
        {
            case UINT8, UINT16, UINT32, UINT64, BOOL, DATE, DATETIME, IPV4 -> true;
            default -> false;
        };
    }

    private static void hashField(final ByteArrayOutputStream out, final DataType type, final Vector vector,
        final int row)
    {
        if (vector.isNull(row))
        {
            out.write(0);
            return;
        }
        switch (Vector.kind(type))
        {
            case DOUBLE ->
            {
                out.write(TAG_FLOAT64);
                putLong(out, Double.doubleToRawLongBits(((DoubleVector)vector).get(row)));
            }
            case BYTES ->
            {
                final BytesVector bytes = (BytesVector)vector;
                if (type.id() == TypeId.UUID)
                {
                    out.write(TAG_UINT128);
                    out.write(bytes.data(), bytes.start(row), bytes.length(row));
                }
                else
                {
                    out.write(TAG_STRING);
                    putLong(out, bytes.length(row));
                    out.write(bytes.data(), bytes.start(row), bytes.length(row));
                }
            }
            default ->
            {
                out.write(isUnsigned(type.id()) ? TAG_UINT64 : TAG_INT64);
                putLong(out, ((LongVector)vector).get(row));
            }
        }
    }

    private static void putLong(final ByteArrayOutputStream out, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            out.write((int)(value >>> (8 * i)));
        }
    }
}
