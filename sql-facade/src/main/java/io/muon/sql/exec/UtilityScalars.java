package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

/**
 * Vectorized bodies of ClickHouse's utility functions: {@code identity}, {@code materialize}, {@code ignore},
 * {@code blockSize}, {@code rowNumberInBlock}, {@code sleep}, {@code throwIf}, {@code toColumnTypeName},
 * {@code reinterpretAsString}, {@code visibleWidth}, {@code generateUUIDv4}, {@code arrayResize} and Proton's
 * {@code earliest_timestamp}. A "block" is the
 * batch the function is evaluated over. Stateless.
 */
final class UtilityScalars
{
    /** ClickHouse refuses to sleep longer than 3 seconds per call. */
    private static final double MAX_SLEEP_SECONDS = 3.0;

    private UtilityScalars()
    {
    }

    static void register()
    {
        Scalars.register((a, rows, result, nulls) -> copy(a[0], rows, result), "identity", "materialize");
        Scalars.register((a, rows, result, nulls) -> repeat(result, rows, 0), "ignore");
        Scalars.register((a, rows, result, nulls) -> repeat(result, rows, rows), "block_size");
        Scalars.register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(r);
            }
            return out;
        }, "row_number_in_block");
        Scalars.register((a, rows, result, nulls) ->
        {
            final double seconds = rows == 0 ? 0 : number(a[0], 0);
            if (!(seconds >= 0) || Double.isInfinite(seconds))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The argument of function sleep must be a finite " +
                    "non-negative number of seconds, got " + seconds);
            }
            if (seconds > MAX_SLEEP_SECONDS)
            {
                throw new MuonException(ErrorCodes.TOO_SLOW, "The maximum sleep time is 3000000 microseconds. " +
                    "Requested: " + (long)(seconds * 1e6));
            }
            try
            {
                Thread.sleep((long)(seconds * 1000), (int)(seconds * 1e9 % 1_000_000));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled during sleep");
            }
            return repeat(result, rows, 0);
        }, "sleep");
        Scalars.register((a, rows, result, nulls) ->
        {
            for (int r = 0; r < rows; r++)
            {
                if ((nulls == null || !nulls[r]) && nonZero(a[0], r))
                {
                    throw new Conversions.ValueException(ErrorCodes.FUNCTION_THROW_IF_VALUE_IS_NON_ZERO,
                        a.length > 1 ? ((BytesVector)a[1]).getString(r) :
                            "Value passed to 'throwIf' function is non-zero", r);
                }
            }
            return repeat(result, rows, 0);
        }, "throw_if");
        Scalars.register((a, rows, result, nulls) ->
        {
            final String name = (a[0].isConstant() ? "Const(" : "") + a[0].type().clickHouseName() +
                (a[0].isConstant() ? ")" : "");
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(name);
            }
            return out;
        }, "to_column_type_name");
        Scalars.register(UtilityScalars::reinterpretAsString, "reinterpret_as_string");
        Scalars.register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            final StringBuilder text = new StringBuilder();
            for (int r = 0; r < rows; r++)
            {
                text.setLength(0);
                ValueFormatter.append(a[0], r, text, false);
                out.append(a[0].isNull(r) ? 4 : text.codePointCount(0, text.length()));
            }
            return out;
        }, "visible_width");
        Scalars.register((a, rows, result, nulls) ->
        {
            final BytesVector out = (BytesVector)Vector.create(result, rows);
            final java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            final byte[] uuid = new byte[16];
            for (int r = 0; r < rows; r++)
            {
                // version 4, variant 1; ClickHouse keeps a UUID as two little-endian halves, high half first
                final long high = random.nextLong() & ~0xF000L | 0x4000L;
                final long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
                for (int i = 0; i < 8; i++)
                {
                    uuid[i] = (byte)(high >>> (8 * i));
                    uuid[8 + i] = (byte)(low >>> (8 * i));
                }
                out.append(uuid);
            }
            return out;
        }, "generate_uuidv4");
        Scalars.register(UtilityScalars::arrayResize, "array_resize");
        // Proton's earliest_timestamp(): the start of the epoch, the time before every event
        Scalars.register((a, rows, result, nulls) -> Constants.repeat(0L, result, rows), "earliest_timestamp");
    }

    private static Vector copy(final Vector source, final int rows, final DataType result)
    {
        final Vector out = Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            out.appendFrom(source, r);
        }
        return out;
    }

    private static Vector repeat(final DataType result, final int rows, final long value)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            out.append(value);
        }
        return out;
    }

    private static double number(final Vector v, final int row)
    {
        if (v instanceof DoubleVector doubles)
        {
            return doubles.get(row);
        }
        if (v instanceof LongVector longs)
        {
            final long value = longs.get(row);
            return longs.isUnsigned() && value < 0 ? (value >>> 1) * 2.0 : value;
        }
        return Conversions.toDouble(v, v.type().unwrapped(), row);
    }

    private static boolean nonZero(final Vector v, final int row)
    {
        return v instanceof LongVector longs ? longs.get(row) != 0 : number(v, row) != 0;
    }

    /** The value's bytes in memory (little-endian for numbers and dates) without trailing zero bytes. */
    private static Vector reinterpretAsString(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final Vector v = a[0];
        final int width = Math.max(1, v.type().unwrapped().fixedWidth());
        final byte[] bytes = new byte[Math.max(width, 8)];
        for (int r = 0; r < rows; r++)
        {
            if (v instanceof BytesVector strings)
            {
                int end = strings.start(r + 1);
                while (end > strings.start(r) && strings.data()[end - 1] == 0)
                {
                    end--;
                }
                out.append(strings.data(), strings.start(r), end - strings.start(r));
                continue;
            }
            final long bits = v instanceof DoubleVector doubles ? width == 4 ?
                Float.floatToRawIntBits((float)doubles.get(r)) & 0xFFFFFFFFL : Double.doubleToRawLongBits(doubles.get(r)) :
                ((LongVector)v).get(r);
            int length = 0;
            for (int i = 0; i < Math.min(width, 8); i++)
            {
                bytes[i] = (byte)(bits >>> (8 * i));
                if (bytes[i] != 0)
                {
                    length = i + 1;
                }
            }
            out.append(bytes, 0, length);
        }
        return out;
    }

    /**
     * {@code arrayResize(array, size[, extender])}: cut or pad each array to {@code size} elements, at the end, or
     * at the front when {@code size} is negative, padding with the extender or the element type's default.
     */
    private static Vector arrayResize(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final ArrayVector arrays = (ArrayVector)a[0];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final DataType elementType = result.unwrapped().element(0);
        final Vector pad = a.length > 2 ? Conversions.convert(a[2], rows, elementType, Conversions.Mode.CAST) :
            Constants.repeat(null, elementType, 1);
        final Vector elements = arrays.elements();
        final Vector target = out.elements();
        for (int r = 0; r < rows; r++)
        {
            final long wanted = ((LongVector)a[1]).get(r);
            final int length = arrays.length(r);
            final int size = (int)Math.min(Integer.MAX_VALUE, Math.abs(wanted));
            if (size > 1_000_000_000)
            {
                throw new Conversions.ValueException(ErrorCodes.TOO_LARGE_ARRAY_SIZE, "Array size " + wanted +
                    " is too large for arrayResize", r);
            }
            final int kept = Math.min(length, size);
            final int padRow = a.length > 2 ? r : 0;
            if (wanted >= 0)
            {
                for (int i = 0; i < kept; i++)
                {
                    target.appendFrom(elements, arrays.start(r) + i);
                }
                for (int i = kept; i < size; i++)
                {
                    appendPad(target, pad, padRow);
                }
            }
            else
            {
                for (int i = kept; i < size; i++)
                {
                    appendPad(target, pad, padRow);
                }
                for (int i = length - kept; i < length; i++)
                {
                    target.appendFrom(elements, arrays.start(r) + i);
                }
            }
            out.endRow();
        }
        return out;
    }

    private static void appendPad(final Vector target, final Vector pad, final int row)
    {
        if (pad.isNull(row) && !target.type().holdsNull())
        {
            target.appendNull();
            target.setNull(target.size() - 1, false);
            return;
        }
        target.appendFrom(pad, row);
    }
}
