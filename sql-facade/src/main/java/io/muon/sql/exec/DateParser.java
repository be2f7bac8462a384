package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

/**
 * Text to DateTime: {@code parse_datetime_best_effort} (ISO 8601, RFC 1123, {@code YYYYMMDD[hhmmss]}, Unix
 * timestamps, month names, {@code DD/MM/YYYY}, AM/PM and zone offsets, as ClickHouse's best-effort reader), its
 * {@code _or_null} and DateTime64 forms, Proton's {@code to_time}, and {@code parse_datetime} with MySQL specifiers.
 * Works on the bytes of each row; a failed row is one flag, not an exception, until the caller decides.
 */
final class DateParser
{
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
        "dec"};
    private static final String[] FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] FULL_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};
    private static final long NANOS = 1_000_000_000L;

    // fields of the value being parsed (one parser per batch)
    private int year;
    private int month;
    private int day;
    private int hour;
    private int minute;
    private int second;
    private long nanos;
    private boolean hasTime;
    private boolean hasOffset;
    private int offset;
    private int ampm;
    private long timestamp;
    private boolean isTimestamp;
    private long seconds;
    private final int[] parts = new int[3];

    static void register()
    {
        DateScalars.register((a, rows, result, nulls) -> bestEffort(a, rows, result, a.length > 1 &&
            a[a.length - 1] instanceof BytesVector ? a.length - 1 : a.length, false), "parse_datetime_best_effort",
            "parse_datetime64_best_effort");
        DateScalars.register((a, rows, result, nulls) -> bestEffort(a, rows, result, 1, true),
            "parse_datetime_best_effort_or_null");
        DateScalars.register((a, rows, result, nulls) -> a[0] instanceof BytesVector ? bestEffort(a, rows, result, 1,
            false) : Conversions.convert(a[0], rows, result, Conversions.Mode.CAST), "to_time");
        DateScalars.register(DateParser::withFormat, "parse_datetime");
    }

    private static Vector bestEffort(final Vector[] a, final int rows, final DataType result, final int zoneIndex,
        final boolean orNull)
    {
        if (!(a[0] instanceof BytesVector s))
        {
            return Constants.repeat(null, result, rows);
        }
        final DataType target = result.unwrapped();
        final long scale = DateZone.scale(target);
        final DateZone zone = DateZone.of(a, zoneIndex, target);
        final LongVector out = (LongVector)Vector.create(result, rows);
        final DateParser p = new DateParser();
        final long now = System.currentTimeMillis() / 1000;
        for (int r = 0; r < rows; r++)
        {
            if (s.isNull(r))
            {
                out.appendNull();
                continue;
            }
            if (!p.parse(s.data(), s.start(r), s.start(r) + s.length(r), zone, now))
            {
                if (orNull)
                {
                    out.appendNull();
                    continue;
                }
                throw new MuonException(ErrorCodes.CANNOT_PARSE_DATETIME, "Cannot read DateTime: '" + s.getString(r) +
                    "' is not a date and time parse_datetime_best_effort understands");
            }
            long v = p.seconds * scale + p.nanos / (NANOS / scale);
            if (target.id() == TypeId.DATETIME)
            {
                v = Math.max(0, Math.min(0xFFFFFFFFL, v));
            }
            out.append(v);
        }
        return out;
    }

    private boolean parse(final byte[] b, final int start, final int end, final DateZone zone, final long now)
    {
        year = month = day = -1;
        hour = minute = second = 0;
        nanos = 0;
        hasTime = hasOffset = isTimestamp = false;
        ampm = 0;
        int i = start;
        boolean first = true;
        while (i < end)
        {
            final int c = b[i] & 0xFF;
            if (c == ' ' || c == '\t' || c == ',' || c == '\n' || c == '\r')
            {
                i++;
                continue;
            }
            if (isDigit(c))
            {
                int j = i;
                while (j < end && isDigit(b[j]))
                {
                    j++;
                }
                final int n = j - i;
                final char next = j < end ? (char)b[j] : 0;
                if (first && (n == 10 || n >= 12 && n != 14) && onlySpaceFrom(b, j, end) || first && n == 10 &&
                    next == '.')
                {
                    timestamp = number(b, i, n);
                    isTimestamp = true;
                    if (n > 10)
                    {
                        final long perSecond = pow10(n - 10);
                        nanos = Math.floorMod(timestamp, perSecond) * (NANOS / perSecond);
                        timestamp = Math.floorDiv(timestamp, perSecond);
                    }
                    i = next == '.' ? fraction(b, j + 1, end) : j;
                    first = false;
                    continue;
                }
                first = false;
                if (next == ':' && n <= 2 && !hasTime)
                {
                    i = time(b, i, end);
                    if (i < 0)
                    {
                        return false;
                    }
                    continue;
                }
                if (n == 8 && year < 0 || n == 14 && year < 0)
                {
                    year = (int)number(b, i, 4);
                    month = (int)number(b, i + 4, 2);
                    day = (int)number(b, i + 6, 2);
                    if (n == 14)
                    {
                        hour = (int)number(b, i + 8, 2);
                        minute = (int)number(b, i + 10, 2);
                        second = (int)number(b, i + 12, 2);
                        hasTime = true;
                    }
                    i = j;
                    continue;
                }
                if (n == 6 && hasTime == false && year >= 0)
                {
                    hour = (int)number(b, i, 2);
                    minute = (int)number(b, i + 2, 2);
                    second = (int)number(b, i + 4, 2);
                    hasTime = true;
                    i = j;
                    continue;
                }
                if (n == 4 && year < 0 && (next == '-' || next == '/' || next == '.'))
                {
                    year = (int)number(b, i, 4);
                    i = j + 1;
                    int k = i;
                    while (k < end && isDigit(b[k]))
                    {
                        k++;
                    }
                    if (k - i < 1 || k - i > 2)
                    {
                        k = word(b, i, end);
                        if (k < 0)
                        {
                            return false;
                        }
                    }
                    else
                    {
                        month = (int)number(b, i, k - i);
                    }
                    i = k;
                    if (i < end && (b[i] == next))
                    {
                        k = ++i;
                        while (k < end && isDigit(b[k]))
                        {
                            k++;
                        }
                        if (k - i < 1 || k - i > 2)
                        {
                            return false;
                        }
                        day = (int)number(b, i, k - i);
                        i = k;
                    }
                    else
                    {
                        day = 1;
                    }
                    continue;
                }
                if (n <= 2 && (next == '-' || next == '/' || next == '.') && day < 0)
                {
                    // DD/MM/YYYY, DD-MM-YY, DD.Mon.YYYY
                    day = (int)number(b, i, n);
                    i = j + 1;
                    int k = i;
                    while (k < end && isDigit(b[k]))
                    {
                        k++;
                    }
                    if (k > i && k - i <= 2)
                    {
                        month = (int)number(b, i, k - i);
                    }
                    else
                    {
                        k = word(b, i, end);
                        if (k < 0 || month < 0)
                        {
                            return false;
                        }
                    }
                    i = k;
                    if (i < end && b[i] == next)
                    {
                        k = ++i;
                        while (k < end && isDigit(b[k]))
                        {
                            k++;
                        }
                        if (k - i != 2 && k - i != 4)
                        {
                            return false;
                        }
                        year = (int)number(b, i, k - i);
                        if (k - i == 2)
                        {
                            year += year >= 70 ? 1900 : 2000;
                        }
                        i = k;
                    }
                    continue;
                }
                if (n == 4 && year < 0)
                {
                    year = (int)number(b, i, 4);
                }
                else if (n <= 2 && day < 0)
                {
                    day = (int)number(b, i, n);
                }
                else
                {
                    return false;
                }
                i = j;
                continue;
            }
            first = false;
            if (isLetter(c))
            {
                i = word(b, i, end);
                if (i < 0)
                {
                    return false;
                }
                continue;
            }
            if ((c == '+' || c == '-') && (hasTime || isTimestamp) && !hasOffset)
            {
                i = offset(b, i + 1, end, c == '-');
                if (i < 0)
                {
                    return false;
                }
                continue;
            }
            return false;
        }
        return finish(zone, now);
    }

    private boolean finish(final DateZone zone, final long now)
    {
        if (isTimestamp)
        {
            seconds = timestamp;
            return year < 0 && !hasTime;
        }
        if (year < 0 && month < 0 && day < 0 && !hasTime)
        {
            return false;
        }
        if (ampm != 0)
        {
            if (hour > 12)
            {
                return false;
            }
            hour = ampm == 2 ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
        }
        if (month < 0)
        {
            month = 1;
        }
        if (day < 0)
        {
            day = 1;
        }
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }
        final long sod = hour * 3600L + minute * 60L + second;
        if (year < 0)
        {
            final int current = DateZone.year(zone.dayOf(now));
            year = current;
            if (zone.toEpoch(DateZone.daysFromCivil(current, month, day) * DateZone.DAY + sod) > now)
            {
                year = current - 1;
            }
        }
        final long wall = DateZone.daysFromCivil(year, month, day) * DateZone.DAY + sod;
        seconds = hasOffset ? wall - offset : zone.toEpoch(wall);
        return true;
    }

    /** hh:mm[:ss[.fraction]]; returns the position after it or -1. */
    private int time(final byte[] b, final int start, final int end)
    {
        int i = start;
        final int[] parts = this.parts;
        parts[2] = 0;
        int count = 0;
        while (count < 3)
        {
            int k = i;
            while (k < end && isDigit(b[k]))
            {
                k++;
            }
            if (k == i || k - i > 2)
            {
                return -1;
            }
            parts[count++] = (int)number(b, i, k - i);
            i = k;
            if (i < end && b[i] == ':' && count < 3)
            {
                i++;
            }
            else
            {
                break;
            }
        }
        if (count < 2)
        {
            return -1;
        }
        hour = parts[0];
        minute = parts[1];
        second = parts[2];
        hasTime = true;
        if (i < end && (b[i] == '.' || b[i] == ',') && count == 3 && i + 1 < end && isDigit(b[i + 1]))
        {
            i = fraction(b, i + 1, end);
        }
        return i;
    }

    private int fraction(final byte[] b, final int start, final int end)
    {
        int i = start;
        long value = 0;
        int digits = 0;
        while (i < end && isDigit(b[i]))
        {
            if (digits < 9)
            {
                value = value * 10 + (b[i] - '0');
                digits++;
            }
            i++;
        }
        nanos = value * pow10(9 - digits);
        return i;
    }

    /** +hh, +hhmm, +hh:mm after a time. */
    private int offset(final byte[] b, final int start, final int end, final boolean negative)
    {
        int i = start;
        int k = i;
        while (k < end && isDigit(b[k]))
        {
            k++;
        }
        int minutes;
        if (k - i == 4)
        {
            minutes = (int)number(b, i, 2) * 60 + (int)number(b, i + 2, 2);
        }
        else if (k - i == 2 || k - i == 1)
        {
            minutes = (int)number(b, i, k - i) * 60;
            if (k < end && b[k] == ':' && k + 3 <= end && isDigit(b[k + 1]) && isDigit(b[k + 2]))
            {
                minutes += (int)number(b, k + 1, 2);
                k += 3;
            }
        }
        else
        {
            return -1;
        }
        offset = (negative ? -minutes : minutes) * 60;
        hasOffset = true;
        return k;
    }

    /** A word: month or weekday name, AM/PM, T, Z/UTC/GMT. Returns the position after it or -1. */
    private int word(final byte[] b, final int start, final int end)
    {
        int k = start;
        while (k < end && isLetter(b[k] & 0xFF))
        {
            k++;
        }
        final String w = new String(b, start, k - start, java.nio.charset.StandardCharsets.US_ASCII)
            .toLowerCase(java.util.Locale.ROOT);
        for (int m = 0; m < 12; m++)
        {
            if (w.equals(MONTHS[m]) || w.equals(FULL_MONTHS[m]))
            {
                month = m + 1;
                return k;
            }
        }
        for (int d = 0; d < 7; d++)
        {
            if (w.equals(WEEKDAYS[d]) || w.equals(FULL_WEEKDAYS[d]))
            {
                return k;
            }
        }
        switch (w)
        {
            case "am":
                ampm = 1;
                return k;
            case "pm":
                ampm = 2;
                return k;
            case "t":
                return k;
            case "z", "utc", "gmt", "ut":
                hasOffset = true;
                offset = 0;
                return k;
            default:
                return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parse_datetime(text, format [, zone]) with MySQL specifiers

    private static Vector withFormat(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector f = (BytesVector)a[1];
        final DateZone zone = DateZone.of(a, 2, result);
        final LongVector out = (LongVector)Vector.create(result, rows);
        final DateParser p = new DateParser();
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                out.appendNull();
                continue;
            }
            final String text = s.getString(r);
            if (!p.parseFormat(text, f.getString(r), zone))
            {
                throw new MuonException(ErrorCodes.CANNOT_PARSE_DATETIME, "Unable to parse '" + text +
                    "' with format '" + f.getString(r) + "'");
            }
            out.append(Math.max(0, Math.min(0xFFFFFFFFL, p.seconds)));
        }
        return out;
    }

    private boolean parseFormat(final String text, final String format, final DateZone zone)
    {
        year = 1970;
        month = day = 1;
        hour = minute = second = 0;
        hasOffset = false;
        ampm = 0;
        final byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int i = 0;
        for (int k = 0; k < format.length(); k++)
        {
            final char c = format.charAt(k);
            if (c != '%' || k + 1 >= format.length())
            {
                if (i >= b.length || b[i] != c)
                {
                    return false;
                }
                i++;
                continue;
            }
            final char spec = format.charAt(++k);
            switch (spec)
            {
                case 'Y' -> i = field(b, i, 4, v -> year = v);
                case 'y' -> i = field(b, i, 2, v -> year = v + (v >= 70 ? 1900 : 2000));
                case 'C' -> i = field(b, i, 2, v -> year = v * 100 + year % 100);
                case 'm', 'c' -> i = field(b, i, 2, v -> month = v);
                case 'd', 'e' -> i = field(b, i, 2, v -> day = v);
                case 'H', 'k' -> i = field(b, i, 2, v -> hour = v);
                case 'h', 'I', 'l' -> i = field(b, i, 2, v -> hour = v == 12 ? 0 : v);
                case 'i' -> i = field(b, i, 2, v -> minute = v);
                case 's', 'S' -> i = field(b, i, 2, v -> second = v);
                case 'f' -> i = field(b, i, 6, v -> { });
                case 'j' -> i = field(b, i, 3, v -> day = v);
                case 'T' -> i = field(b, field(b, field(b, i, 2, v -> hour = v) + 1, 2, v -> minute = v) + 1, 2,
                    v -> second = v);
                case 'R' -> i = field(b, field(b, i, 2, v -> hour = v) + 1, 2, v -> minute = v);
                case 'F' -> i = field(b, field(b, field(b, i, 4, v -> year = v) + 1, 2, v -> month = v) + 1, 2,
                    v -> day = v);
                case 'p' ->
                {
                    if (i + 2 > b.length)
                    {
                        return false;
                    }
                    ampm = (b[i] | 0x20) == 'p' ? 2 : 1;
                    i += 2;
                }
                case 'b', 'M', 'a', 'W' ->
                {
                    final int m = month;
                    i = word(b, i, b.length);
                    if (spec == 'a' || spec == 'W')
                    {
                        month = m;
                    }
                }
                case 'z' -> i = i < b.length && (b[i] == '+' || b[i] == '-') ? offset(b, i + 1, b.length, b[i] == '-') :
                    -1;
                case '%' -> i = i < b.length && b[i] == '%' ? i + 1 : -1;
                default -> throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Incorrect syntax '" + format +
                    "', symbol is not supported '" + spec + "' for function parse_datetime");
            }
            if (i < 0)
            {
                return false;
            }
        }
        if (i != b.length)
        {
            return false;
        }
        if (ampm == 2)
        {
            hour += 12;
        }
        if (month < 1 || month > 12 || day < 1 || day > DateZone.daysInMonth(year, month) || hour > 23 || minute > 59 ||
            second > 59)
        {
            return false;
        }
        final long wall = DateZone.daysFromCivil(year, month, day) * DateZone.DAY + hour * 3600L + minute * 60L + second;
        seconds = hasOffset ? wall - offset : zone.toEpoch(wall);
        return true;
    }

    private interface Setter
    {
        void set(int value);
    }

    /** Reads exactly {@code digits} digits; returns the next position or -1. */
    private static int field(final byte[] b, final int i, final int digits, final Setter setter)
    {
        if (i < 0 || i + digits > b.length)
        {
            return -1;
        }
        for (int k = i; k < i + digits; k++)
        {
            if (!isDigit(b[k]))
            {
                return -1;
            }
        }
        setter.set((int)number(b, i, digits));
        return i + digits;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static boolean onlySpaceFrom(final byte[] b, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            if (b[i] != ' ' && b[i] != '\t')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(final int c)
    {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(final int c)
    {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static long number(final byte[] b, final int from, final int digits)
    {
        long v = 0;
        for (int i = from; i < from + digits; i++)
        {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static long pow10(final int n)
    {
        long v = 1;
        for (int i = 0; i < n; i++)
        {
            v *= 10;
        }
        return v;
    }
}
