package io.muon.sql.exec;

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

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Converts vectors between types as ClickHouse's CAST does: integers wrap to the target width, floats truncate toward
 * zero, strings are parsed (numbers, dates, times in the target's time zone, UUIDs, IPs, enums), everything prints
 * to String. In {@link Mode#CHECKED} mode (INSERT) a value that does not fit the target (out of range, not parsable,
 * NULL into a non-Nullable column is allowed and becomes the default) raises an error naming the row.
 */
public final class Conversions
{
    public enum Mode
    {
        /** CAST: wrap integers, NULL into a non-Nullable type is an error. */
        CAST,
        /** INSERT: every value must fit; NULL becomes the column's default value. */
        CHECKED,
        /**
         * The {@code -OrZero} / {@code -OrNull} conversions: text must be exactly a number (no spaces around it, no
         * minus sign for an unsigned type) or the value fails; integers wrap on overflow as ClickHouse's do; NULL
         * becomes the default value.
         */
        TRY
    }

    private Conversions()
    {
    }

    /** Thrown with the row index (0-based) of the value that failed, so that callers can name it. */
    public static final class ValueException extends MuonException
    {
        private final int row;

        ValueException(final int code, final String message, final int row)
        {
            super(code, message);
            this.row = row;
        }

        public int row()
        {
            return row;
        }
    }

    public static Vector convert(final Vector in, final int rows, final DataType target, final Mode mode)
    {
        if (in.type().equals(target))
        {
            return in;
        }
        final Vector out = Vector.create(target, rows);
        final DataType to = target.unwrapped();
        final DataType from = in.type().unwrapped();
        if (from.id() == TypeId.NOTHING && (to.id() == TypeId.ARRAY || to.id() == TypeId.MAP ||
            to.id() == TypeId.TUPLE))
        {
            // NULLs or the elements of an empty [] literal: default (empty) values of the composite type
            for (int r = 0; r < rows; r++)
            {
                out.appendNull();
            }
            return out;
        }
        if (to.id() == TypeId.ARRAY || to.id() == TypeId.MAP)
        {
            convertArray(in, rows, (ArrayVector)out, mode);
            return out;
        }
        if (to.id() == TypeId.TUPLE)
        {
            final TupleVector tuple = (TupleVector)out;
            final TupleVector source = (TupleVector)in;
            for (int i = 0; i < tuple.width(); i++)
            {
                final Vector field = convert(source.field(i), rows, to.element(i), mode);
                for (int r = 0; r < rows; r++)
                {
                    tuple.field(i).appendFrom(field, r);
                }
            }
            for (int r = 0; r < rows; r++)
            {
                tuple.endRow();
            }
            return out;
        }
        final StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            if (in.isNull(r) || from.id() == TypeId.NOTHING)
            {
                if (target.holdsNull())
                {
                    out.appendNull();
                    continue;
                }
                if (mode == Mode.CAST)
                {
                    throw new ValueException(ErrorCodes.CANNOT_CONVERT_TYPE, "Cannot convert NULL value to " +
                        "non-Nullable type " + target.clickHouseName(), r);
                }
                out.appendNull();
                continue;
            }
            convertOne(in, from, r, out, to, mode, text);
        }
        return out;
    }

    private static void convertArray(final Vector in, final int rows, final ArrayVector out, final Mode mode)
    {
        final DataType to = out.type().unwrapped();
        if (!(in instanceof ArrayVector source))
        {
            throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Cannot convert " + in.type().clickHouseName() + " to " +
                to.clickHouseName());
        }
        final Vector elements = convert(source.elements(), source.elements().size(), out.elements().type(), mode);
        for (int r = 0; r < rows; r++)
        {
            for (int i = source.start(r); i < source.start(r + 1); i++)
            {
                out.elements().appendFrom(elements, i);
            }
            out.endRow();
        }
    }

    private static void convertOne(final Vector in, final DataType from, final int r, final Vector out,
        final DataType to, final Mode mode, final StringBuilder text)
    {
        if (to.id() == TypeId.STRING || to.id() == TypeId.FIXED_STRING)
        {
            text.setLength(0);
            ValueFormatter.append(in, r, text, false);
            final byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (to.id() == TypeId.FIXED_STRING)
            {
                if (bytes.length > to.precision())
                {
                    throw new ValueException(ErrorCodes.TOO_LARGE_STRING_SIZE, "String of " + bytes.length +
                        " bytes is too long for " + to.clickHouseName(), r);
                }
                ((BytesVector)out).append(java.util.Arrays.copyOf(bytes, to.precision()));
            }
            else
            {
                ((BytesVector)out).append(bytes);
            }
            return;
        }
        if (from.id() == TypeId.STRING || from.id() == TypeId.FIXED_STRING)
        {
            String s = ((BytesVector)in).getString(r);
            if (from.id() == TypeId.FIXED_STRING)
            {
                int end = s.length();
                while (end > 0 && s.charAt(end - 1) == 0)
                {
                    end--;
                }
                s = s.substring(0, end);
            }
            fromText(s, r, out, to, mode);
            return;
        }
        if (out instanceof DoubleVector doubles)
        {
            doubles.append(toDouble(in, from, r));
            return;
        }
        if (out instanceof LongVector longs)
        {
            longs.append(toLong(in, from, r, to, mode));
            return;
        }
        // wide targets from numbers
        final BigInteger value = in instanceof LongVector l ? (from.id() == TypeId.UINT64 ?
            new BigInteger(Long.toUnsignedString(l.get(r))) : BigInteger.valueOf(l.get(r))) :
            in instanceof DoubleVector d ? BigDecimal.valueOf(d.get(r)).toBigInteger() :
            ValueFormatter.Wide.toBigInteger((BytesVector)in, r, true);
        wide(value, r, (BytesVector)out, to, mode);
    }

    private static void wide(final BigInteger value, final int r, final BytesVector out, final DataType to, final Mode mode)
    {
        if (to.id() == TypeId.UUID || to.id() == TypeId.IPV6)
        {
            throw new ValueException(ErrorCodes.CANNOT_CONVERT_TYPE, "Cannot convert a number to " +
                to.clickHouseName(), r);
        }
        BigInteger v = value;
        if (to.id() == TypeId.DECIMAL)
        {
            v = value.multiply(BigInteger.TEN.pow(to.scale()));
        }
        out.append(ValueFormatter.Wide.toBytes(v, to.fixedWidth()));
    }

    static double toDouble(final Vector in, final DataType from, final int r)
    {
        if (in instanceof DoubleVector d)
        {
            return d.get(r);
        }
        if (in instanceof LongVector l)
        {
            final long v = l.get(r);
            if (from.id() == TypeId.UINT64)
            {
                return v >= 0 ? v : (double)(v >>> 1) * 2.0 + (v & 1);
            }
            if (from.id() == TypeId.DECIMAL)
            {
                return v / Math.pow(10, from.scale());
            }
            return v;
        }
        final BigInteger wide = ValueFormatter.Wide.toBigInteger((BytesVector)in, r, from.id() != TypeId.UINT128 &&
            from.id() != TypeId.UINT256);
        return from.id() == TypeId.DECIMAL ? new BigDecimal(wide, from.scale()).doubleValue() : wide.doubleValue();
    }

    private static long toLong(final Vector in, final DataType from, final int r, final DataType to, final Mode mode)
    {
        final TypeId t = to.id();
        if (in instanceof DoubleVector d)
        {
            final double v = d.get(r);
            if (t == TypeId.DECIMAL)
            {
                return checkedDecimal(BigDecimal.valueOf(v), to, r);
            }
            if (t == TypeId.DATETIME64)
            {
                return (long)(v * ValueFormatter.pow10(to.precision()));
            }
            if (t == TypeId.BOOL)
            {
                return v != 0 ? 1 : 0;
            }
            if (mode == Mode.CHECKED && (Double.isNaN(v) || Double.isInfinite(v) || v < min(to) - 1.0 ||
                v > maxAsDouble(to) + 1.0))
            {
                throw outOfRange(Double.toString(v), to, r);
            }
            final long truncated = t == TypeId.UINT64 && v >= 0x1p63 ? (long)(v - 0x1p63) ^ Long.MIN_VALUE : (long)v;
            return wrap(truncated, to);
        }
        if (in instanceof LongVector l)
        {
            long v = l.get(r);
            final TypeId f = from.id();
            // time conversions
            if (f == TypeId.DATE || f == TypeId.DATE32)
            {
                if (t == TypeId.DATETIME)
                {
                    return LocalDate.ofEpochDay(v).atStartOfDay(ValueFormatter.zone(to)).toEpochSecond();
                }
                if (t == TypeId.DATETIME64)
                {
                    return LocalDate.ofEpochDay(v).atStartOfDay(ValueFormatter.zone(to)).toEpochSecond() *
                        ValueFormatter.pow10(to.precision());
                }
            }
            if (f == TypeId.DATETIME || f == TypeId.DATETIME64)
            {
                final long scale = f == TypeId.DATETIME64 ? ValueFormatter.pow10(from.precision()) : 1;
                if (t == TypeId.DATE || t == TypeId.DATE32)
                {
                    final long seconds = Math.floorDiv(v, scale);
                    return java.time.Instant.ofEpochSecond(seconds).atZone(ValueFormatter.zone(from)).toLocalDate()
                        .toEpochDay();
                }
                if (t == TypeId.DATETIME)
                {
                    return Math.floorDiv(v, scale);
                }
                if (t == TypeId.DATETIME64)
                {
                    final long target = ValueFormatter.pow10(to.precision());
                    return target >= scale ? v * (target / scale) : Math.floorDiv(v, scale / target);
                }
                v = Math.floorDiv(v, scale);
            }
            if (f == TypeId.DECIMAL)
            {
                if (t == TypeId.DECIMAL)
                {
                    return checkedDecimal(BigDecimal.valueOf(v, from.scale()), to, r);
                }
                v = BigDecimal.valueOf(v, from.scale()).setScale(0, RoundingMode.DOWN).longValue();
            }
            if (t == TypeId.DECIMAL)
            {
                return checkedDecimal(f == TypeId.UINT64 ? new BigDecimal(Long.toUnsignedString(v)) :
                    BigDecimal.valueOf(v), to, r);
            }
            if (t == TypeId.DATETIME64)
            {
                return v * ValueFormatter.pow10(to.precision());
            }
            if (t == TypeId.BOOL)
            {
                return v != 0 ? 1 : 0;
            }
            if (mode == Mode.CHECKED && !fits(v, f == TypeId.UINT64, to))
            {
                throw outOfRange(f == TypeId.UINT64 ? Long.toUnsignedString(v) : Long.toString(v), to, r);
            }
            return wrap(v, to);
        }
        final BigInteger wide = ValueFormatter.Wide.toBigInteger((BytesVector)in, r, true);
        if (mode == Mode.CHECKED && wide.bitLength() > 63)
        {
            throw outOfRange(wide.toString(), to, r);
        }
        return wrap(wide.longValue(), to);
    }

    private static long checkedDecimal(final BigDecimal value, final DataType to, final int r)
    {
        return scaledDecimal(value, to, r).unscaledValue().longValue();
    }

    /** {@code value} cut (not rounded) to the scale of {@code to}; too many integer digits are an overflow. */
    private static BigDecimal scaledDecimal(final BigDecimal value, final DataType to, final int r)
    {
        final BigDecimal scaled = value.setScale(to.scale(), RoundingMode.DOWN);
        if (scaled.precision() - scaled.scale() > to.precision() - to.scale() && scaled.signum() != 0)
        {
            throw new ValueException(ErrorCodes.DECIMAL_OVERFLOW, "Decimal value " + value.toPlainString() +
                " is too large for " + to.clickHouseName(), r);
        }
        return scaled;
    }

    private static ValueException outOfRange(final String value, final DataType to, final int r)
    {
        return new ValueException(ErrorCodes.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, "Value " + value +
            " cannot be represented as " + to.clickHouseName(), r);
    }

    private static double min(final DataType to)
    {
        return switch (to.id())
        {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    private static double maxAsDouble(final DataType to)
    {
        return switch (to.id())
        {
            case INT8 -> Byte.MAX_VALUE;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            case UINT8, ENUM8 -> 255;
            case UINT16, DATE, ENUM16 -> 65535;
            case UINT32, DATETIME, IPV4 -> 4294967295.0;
            case UINT64 -> 18446744073709551615.0;
            default -> Long.MAX_VALUE;
        };
    }

    /** Whether {@code v} (unsigned when {@code unsigned}) is in the range of {@code to}. */
    static boolean fits(final long v, final boolean unsigned, final DataType to)
    {
        if (unsigned && v < 0)
        {
            return to.id() == TypeId.UINT64;
        }
        return switch (to.id())
        {
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case UINT8 -> v >= 0 && v <= 255;
            case UINT16, DATE -> v >= 0 && v <= 65535;
            case UINT32, DATETIME, IPV4 -> v >= 0 && v <= 4294967295L;
            case UINT64 -> v >= 0;
            case ENUM8, ENUM16 -> to.enumValues().containsValue((int)v);
            default -> true;
        };
    }

    /** Two's complement truncation to the width of {@code to}, as ClickHouse's CAST between integers. */
    public static long wrap(final long v, final DataType to)
    {
        return switch (to.id())
        {
            case INT8 -> (byte)v;
            case INT16 -> (short)v;
            case INT32 -> (int)v;
            case UINT8 -> v & 0xFF;
            case UINT16, DATE -> v & 0xFFFF;
            case UINT32, DATETIME, IPV4 -> v & 0xFFFFFFFFL;
            case BOOL -> v != 0 ? 1 : 0;
            default -> v;
        };
    }

    /** Parses ClickHouse's text of a scalar of type {@code to} (not Nullable) and appends it to {@code out}. */
    public static void fromText(final String s, final int r, final Vector out, final DataType to, final Mode mode)
    {
        try
        {
            switch (to.id())
            {
                case FLOAT32:
                case FLOAT64:
                {
                    final String t = numberText(s, mode);
                    if (mode == Mode.TRY && t.charAt(0) == '+')
                    {
                        throw new NumberFormatException("a sign '+' before a float: '" + t + "'");
                    }
                    ((DoubleVector)out).append(parseDouble(t));
                    return;
                }
                case BOOL:
                {
                    final String t = s.trim().toLowerCase(java.util.Locale.ROOT);
                    if (t.equals("true") || t.equals("1") || t.equals("yes") || t.equals("on") || t.equals("t") ||
                        t.equals("y"))
                    {
                        ((LongVector)out).append(1);
                        return;
                    }
                    if (t.equals("false") || t.equals("0") || t.equals("no") || t.equals("off") || t.equals("f") ||
                        t.equals("n"))
                    {
                        ((LongVector)out).append(0);
                        return;
                    }
                    throw new NumberFormatException();
                }
                case DATE:
                case DATE32:
                    ((LongVector)out).append(LocalDate.parse(s.trim().length() > 10 ? s.trim().substring(0, 10) :
                        s.trim()).toEpochDay());
                    return;
                case DATETIME:
                    ((LongVector)out).append(parseDateTime(s.trim(), 0, ValueFormatter.zone(to)));
                    return;
                case DATETIME64:
                    ((LongVector)out).append(parseDateTime(s.trim(), to.precision(), ValueFormatter.zone(to)));
                    return;
                case UUID:
                {
                    final java.util.UUID uuid = java.util.UUID.fromString(s.trim());
                    final byte[] bytes = new byte[16];
                    putLong(bytes, 0, uuid.getMostSignificantBits());
                    putLong(bytes, 8, uuid.getLeastSignificantBits());
                    ((BytesVector)out).append(bytes);
                    return;
                }
                case IPV4:
                {
                    final String[] parts = s.trim().split("\\.");
                    if (parts.length != 4)
                    {
                        throw new NumberFormatException();
                    }
                    long v = 0;
                    for (final String part : parts)
                    {
                        final int octet = Integer.parseInt(part);
                        if (octet < 0 || octet > 255)
                        {
                            throw new NumberFormatException();
                        }
                        v = (v << 8) | octet;
                    }
                    ((LongVector)out).append(v);
                    return;
                }
                case IPV6:
                    ((BytesVector)out).append(ipv6(s.trim()));
                    return;
                case ENUM8:
                case ENUM16:
                {
                    final Integer value = to.enumValues().get(s);
                    if (value == null)
                    {
                        throw new ValueException(ErrorCodes.BAD_ARGUMENTS, "Unknown element '" + s + "' for enum " +
                            to.clickHouseName(), r);
                    }
                    ((LongVector)out).append(value);
                    return;
                }
                case DECIMAL:
                {
                    final BigDecimal value = new BigDecimal(numberText(s, mode));
                    if (out instanceof LongVector longs)
                    {
                        longs.append(checkedDecimal(value, to, r));
                    }
                    else
                    {
                        ((BytesVector)out).append(ValueFormatter.Wide.toBytes(checkedWideDecimal(value, to, r),
                            to.fixedWidth()));
                    }
                    return;
                }
                case INT128:
                case INT256:
                case UINT128:
                case UINT256:
                {
                    final String t = numberText(s, mode);
                    final BigInteger value = new BigInteger(t);
                    if (mode == Mode.TRY && t.charAt(0) == '-' && !to.id().isSignedInteger())
                    {
                        throw new NumberFormatException("negative " + s);
                    }
                    ((BytesVector)out).append(ValueFormatter.Wide.toBytes(value, to.fixedWidth()));
                    return;
                }
                default:
                {
                    final String t = numberText(s, mode);
                    final boolean unsigned = to.id() == TypeId.UINT64;
                    final long v;
                    if (mode == Mode.TRY)
                    {
                        v = parseWrapping(t, to);
                    }
                    else if (unsigned)
                    {
                        v = Long.parseUnsignedLong(t.startsWith("+") ? t.substring(1) : t);
                    }
                    else
                    {
                        v = Long.parseLong(t);
                    }
                    if (!fits(v, unsigned, to))
                    {
                        if (mode == Mode.CHECKED)
                        {
                            throw outOfRange(t, to, r);
                        }
                    }
                    ((LongVector)out).append(wrap(v, to));
                }
            }
        }
        catch (final DateTimeParseException | java.net.UnknownHostException | IllegalArgumentException e)
        {
            final int code = switch (to.id())
            {
                case DATE, DATE32 -> ErrorCodes.CANNOT_PARSE_DATE;
                case DATETIME, DATETIME64 -> ErrorCodes.CANNOT_PARSE_DATETIME;
                case FLOAT32, FLOAT64, DECIMAL -> ErrorCodes.CANNOT_PARSE_NUMBER;
                default -> ErrorCodes.CANNOT_PARSE_TEXT;
            };
            throw new ValueException(code, "Cannot parse '" + s + "' as " + to.clickHouseName(), r);
        }
    }

    /** The text of a number: trimmed, except for {@link Mode#TRY}, where spaces around it make it no number. */
    private static String numberText(final String s, final Mode mode)
    {
        if (mode != Mode.TRY)
        {
            return s.trim();
        }
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1)))
        {
            throw new NumberFormatException("not a number: '" + s + "'");
        }
        return s;
    }

    /**
     * An integer of at most 64 bits, as ClickHouse's {@code -OrZero} reads it: digits with an optional sign, wrapped
     * to the width of {@code to} when too large; a minus sign before an unsigned type fails (even {@code -0}).
     */
    private static long parseWrapping(final String t, final DataType to)
    {
        final int digits = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (digits == t.length())
        {
            throw new NumberFormatException("not a number: '" + t + "'");
        }
        for (int i = digits; i < t.length(); i++)
        {
            if (t.charAt(i) < '0' || t.charAt(i) > '9')
            {
                throw new NumberFormatException("not a number: '" + t + "'");
            }
        }
        final long v = t.length() - digits <= 18 ? Long.parseLong(t) : new BigInteger(t).longValue();
        if (t.charAt(0) == '-' && !to.id().isSignedInteger())
        {
            throw new NumberFormatException("negative value for " + to.clickHouseName());
        }
        return wrap(v, to);
    }

    /** The unscaled value of a Decimal128/256, failing when the integer part has more digits than the type allows. */
    private static BigInteger checkedWideDecimal(final BigDecimal value, final DataType to, final int r)
    {
        return scaledDecimal(value, to, r).unscaledValue();
    }

    /**
     * The 16 bytes of an IPv6 address literal, or of an IPv4 one as {@code ::ffff:a.b.c.d}. Only literals: a host name
     * is a parse error, never a DNS lookup.
     */
    private static byte[] ipv6(final String s) throws java.net.UnknownHostException
    {
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.'))
            {
                throw new IllegalArgumentException("not an IP address literal");
            }
        }
        if (s.indexOf(':') < 0 && (s.chars().filter(c -> c == '.').count() != 3 || !s.chars().allMatch(c -> c == '.' ||
            c >= '0' && c <= '9')))
        {
            throw new IllegalArgumentException("not an IP address literal");
        }
        final byte[] address = java.net.InetAddress.getByName(s).getAddress();
        if (address.length == 16)
        {
            return address;
        }
        // an IPv4 literal, or an IPv4-mapped one that Java gives back as IPv4
        final byte[] v6 = new byte[16];
        v6[10] = (byte)0xFF;
        v6[11] = (byte)0xFF;
        System.arraycopy(address, 0, v6, 12, 4);
        return v6;
    }

    private static void putLong(final byte[] b, final int at, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[at + i] = (byte)(v >>> (8 * i));
        }
    }

    static double parseDouble(final String t)
    {
        switch (t.toLowerCase(java.util.Locale.ROOT))
        {
            case "inf":
            case "+inf":
            case "infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
            case "-nan":
            case "+nan":
                return Double.NaN;
            default:
                if (t.isEmpty() || Character.isLetter(t.charAt(t.length() - 1)))
                {
                    throw new NumberFormatException(t);
                }
                return Double.parseDouble(t);
        }
    }

    /** {@code YYYY-MM-DD[ T]hh:mm:ss[.fff]}, a date alone, or a number of seconds, as ticks in {@code zone}. */
    static long parseDateTime(final String t, final int precision, final ZoneId zone)
    {
        final long scale = ValueFormatter.pow10(precision);
        if (!t.isEmpty() && t.chars().allMatch(c -> Character.isDigit(c) || c == '.') && t.length() != 10)
        {
            final BigDecimal seconds = new BigDecimal(t);
            return seconds.multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.DOWN).longValue();
        }
        if (t.length() == 10)
        {
            return LocalDate.parse(t).atStartOfDay(zone).toEpochSecond() * scale;
        }
        String text = t.replace('T', ' ');
        String fraction = "";
        final int dot = text.indexOf('.', 19 > text.length() ? text.length() : 19);
        if (dot >= 0)
        {
            fraction = text.substring(dot + 1);
            text = text.substring(0, dot);
        }
        if (text.endsWith("Z"))
        {
            text = text.substring(0, text.length() - 1);
        }
        if (fraction.endsWith("Z"))
        {
            fraction = fraction.substring(0, fraction.length() - 1);
        }
        final ZoneId effective = t.endsWith("Z") ? java.time.ZoneOffset.UTC : zone;
        final LocalDateTime time = LocalDateTime.parse(text.replace(' ', 'T'));
        final long seconds = time.atZone(effective).toEpochSecond();
        long ticks = 0;
        for (int i = 0; i < precision; i++)
        {
            ticks = ticks * 10 + (i < fraction.length() ? Character.digit(fraction.charAt(i), 10) : 0);
        }
        return seconds * scale + ticks;
    }
}
