package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.Vector;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Vectorized bodies of the text formatting functions: format (with {@code {}} / {@code {N}} placeholders),
 * format_readable_size / format_readable_quantity / format_readable_time_delta, bar (a Unicode bar chart cell
 * string), and the base58 coding used by {@link StringEditScalars}. Part of the string search family.
 */
final class StringFormatScalars
{
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String[] SIZE_UNITS = {" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB", " ZiB", " YiB"};
    private static final String[] QUANTITY_UNITS = {"", " thousand", " million", " billion", " trillion",
        " quadrillion"};
    private static final String[] TIME_UNITS = {"year", "month", "day", "hour", "minute", "second"};
    private static final double[] TIME_SECONDS = {365 * 86400.0, 30.5 * 86400, 86400, 3600, 60, 1};

    /** A full cell of bar(). */
    private static final byte[] FULL_CELL = "\u2588".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /**
     * The partial last cell of bar() by eighths of a cell, as ClickHouse 18.16 draws it: its table repeats the
     * five-eighths block for six eighths and so draws seven eighths with the six-eighths block.
     */
    private static final byte[][] PARTIAL_CELLS = cells("", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B",
        "\u258B", "\u258A");
    private static final int DEFAULT_BAR_WIDTH = 80;

    private StringFormatScalars()
    {
    }

    private static byte[][] cells(final String... glyphs)
    {
        final byte[][] bytes = new byte[glyphs.length][];
        for (int i = 0; i < glyphs.length; i++)
        {
            bytes[i] = glyphs[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return bytes;
    }

    static void register()
    {
        Scalars.register(StringFormatScalars::format, "format");
        Scalars.register((a, rows, result, nulls) -> readable(a, rows, result, SIZE_UNITS, 1024),
            "format_readable_size");
        Scalars.register((a, rows, result, nulls) -> readable(a, rows, result, QUANTITY_UNITS, 1000),
            "format_readable_quantity");
        Scalars.register(StringFormatScalars::timeDelta, "format_readable_time_delta");
        Scalars.register(StringFormatScalars::bar, "bar");
    }

    /**
     * {@code bar(x, min, max[, width])}: a bar of Unicode block cells, {@code width} cells long at {@code max} and
     * empty at {@code min}, as ClickHouse 18.16 draws it: x and the bounds are taken as Int64 (fractions cut), a
     * partial last cell in eighths rounds down, and a length of exactly n and one eighth cells draws n cells (18.16
     * sizes the text for that case without the partial cell).
     */
    private static Vector bar(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final long min = Scalars.getLong(a[1], 0);
        final long max = Scalars.getLong(a[2], 0);
        final double maxWidth = a.length > 3 ? Scalars.getDouble(a[3], 0) : DEFAULT_BAR_WIDTH;
        final byte[] text = new byte[((int)Math.ceil(maxWidth) + 1) * FULL_CELL.length];
        for (int r = 0; r < rows; r++)
        {
            final long x = Scalars.getLong(a[0], r);
            final double width = x <= min ? 0 : x >= max ? maxWidth : (double)(x - min) * maxWidth / (max - min);
            final int full = (int)Math.floor(width);
            int eighths = (int)Math.floor((width - full) * 8);
            if (eighths > 0 && full + 1 > Math.ceil(width - 1.0 / 8))
            {
                eighths = 0;
            }
            int length = 0;
            for (int i = 0; i < full; i++, length += FULL_CELL.length)
            {
                System.arraycopy(FULL_CELL, 0, text, length, FULL_CELL.length);
            }
            final byte[] partial = PARTIAL_CELLS[eighths];
            System.arraycopy(partial, 0, text, length, partial.length);
            out.append(text, 0, length + partial.length);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // format

    private static Vector format(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector pattern = (BytesVector)a[0];
        final BytesVector[] args = new BytesVector[a.length - 1];
        for (int i = 1; i < a.length; i++)
        {
            args[i - 1] = (BytesVector)Conversions.convert(a[i], rows, a[i].type().isNullable() ?
                DataType.nullable(DataType.STRING) : DataType.STRING, Conversions.Mode.CAST);
        }
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.Buffer buffer = new StringSearchScalars.Buffer();
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            if (nulls == null || !nulls[r])
            {
                formatRow(pattern.data(), pattern.start(r), pattern.start(r) + pattern.length(r), args, r, buffer);
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    private static void formatRow(final byte[] p, final int from, final int to, final BytesVector[] args,
        final int row, final StringSearchScalars.Buffer out)
    {
        int next = 0;
        boolean numbered = false;
        boolean sequential = false;
        int i = from;
        while (i < to)
        {
            final byte c = p[i];
            if (c == '{' && i + 1 < to && p[i + 1] == '{' || c == '}' && i + 1 < to && p[i + 1] == '}')
            {
                out.add(c);
                i += 2;
                continue;
            }
            if (c == '}')
            {
                throw badFormat("Unbalanced } in format string");
            }
            if (c != '{')
            {
                out.add(c);
                i++;
                continue;
            }
            int close = i + 1;
            while (close < to && p[close] != '}')
            {
                close++;
            }
            if (close >= to)
            {
                throw badFormat("Unclosed { in format string");
            }
            final int index;
            if (close == i + 1)
            {
                sequential = true;
                index = next++;
            }
            else
            {
                numbered = true;
                int n = 0;
                for (int k = i + 1; k < close; k++)
                {
                    if (p[k] < '0' || p[k] > '9')
                    {
                        throw badFormat("Not a number in curly braces at position " + (k - from));
                    }
                    n = n * 10 + (p[k] - '0');
                }
                index = n;
            }
            if (numbered && sequential)
            {
                throw badFormat("Cannot switch from automatic field numbering to manual field specification");
            }
            if (index >= args.length)
            {
                throw badFormat("Argument is too big for formatting. Note that indexing starts from zero");
            }
            out.add(args[index].data(), args[index].start(row), args[index].length(row));
            i = close + 1;
        }
    }

    private static MuonException badFormat(final String message)
    {
        return new MuonException(ErrorCodes.BAD_ARGUMENTS, message);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // format_readable_*

    /** {@code value} with two digits after the point, rounded half up on its exact binary value. */
    private static String fixed2(final double value)
    {
        if (!Double.isFinite(value))
        {
            return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static Vector readable(final Vector[] a, final int rows, final DataType result, final String[] units,
        final double divisor)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            double v = Scalars.getDouble(a[0], r);
            int unit = 0;
            while (unit + 1 < units.length && Math.abs(v) >= divisor)
            {
                v /= divisor;
                unit++;
            }
            out.append(fixed2(v) + units[unit]);
        }
        return out;
    }

    private static Vector timeDelta(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            text.setLength(0);
            int first = 0;
            if (a.length > 1 && (nulls == null || !nulls[r]))
            {
                final String unit = ((BytesVector)a[1]).getString(r);
                first = -1;
                for (int i = 0; i < TIME_UNITS.length; i++)
                {
                    if ((TIME_UNITS[i] + "s").equals(unit))
                    {
                        first = i;
                    }
                }
                if (first < 0)
                {
                    throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unexpected value of maximum unit argument (" +
                        unit + ") for function format_readable_time_delta, the only allowed values are: 'seconds', " +
                        "'minutes', 'hours', 'days', 'months', 'years'.");
                }
            }
            double value = Scalars.getDouble(a[0], r);
            if (value < 0)
            {
                text.append('-');
                value = -value;
            }
            boolean output = false;
            for (int i = first; i < TIME_UNITS.length; i++)
            {
                final double size = TIME_SECONDS[i];
                final double count = Math.floor(value / size);
                if (count == 0)
                {
                    continue;
                }
                if (output)
                {
                    text.append(value - count * size >= 1 ? ", " : " and ");
                }
                output = true;
                ValueFormatter.appendDouble(count, text);
                text.append(' ').append(TIME_UNITS[i]).append(count == 1 ? "" : "s");
                value -= count * size;
            }
            if (!output)
            {
                text.append("0 seconds");
            }
            out.append(text.toString());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // base58 (Bitcoin alphabet)

    static void base58Encode(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        int zeros = 0;
        while (from + zeros < to && data[from + zeros] == 0)
        {
            zeros++;
        }
        final int size = (to - from - zeros) * 138 / 100 + 1;
        final byte[] digits = new byte[size];
        int length = 0;
        for (int i = from + zeros; i < to; i++)
        {
            int carry = data[i] & 0xFF;
            int k = 0;
            for (int j = size - 1; (carry != 0 || k < length) && j >= 0; j--, k++)
            {
                carry += 256 * (digits[j] & 0xFF);
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }
            length = k;
        }
        for (int i = 0; i < zeros; i++)
        {
            out.add('1');
        }
        for (int j = size - length; j < size; j++)
        {
            out.add(BASE58.charAt(digits[j]));
        }
    }

    static void base58Decode(final byte[] data, final int from, final int to, final StringSearchScalars.Buffer out)
    {
        int ones = 0;
        while (from + ones < to && data[from + ones] == '1')
        {
            ones++;
        }
        final int size = (to - from - ones) * 733 / 1000 + 1;
        final byte[] bytes = new byte[size];
        int length = 0;
        for (int i = from + ones; i < to; i++)
        {
            int carry = data[i] < 0 ? -1 : BASE58.indexOf(data[i]);
            if (carry < 0)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Invalid Base58 value, cannot be decoded");
            }
            int k = 0;
            for (int j = size - 1; (carry != 0 || k < length) && j >= 0; j--, k++)
            {
                carry += 58 * (bytes[j] & 0xFF);
                bytes[j] = (byte)(carry & 0xFF);
                carry >>= 8;
            }
            length = k;
        }
        for (int i = 0; i < ones; i++)
        {
            out.add(0);
        }
        out.add(bytes, size - length, length);
    }
}
