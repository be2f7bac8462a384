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
import io.muon.sql.exec.Conversions;

import java.nio.charset.StandardCharsets;

/**
 * Turns text into typed values for the input formats. {@link #field} parses one already unquoted and unescaped field
 * (a TabSeparated or CSV cell, a JSON string's content) of any type: integers, floats, strings, dates and times of
 * the common shapes straight from the bytes, rarer types through the engine's text conversion, arrays, tuples and maps
 * through {@link #quoted}. {@link #quoted} parses one value in ClickHouse's quoted syntax (Values rows, elements of
 * composites, JSON values): numbers, {@code 'strings'} or {@code "strings"} with backslash escapes, NULL, {@code
 * [..]}, {@code (..)}, {@code {k:v}}. Values that do not fit their type fail; nothing is silently wrapped. One per
 * input format, one thread.
 */
public final class TextValueParser
{
    private byte[] scratch = new byte[256];
    private int scratchLength;
    private final BytesVector oneString = (BytesVector)Vector.create(DataType.STRING, 1);

    /** Parses a whole field as a value of the vector's type and appends it. */
    public void field(final byte[] data, final int start, final int length, final Vector out)
    {
        final DataType type = out.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            case TUPLE:
            {
                final ByteSource in = new ByteSource(data, start, length);
                skipSpaces(in);
                quoted(in, out);
                skipSpaces(in);
                if (in.hasRemaining())
                {
                    throw new MuonException(ErrorCodes.CANNOT_READ_ARRAY_FROM_TEXT, "Cannot parse " +
                        type.clickHouseName() + " from '" + text(data, start, length) + "': unexpected text after " +
                        "the value");
                }
                return;
            }
            default:
                scalar(data, start, length, out, type);
        }
    }

    private static String text(final byte[] data, final int start, final int length)
    {
        return new String(data, start, Math.min(length, 100), StandardCharsets.UTF_8);
    }

    /** Parses a scalar (not composite) of {@code type} from its text. */
    private void scalar(final byte[] b, final int start, final int length, final Vector out, final DataType type)
    {
        switch (type.id())
        {
            case STRING:
                ((BytesVector)out).append(b, start, length);
                return;
            case FIXED_STRING:
            {
                if (length > type.precision())
                {
                    throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "Too large value for " +
                        type.clickHouseName() + ": '" + text(b, start, length) + "'");
                }
                final BytesVector bytes = (BytesVector)out;
                bytes.append(b, start, length);
                if (length < type.precision())
                {
                    // pad with zero bytes in place
                    final int end = bytes.start(bytes.size() - 1) + length;
                    bytes.reserveBytes(end + type.precision() - length);
                    java.util.Arrays.fill(bytes.data(), end, end + type.precision() - length, (byte)0);
                    bytes.offsets()[bytes.size()] = end + type.precision() - length;
                }
                return;
            }
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case UINT8:
            case UINT16:
            case UINT32:
            case UINT64:
            {
                final long v = integer(b, start, length, type);
                ((LongVector)out).append(v);
                return;
            }
            case FLOAT32:
            case FLOAT64:
            {
                final double v = decimalFloat(b, start, length);
                if (!Double.isNaN(v) || isNanText(b, start, length))
                {
                    ((DoubleVector)out).append(type.id() == TypeId.FLOAT32 ? (float)v : v);
                    return;
                }
                break;
            }
            case DATE:
                if (length == 10 && isZeroDate(b, start))
                {
                    ((LongVector)out).append(0);
                    return;
                }
                if (length == 10 && b[start + 4] == '-' && b[start + 7] == '-')
                {
                    final long day = epochDay(b, start);
                    if (day >= 0 && day <= 65535)
                    {
                        ((LongVector)out).append(day);
                        return;
                    }
                }
                break;
            case DATETIME:
                if (length == 19 && isZeroDate(b, start) && new String(b, start + 10, 9, StandardCharsets.US_ASCII)
                    .equals(" 00:00:00"))
                {
                    ((LongVector)out).append(0);
                    return;
                }
                if (length == 19 && type.timeZone() == null || length == 19 && "UTC".equals(type.timeZone()))
                {
                    final long seconds = dateTimeSeconds(b, start);
                    if (seconds >= 0 && seconds <= 0xFFFFFFFFL)
                    {
                        ((LongVector)out).append(seconds);
                        return;
                    }
                }
                break;
            case BOOL:
                if (length == 1 && (b[start] == '0' || b[start] == '1'))
                {
                    ((LongVector)out).append(b[start] - '0');
                    return;
                }
                break;
            default:
                break;
        }
        oneString.reset();
        oneString.append(b, start, length);
        try
        {
            Conversions.fromText(oneString.getString(0), 0, out, type, Conversions.Mode.CHECKED);
        }
        catch (final Conversions.ValueException e)
        {
            throw new MuonException(e.code(), e.getMessage());
        }
    }

    /** ClickHouse's zero date, {@code 0000-00-00}: the epoch. */
    private static boolean isZeroDate(final byte[] b, final int start)
    {
        for (int i = 0; i < 10; i++)
        {
            if (b[start + i] != (i == 4 || i == 7 ? '-' : '0'))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isNanText(final byte[] b, final int start, final int length)
    {
        final String t = new String(b, start, length, StandardCharsets.US_ASCII).trim().toLowerCase(java.util.Locale.ROOT);
        return t.equals("nan") || t.equals("+nan") || t.equals("-nan");
    }

    /** An integer of {@code type}'s range; Code 72 for anything else. */
    static long integer(final byte[] b, final int start, final int length, final DataType type)
    {
        int i = start;
        final int end = start + length;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+'))
        {
            negative = b[i] == '-';
            i++;
        }
        if (i == end)
        {
            throw cannotParse(b, start, length, type);
        }
        final boolean unsigned64 = type.id() == TypeId.UINT64;
        long v = 0;
        for (; i < end; i++)
        {
            final int d = b[i] - '0';
            if (d < 0 || d > 9)
            {
                throw cannotParse(b, start, length, type);
            }
            if (unsigned64)
            {
                if (Long.compareUnsigned(v, 0x1999999999999999L) > 0 ||
                    Long.compareUnsigned(v * 10 + d, v * 10) < 0)
                {
                    throw outOfRange(b, start, length, type);
                }
            }
            else if (v > (Long.MAX_VALUE - d) / 10)
            {
                if (!(negative && v == 922337203685477580L && d == 8))
                {
                    throw outOfRange(b, start, length, type);
                }
            }
            v = v * 10 + d;
        }
        if (negative)
        {
            if (unsigned64 && v != 0)
            {
                throw outOfRange(b, start, length, type);
            }
            v = -v;
        }
        final boolean fits = switch (type.id())
        {
            case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
            case UINT8 -> v >= 0 && v <= 0xFF;
            case UINT16 -> v >= 0 && v <= 0xFFFF;
            case UINT32 -> v >= 0 && v <= 0xFFFFFFFFL;
            default -> true;
        };
        if (!fits)
        {
            throw outOfRange(b, start, length, type);
        }
        return v;
    }

    private static MuonException cannotParse(final byte[] b, final int start, final int length, final DataType type)
    {
        return new MuonException(ErrorCodes.CANNOT_PARSE_TEXT, "Cannot parse '" + text(b, start, length) + "' as " +
            type.clickHouseName());
    }

    private static MuonException outOfRange(final byte[] b, final int start, final int length, final DataType type)
    {
        return new MuonException(ErrorCodes.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE, "Value '" + text(b, start, length) +
            "' is out of range of " + type.clickHouseName());
    }

    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A float from plain decimal text ({@code -12.345}): exact when the digits fit 2^53 and the scale is at most 22
     * (one correctly rounded division); other text (exponents, inf, nan, long mantissas) through the JDK. NaN when the
     * text is not a number.
     */
    static double decimalFloat(final byte[] b, final int start, final int length)
    {
        int i = start;
        final int end = start + length;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+'))
        {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = -1;
        boolean simple = i < end;
        for (; i < end; i++)
        {
            final byte c = b[i];
            if (c >= '0' && c <= '9')
            {
                mantissa = mantissa * 10 + (c - '0');
                if (scale >= 0)
                {
                    scale++;
                }
                if (mantissa != 0 && ++digits > 15)
                {
                    simple = false;
                    break;
                }
            }
            else if (c == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                simple = false;
                break;
            }
        }
        if (simple && scale <= 22)
        {
            final double v = scale <= 0 ? (double)mantissa : mantissa / POWERS[scale];
            return negative ? -v : v;
        }
        final String t = new String(b, start, length, StandardCharsets.US_ASCII).trim();
        switch (t.toLowerCase(java.util.Locale.ROOT))
        {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan", "+nan", "-nan":
                return Double.NaN;
            default:
                break;
        }
        try
        {
            if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F"))
            {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        }
        catch (final NumberFormatException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_NUMBER, "Cannot parse '" + text(b, start, length) +
                "' as a floating-point number");
        }
    }

    private static int digits(final byte[] b, final int at, final int count)
    {
        int v = 0;
        for (int i = at; i < at + count; i++)
        {
            final int d = b[i] - '0';
            if (d < 0 || d > 9)
            {
                return -1_000_000;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of {@code YYYY-MM-DD} at {@code at}, or -1 when it is not a valid date. */
    private static long epochDay(final byte[] b, final int at)
    {
        final int year = digits(b, at, 4);
        final int month = digits(b, at + 5, 2);
        final int day = digits(b, at + 8, 2);
        if (year < 1900 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth())
        {
            return -1;
        }
        return java.time.LocalDate.of(year, month, day).toEpochDay();
    }

    /** Seconds since the epoch (UTC) of {@code YYYY-MM-DD hh:mm:ss} at {@code at}, or -1. */
    private static long dateTimeSeconds(final byte[] b, final int at)
    {
        if (b[at + 4] != '-' || b[at + 7] != '-' || (b[at + 10] != ' ' && b[at + 10] != 'T') || b[at + 13] != ':' ||
            b[at + 16] != ':')
        {
            return -1;
        }
        final long day = epochDay(b, at);
        final int hour = digits(b, at + 11, 2);
        final int minute = digits(b, at + 14, 2);
        final int second = digits(b, at + 17, 2);
        if (day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        {
            return -1;
        }
        return day * 86400 + hour * 3600 + minute * 60 + second;
    }

    // ---- quoted syntax ----

    static void skipSpaces(final ByteSource in)
    {
        while (in.hasRemaining())
        {
            final int c = in.peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                return;
            }
            in.skip(1);
        }
    }

    private static void expect(final ByteSource in, final char c, final String where)
    {
        skipSpaces(in);
        if (in.peek() != c)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "Cannot parse input: expected '" +
                c + "' " + where + " before: '" + preview(in) + "'");
        }
        in.skip(1);
    }

    /** Up to 40 bytes of what follows, for error messages. */
    static String preview(final ByteSource in)
    {
        return new String(in.data(), in.position(), Math.min(40, in.remaining()), StandardCharsets.UTF_8)
            .replace("\n", "\\n").replace("\t", "\\t");
    }

    /** Parses one value in quoted syntax (or JSON) at the cursor and appends it to {@code out}. */
    public void quoted(final ByteSource in, final Vector out)
    {
        skipSpaces(in);
        final DataType type = out.type().unwrapped();
        if (matchesNull(in))
        {
            out.appendNull();
            return;
        }
        switch (type.id())
        {
            case ARRAY:
            {
                final ArrayVector array = (ArrayVector)out;
                expect(in, '[', "at the start of an array");
                skipSpaces(in);
                if (in.peek() == ']')
                {
                    in.skip(1);
                    array.endRow();
                    return;
                }
                do
                {
                    quoted(in, array.elements());
                }
                while (!closes(in, ']', ErrorCodes.CANNOT_READ_ARRAY_FROM_TEXT, "Cannot read array from text"));
                array.endRow();
                return;
            }
            case MAP:
            {
                final ArrayVector array = (ArrayVector)out;
                final TupleVector pairs = (TupleVector)array.elements();
                expect(in, '{', "at the start of a map");
                skipSpaces(in);
                if (in.peek() == '}')
                {
                    in.skip(1);
                    array.endRow();
                    return;
                }
                do
                {
                    keyOrValue(in, pairs.field(0));
                    expect(in, ':', "between a map key and value");
                    quoted(in, pairs.field(1));
                    pairs.endRow();
                }
                while (!closes(in, '}', ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "Cannot parse map"));
                array.endRow();
                return;
            }
            case TUPLE:
            {
                final TupleVector tuple = (TupleVector)out;
                skipSpaces(in);
                final boolean json = in.peek() == '[';
                expect(in, json ? '[' : '(', "at the start of a tuple");
                for (int i = 0; i < tuple.width(); i++)
                {
                    if (i > 0)
                    {
                        expect(in, ',', "between tuple elements");
                    }
                    quoted(in, tuple.field(i));
                }
                expect(in, json ? ']' : ')', "at the end of a tuple");
                tuple.endRow();
                return;
            }
            default:
                keyOrValue(in, out);
        }
    }

    /** After an element of a composite: true at its closing bracket, false after a comma; anything else fails. */
    private static boolean closes(final ByteSource in, final char close, final int code, final String what)
    {
        skipSpaces(in);
        final int c = in.hasRemaining() ? in.read() : -1;
        if (c == close)
        {
            return true;
        }
        if (c != ',')
        {
            throw new MuonException(code, what + ": expected ',' or '" + close + "' before: '" + preview(in) + "'");
        }
        return false;
    }

    private boolean matchesNull(final ByteSource in)
    {
        final int c = in.peek();
        if (c != 'N' && c != 'n')
        {
            return false;
        }
        if (in.remaining() >= 4)
        {
            final byte[] b = in.data();
            final int p = in.position();
            if ((b[p + 1] | 0x20) == 'u' && (b[p + 2] | 0x20) == 'l' && (b[p + 3] | 0x20) == 'l' &&
                (in.remaining() == 4 || !Character.isLetterOrDigit(b[p + 4])))
            {
                in.skip(4);
                return true;
            }
        }
        return false;
    }

    /** A scalar: a quoted string's content, or a bare token (number, true/false) up to a delimiter. */
    private void keyOrValue(final ByteSource in, final Vector out)
    {
        skipSpaces(in);
        if (matchesNull(in))
        {
            out.appendNull();
            return;
        }
        final int c = in.peek();
        if (c == '\'' || c == '"')
        {
            readQuotedString(in);
            scalar(scratch, 0, scratchLength, out, out.type().unwrapped());
            return;
        }
        final int start = in.position();
        while (in.hasRemaining())
        {
            final int b = in.peek();
            if (b == ',' || b == ']' || b == ')' || b == '}' || b == ':' || b == ' ' || b == '\t' || b == '\n' ||
                b == '\r')
            {
                break;
            }
            in.skip(1);
        }
        if (in.position() == start)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_TEXT, "Cannot parse input: expected a value before: '" +
                preview(in) + "'");
        }
        scalar(in.data(), start, in.position() - start, out, out.type().unwrapped());
    }

    /** Reads a string in single or double quotes, unescaping into the scratch buffer. */
    void readQuotedString(final ByteSource in)
    {
        final int quote = in.read();
        scratchLength = 0;
        while (true)
        {
            if (!in.hasRemaining())
            {
                throw new MuonException(ErrorCodes.CANNOT_PARSE_QUOTED_STRING, "Cannot parse quoted string: " +
                    "expected closing quote");
            }
            final int c = in.read();
            if (c == quote)
            {
                if (in.peek() == quote)
                {
                    // a doubled quote is one quote character
                    in.skip(1);
                    put(c);
                    continue;
                }
                return;
            }
            if (c == '\\')
            {
                unescape(in);
                continue;
            }
            put(c);
        }
    }

    private void unescape(final ByteSource in)
    {
        final int e = in.read();
        switch (e)
        {
            case 'b' -> put('\b');
            case 'f' -> put('\f');
            case 'n' -> put('\n');
            case 'r' -> put('\r');
            case 't' -> put('\t');
            case '0' -> put(0);
            case 'a' -> put(7);
            case 'v' -> put(11);
            case 'x' ->
            {
                in.require(2);
                put(Integer.parseInt(new String(in.data(), in.position(), 2, StandardCharsets.US_ASCII), 16));
                in.skip(2);
            }
            case 'u' ->
            {
                in.require(4);
                int code;
                try
                {
                    code = Integer.parseInt(new String(in.data(), in.position(), 4, StandardCharsets.US_ASCII), 16);
                }
                catch (final NumberFormatException ex)
                {
                    throw new MuonException(ErrorCodes.CANNOT_PARSE_ESCAPE_SEQUENCE, "Cannot parse escape sequence " +
                        "\\u" + new String(in.data(), in.position(), 4, StandardCharsets.US_ASCII));
                }
                in.skip(4);
                if (Character.isHighSurrogate((char)code) && in.remaining() >= 6 && in.peek() == '\\')
                {
                    final int low = Integer.parseInt(new String(in.data(), in.position() + 2, 4,
                        StandardCharsets.US_ASCII), 16);
                    in.skip(6);
                    code = Character.toCodePoint((char)code, (char)low);
                }
                final byte[] utf8 = new String(Character.toChars(code)).getBytes(StandardCharsets.UTF_8);
                for (final byte b : utf8)
                {
                    put(b & 0xFF);
                }
            }
            default -> put(e);
        }
    }

    private void put(final int b)
    {
        if (scratchLength == scratch.length)
        {
            scratch = java.util.Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLength++] = (byte)b;
    }

    /** The scratch buffer holding the last string read by {@link #readQuotedString}. */
    byte[] scratch()
    {
        return scratch;
    }

    int scratchLength()
    {
        return scratchLength;
    }
}
