package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Writes values as ClickHouse prints them in text formats (TabSeparated, CSV, Pretty, VALUES): floats in their
 * shortest form with exponents outside [1e-6, 1e21), dates and times in the column's time zone, decimals with their
 * scale, booleans as true/false, arrays/tuples/maps with quoted strings inside. The escaping of the surrounding format
 * is the caller's.
 */
public final class ValueFormatter
{
    private static final ZoneId UTC = ZoneOffset.UTC;

    private ValueFormatter()
    {
    }

    /** The text of row {@code row}; NULL is {@code null}. */
    public static String text(final Vector vector, final int row)
    {
        if (vector.isNull(row))
        {
            return null;
        }
        final StringBuilder out = new StringBuilder();
        append(vector, row, out, false);
        return out.toString();
    }

    /** Appends the value; {@code quoted}: strings inside composites, as {@code 'it\'s'}. */
    public static void append(final Vector vector, final int row, final StringBuilder out, final boolean quoted)
    {
        if (vector.isNull(row))
        {
            out.append(quoted ? "NULL" : "\\N");
            return;
        }
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            {
                final ArrayVector array = (ArrayVector)vector;
                out.append('[');
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (i > array.start(row))
                    {
                        out.append(',');
                    }
                    append(array.elements(), i, out, true);
                }
                out.append(']');
                return;
            }
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                final TupleVector pairs = (TupleVector)array.elements();
                out.append('{');
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (i > array.start(row))
                    {
                        out.append(',');
                    }
                    append(pairs.field(0), i, out, true);
                    out.append(':');
                    append(pairs.field(1), i, out, true);
                }
                out.append('}');
                return;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)vector;
                out.append('(');
                for (int i = 0; i < tuple.width(); i++)
                {
                    if (i > 0)
                    {
                        out.append(',');
                    }
                    append(tuple.field(i), row, out, true);
                }
                out.append(')');
                return;
            }
            default:
                break;
        }
        final boolean string = type.id() == TypeId.STRING || type.id() == TypeId.FIXED_STRING ||
            type.id() == TypeId.DATE || type.id() == TypeId.DATE32 || type.id() == TypeId.DATETIME ||
            type.id() == TypeId.DATETIME64 || type.id() == TypeId.UUID || type.id() == TypeId.IPV4 ||
            type.id() == TypeId.IPV6 || type.id() == TypeId.ENUM8 || type.id() == TypeId.ENUM16;
        if (quoted && string)
        {
            out.append('\'');
            final int start = out.length();
            scalar(vector, type, row, out);
            for (int i = start; i < out.length(); i++)
            {
                final char c = out.charAt(i);
                if (c == '\'' || c == '\\')
                {
                    out.insert(i, '\\');
                    i++;
                }
            }
            out.append('\'');
            return;
        }
        scalar(vector, type, row, out);
    }

    private static void scalar(final Vector vector, final DataType type, final int row, final StringBuilder out)
    {
        switch (type.id())
        {
            case NOTHING:
                out.append("\\N");
                return;
            case BOOL:
                out.append(((LongVector)vector).get(row) != 0 ? "true" : "false");
                return;
            case UINT64:
                out.append(Long.toUnsignedString(((LongVector)vector).get(row)));
                return;
            case FLOAT32:
                appendFloat((float)((DoubleVector)vector).get(row), out);
                return;
            case FLOAT64:
                appendDouble(((DoubleVector)vector).get(row), out);
                return;
            case STRING:
            case FIXED_STRING:
                out.append(((BytesVector)vector).getString(row));
                return;
            case DATE:
            case DATE32:
                out.append(LocalDate.ofEpochDay(((LongVector)vector).get(row)));
                return;
            case DATETIME:
                appendDateTime(((LongVector)vector).get(row), 0, zone(type), out);
                return;
            case DATETIME64:
                appendDateTime(((LongVector)vector).get(row), type.precision(), zone(type), out);
                return;
            case DECIMAL:
                if (vector instanceof LongVector longs)
                {
                    out.append(BigDecimal.valueOf(longs.get(row), type.scale()).toPlainString());
                }
                else
                {
                    out.append(new BigDecimal(Wide.toBigInteger(((BytesVector)vector), row, true), type.scale())
                        .toPlainString());
                }
                return;
            case INT128:
            case INT256:
            case UINT128:
            case UINT256:
                out.append(Wide.toBigInteger((BytesVector)vector, row, type.id() == TypeId.INT128 ||
                    type.id() == TypeId.INT256));
                return;
            case UUID:
                appendUuid((BytesVector)vector, row, out);
                return;
            case IPV4:
            {
                final long v = ((LongVector)vector).get(row);
                out.append((v >>> 24) & 0xFF).append('.').append((v >>> 16) & 0xFF).append('.').append((v >>> 8) & 0xFF)
                    .append('.').append(v & 0xFF);
                return;
            }
            case IPV6:
                appendIpv6((BytesVector)vector, row, out);
                return;
            case ENUM8:
            case ENUM16:
            {
                final long v = ((LongVector)vector).get(row);
                for (final Map.Entry<String, Integer> e : type.enumValues().entrySet())
                {
                    if (e.getValue() == v)
                    {
                        out.append(e.getKey());
                        return;
                    }
                }
                out.append(v);
                return;
            }
            default:
                out.append(((LongVector)vector).get(row));
        }
    }

    static ZoneId zone(final DataType type)
    {
        final String zone = type.timeZone();
        return zone == null ? UTC : ZoneId.of(zone);
    }

    /** {@code YYYY-MM-DD hh:mm:ss[.fff…]} of {@code ticks} (10^-precision seconds since the epoch). */
    public static void appendDateTime(final long ticks, final int precision, final ZoneId zone, final StringBuilder out)
    {
        final long scale = pow10(precision);
        final long seconds = Math.floorDiv(ticks, scale);
        final long fraction = Math.floorMod(ticks, scale);
        final LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds), zone);
        out.append(time.getYear()).append('-');
        two(time.getMonthValue(), out);
        out.append('-');
        two(time.getDayOfMonth(), out);
        out.append(' ');
        two(time.getHour(), out);
        out.append(':');
        two(time.getMinute(), out);
        out.append(':');
        two(time.getSecond(), out);
        if (precision > 0)
        {
            out.append('.');
            final String digits = Long.toString(fraction);
            for (int i = digits.length(); i < precision; i++)
            {
                out.append('0');
            }
            out.append(digits);
        }
    }

    private static void two(final int value, final StringBuilder out)
    {
        if (value < 10)
        {
            out.append('0');
        }
        out.append(value);
    }

    static long pow10(final int n)
    {
        long p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= 10;
        }
        return p;
    }

    /** ClickHouse's float text: shortest digits, plain between 1e-6 and 1e21, otherwise {@code 1.5e-7}, {@code 1e21}. */
    public static void appendDouble(final double v, final StringBuilder out)
    {
        if (Double.isNaN(v))
        {
            out.append("nan");
            return;
        }
        if (Double.isInfinite(v))
        {
            out.append(v > 0 ? "inf" : "-inf");
            return;
        }
        appendShortest(Double.toString(v), v, out);
    }

    public static void appendFloat(final float v, final StringBuilder out)
    {
        if (Float.isNaN(v))
        {
            out.append("nan");
            return;
        }
        if (Float.isInfinite(v))
        {
            out.append(v > 0 ? "inf" : "-inf");
            return;
        }
        appendShortest(Float.toString(v), v, out);
    }

    private static void appendShortest(final String javaText, final double v, final StringBuilder out)
    {
        if (v == 0)
        {
            out.append(1 / v < 0 ? "-0" : "0");
            return;
        }
        final BigDecimal exact = new BigDecimal(javaText).stripTrailingZeros();
        final int exponent = exact.precision() - exact.scale() - 1;
        if (exponent >= -6 && exponent < 21)
        {
            out.append(exact.toPlainString());
            return;
        }
        final String digits = exact.unscaledValue().abs().toString();
        if (exact.signum() < 0)
        {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1)
        {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent);
    }

    private static void appendUuid(final BytesVector vector, final int row, final StringBuilder out)
    {
        // ClickHouse keeps a UUID as two little-endian UInt64 halves, high half first
        final byte[] b = vector.data();
        final int s = vector.start(row);
        final long high = Wide.longAt(b, s);
        final long low = Wide.longAt(b, s + 8);
        out.append(new java.util.UUID(high, low));
    }

    private static void appendIpv6(final BytesVector vector, final int row, final StringBuilder out)
    {
        appendIpv6(vector.data(), vector.start(row), out);
    }

    /**
     * The 16 bytes at {@code at} as ClickHouse writes an IPv6 address: eight lowercase hexadecimal words without
     * leading zeros, the first longest run of two or more zero words as {@code ::}, and the last 32 bits as a dotted
     * IPv4 address when the run covers the first six words ({@code ::1.2.3.4}) or the first five followed by ffff
     * ({@code ::ffff:1.2.3.4}).
     */
    static void appendIpv6(final byte[] bytes, final int at, final StringBuilder out)
    {
        final int[] words = new int[8];
        for (int w = 0; w < 8; w++)
        {
            words[w] = (bytes[at + 2 * w] & 0xFF) << 8 | bytes[at + 2 * w + 1] & 0xFF;
        }
        int bestBase = -1;
        int bestLength = 0;
        for (int w = 0; w < 8; )
        {
            if (words[w] != 0)
            {
                w++;
                continue;
            }
            int end = w;
            while (end < 8 && words[end] == 0)
            {
                end++;
            }
            if (end - w > bestLength)
            {
                bestBase = w;
                bestLength = end - w;
            }
            w = end;
        }
        if (bestLength < 2)
        {
            bestBase = -1;
        }
        final boolean embeddedIpv4 = bestBase == 0 && (bestLength == 6 || bestLength == 5 && words[5] == 0xFFFF);
        final int hexWords = embeddedIpv4 ? 6 : 8;
        for (int w = 0; w < hexWords; w++)
        {
            if (w == bestBase)
            {
                out.append(w == 0 ? "::" : ":");
                w += bestLength - 1;
                continue;
            }
            out.append(Integer.toHexString(words[w]));
            if (w < 7)
            {
                out.append(':');
            }
        }
        if (embeddedIpv4)
        {
            out.append(bytes[at + 12] & 0xFF).append('.').append(bytes[at + 13] & 0xFF).append('.')
                .append(bytes[at + 14] & 0xFF).append('.').append(bytes[at + 15] & 0xFF);
        }
    }

    /** Wide integers (Int128/256, UInt128/256, wide decimals) held as little-endian bytes. */
    static final class Wide
    {
        private Wide()
        {
        }

        static BigInteger toBigInteger(final BytesVector vector, final int row, final boolean signed)
        {
            final byte[] le = vector.getBytes(row);
            final byte[] be = new byte[le.length + 1];
            for (int i = 0; i < le.length; i++)
            {
                be[be.length - 1 - i] = le[i];
            }
            final BigInteger unsigned = new BigInteger(be);
            if (signed && le.length > 0 && le[le.length - 1] < 0)
            {
                return unsigned.subtract(BigInteger.ONE.shiftLeft(le.length * 8));
            }
            return unsigned;
        }

        static byte[] toBytes(final BigInteger value, final int width)
        {
            final byte[] be = value.toByteArray();
            final byte[] le = new byte[width];
            final byte fill = value.signum() < 0 ? (byte)0xFF : 0;
            java.util.Arrays.fill(le, fill);
            for (int i = 0; i < Math.min(width, be.length); i++)
            {
                le[i] = be[be.length - 1 - i];
            }
            return le;
        }

        static long longAt(final byte[] b, final int i)
        {
            long v = 0;
            for (int k = 7; k >= 0; k--)
            {
                v = (v << 8) | (b[i + k] & 0xFF);
            }
            return v;
        }
    }
}
