package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code parseDateTimeInJodaSyntax(text, format[, zone])}: text to DateTime by a Joda-Time pattern, as ClickHouse reads
 * it. A run of one pattern letter is one field; its length is the fewest digits and, for most fields, the most too
 * (two at least for day, hour, minute, second and week, three for day of year; {@code yy} reads two digits as
 * 1970-2069); {@code MMM} and {@code EEE} read English names, short or full; {@code 'text'} and other characters are
 * literals. Fields: G C Y x w e E y D M d a K h H k m s. A date field without a year takes the year 2000; the result
 * must lie in 1970..2106. The pattern is compiled once per batch; one parser works through the rows.
 */
final class JodaDateParser
{
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};
    private static final int MIN_YEAR = 1970;
    private static final int MAX_YEAR = 2106;
    private static final char LITERAL = 0;

    /** One step of a compiled pattern: a field letter and its length, or literal text. */
    private record Step(char letter, int repetitions, byte[] literal)
    {
    }

    private final List<Step> steps;
    private final String format;

    // the value being parsed
    private int year;
    private int month;
    private int day;
    private int week;
    private int dayOfWeek;
    private boolean weekDate;
    private int dayOfYear;
    private boolean dayOfYearDate;
    private boolean hasYear;
    private int hour;
    private int minute;
    private int second;
    private boolean pm;
    private boolean halfDayHour;
    /** The parse position, or -1 after a failure (its reason in {@link #failure}). */
    private int position;
    private String failure;

    private JodaDateParser(final String format)
    {
        this.format = format;
        this.steps = compile(format);
    }

    static void register()
    {
        DateScalars.register(JodaDateParser::parse, "parse_datetime_in_joda_syntax");
    }

    private static Vector parse(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final BytesVector text = (BytesVector)a[0];
        final JodaDateParser parser = new JodaDateParser(((BytesVector)a[1]).getString(0));
        final DateZone zone = DateZone.of(a, 2, result);
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                out.appendNull();
                continue;
            }
            final long seconds = parser.parse(text.data(), text.start(r), text.start(r) + text.length(r), zone);
            if (seconds < 0)
            {
                throw new Conversions.ValueException(ErrorCodes.CANNOT_PARSE_DATETIME, "Unable to parse '" +
                    text.getString(r) + "' with Joda format '" + parser.format + "': " + parser.failure, r);
            }
            out.append(seconds);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the pattern

    private static List<Step> compile(final String format)
    {
        final List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < format.length())
        {
            final char c = format.charAt(i);
            if (c == '\'')
            {
                if (i + 1 < format.length() && format.charAt(i + 1) == '\'')
                {
                    steps.add(literal("'"));
                    i += 2;
                    continue;
                }
                // quoted text up to the closing quote; '' inside is one quote
                final StringBuilder quoted = new StringBuilder();
                int k = i + 1;
                while (true)
                {
                    if (k >= format.length())
                    {
                        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "No closing single quote for literal");
                    }
                    if (format.charAt(k) == '\'')
                    {
                        if (k + 1 < format.length() && format.charAt(k + 1) == '\'')
                        {
                            quoted.append('\'');
                            k += 2;
                            continue;
                        }
                        break;
                    }
                    quoted.append(format.charAt(k++));
                }
                steps.add(literal(quoted.toString()));
                i = k + 1;
                continue;
            }
            int end = i + 1;
            while (end < format.length() && format.charAt(end) == c)
            {
                end++;
            }
            final int repetitions = end - i;
            switch (c)
            {
                case 'G', 'C', 'Y', 'x', 'w', 'e', 'E', 'y', 'D', 'M', 'd', 'a', 'K', 'h', 'H', 'k', 'm', 's' ->
                    steps.add(new Step(c, repetitions, null));
                case 'S' -> throw unsupported("fractional seconds");
                case 'z' -> throw unsupported("timezone");
                case 'Z' -> throw unsupported("timezone offset id");
                default ->
                {
                    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
                    {
                        throw unsupported(format.substring(i, end));
                    }
                    steps.add(literal(format.substring(i, end)));
                }
            }
            i = end;
        }
        return steps;
    }

    private static Step literal(final String text)
    {
        return new Step(LITERAL, 0, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MuonException unsupported(final String what)
    {
        return new MuonException(ErrorCodes.NOT_IMPLEMENTED, "format is not supported for " + what);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // one value

    /** Seconds since the epoch of {@code s[from, to)} read in {@code zone}, or -1 when it does not parse. */
    private long parse(final byte[] s, final int from, final int to, final DateZone zone)
    {
        year = MIN_YEAR;
        month = 1;
        day = 1;
        week = 1;
        dayOfWeek = 1;
        weekDate = false;
        dayOfYear = 1;
        dayOfYearDate = false;
        hasYear = false;
        hour = 0;
        minute = 0;
        second = 0;
        pm = false;
        halfDayHour = false;
        position = from;
        for (final Step step : steps)
        {
            if (step.letter() == LITERAL)
            {
                final byte[] literal = step.literal();
                if (position + literal.length > to || !java.util.Arrays.equals(s, position, position + literal.length,
                    literal, 0, literal.length))
                {
                    return fail("literal '" + new String(literal, java.nio.charset.StandardCharsets.UTF_8) +
                        "' expected");
                }
                position += literal.length;
            }
            else if (!field(step.letter(), step.repetitions(), s, to))
            {
                return -1;
            }
        }
        if (position < to)
        {
            return fail("text left after the pattern");
        }
        if (halfDayHour && pm)
        {
            hour += 12;
        }
        final long days;
        if (weekDate)
        {
            if (year < MIN_YEAR || year > MAX_YEAR)
            {
                return fail("week year " + year + " out of range");
            }
            // ISO week 1 holds January 4th
            final long january4 = DateZone.daysFromCivil(year, 1, 4);
            days = january4 - (DateZone.dayOfWeek(january4) - 1) + 7L * (week - 1) + dayOfWeek - 1;
        }
        else if (dayOfYearDate)
        {
            if (dayOfYear > (DateZone.leap(year) ? 366 : 365))
            {
                return fail("day of year " + dayOfYear + " out of range");
            }
            days = DateZone.daysFromCivil(year, 1, 1) + dayOfYear - 1;
        }
        else
        {
            if (day > DateZone.daysInMonth(year, month))
            {
                return fail("invalid date");
            }
            days = DateZone.daysFromCivil(year, month, day);
        }
        final long seconds = zone.toEpoch(days * DateZone.DAY + hour * 3600L + minute * 60L + second);
        return seconds < 0 || seconds > 0xFFFFFFFFL ? fail("out of the range of DateTime") : seconds;
    }

    private boolean reject(final String why)
    {
        fail(why);
        return false;
    }

    private long fail(final String why)
    {
        failure = why;
        position = -1;
        return -1;
    }

    private boolean field(final char letter, final int repetitions, final byte[] s, final int to)
    {
        switch (letter)
        {
            case 'G' ->
            {
                if (position + 2 > to)
                {
                    return reject("an era needs 2 characters");
                }
                final int a = s[position] | 0x20;
                final int b = s[position + 1] | 0x20;
                if (a == 'b' && b == 'c' || !(a == 'a' && b == 'd'))
                {
                    return reject(a == 'b' && b == 'c' ? "era BC is out of the range of DateTime" :
                        "unknown era (expected AD or BC)");
                }
                position += 2;
                return true;
            }
            case 'C' ->
            {
                final long century = number(s, to, false, false, false, repetitions, repetitions);
                if (century == Long.MIN_VALUE)
                {
                    return false;
                }
                if (century < 19 || century > 21)
                {
                    return reject("century must be in 19..21");
                }
                year = (int)(100 * century);
                hasYear = true;
                return true;
            }
            case 'Y', 'y', 'x' ->
            {
                final boolean signed = letter != 'Y';
                final long value = number(s, to, signed, signed, true, repetitions, repetitions);
                if (value == Long.MIN_VALUE)
                {
                    return false;
                }
                if (value < MIN_YEAR || value > MAX_YEAR)
                {
                    return reject("year " + value + " out of 1970..2106");
                }
                year = (int)value;
                hasYear = true;
                if (letter == 'x')
                {
                    weekDate = true;
                    dayOfYearDate = false;
                }
                return true;
            }
            case 'w' ->
            {
                final long value = number(s, to, false, false, false, repetitions, Math.max(repetitions, 2));
                return value != Long.MIN_VALUE && dateField(value, 1, 53, "week") && setWeek((int)value);
            }
            case 'e' ->
            {
                final long value = number(s, to, false, false, false, repetitions, repetitions);
                return value != Long.MIN_VALUE && dateField(value, 1, 7, "day of week") && setDayOfWeek((int)value);
            }
            case 'E' ->
            {
                final int index = name(s, to, WEEKDAYS);
                return index >= 0 && setDayOfWeek(index + 1);
            }
            case 'D' ->
            {
                final long value = number(s, to, false, false, false, repetitions, Math.max(repetitions, 3));
                if (value == Long.MIN_VALUE || !dateField(value, 1, 366, "day of year"))
                {
                    return false;
                }
                dayOfYear = (int)value;
                dayOfYearDate = true;
                weekDate = false;
                defaultYear();
                return true;
            }
            case 'M' ->
            {
                final long value = repetitions <= 2 ? number(s, to, false, false, false, repetitions, 2) :
                    name(s, to, MONTHS) + 1;
                if (value == Long.MIN_VALUE || value == 0 || !dateField(value, 1, 12, "month"))
                {
                    return false;
                }
                month = (int)value;
                plainDate();
                return true;
            }
            case 'd' ->
            {
                final long value = number(s, to, false, false, false, repetitions, Math.max(repetitions, 2));
                if (value == Long.MIN_VALUE || !dateField(value, 1, 31, "day of month"))
                {
                    return false;
                }
                day = (int)value;
                plainDate();
                return true;
            }
            case 'a' ->
            {
                if (position + 2 > to)
                {
                    return reject("a half day needs 2 characters");
                }
                final int a = s[position] | 0x20;
                final int m = s[position + 1] | 0x20;
                if (m != 'm' || a != 'a' && a != 'p')
                {
                    return reject("unknown half day (expected AM or PM)");
                }
                pm = a == 'p';
                position += 2;
                return true;
            }
            case 'K', 'h', 'H', 'k' ->
            {
                final long value = number(s, to, false, false, false, repetitions, Math.max(repetitions, 2));
                if (value == Long.MIN_VALUE)
                {
                    return false;
                }
                final boolean halfDay = letter == 'K' || letter == 'h';
                final boolean fromOne = letter == 'h' || letter == 'k';
                final int max = (halfDay ? 11 : 23) + (fromOne ? 1 : 0);
                if (value < (fromOne ? 1 : 0) || value > max)
                {
                    return reject("hour " + value + " out of range");
                }
                hour = (int)(fromOne ? value % (halfDay ? 12 : 24) : value);
                halfDayHour = halfDay;
                return true;
            }
            default ->
            {
                final long value = number(s, to, false, false, false, repetitions, Math.max(repetitions, 2));
                if (value == Long.MIN_VALUE)
                {
                    return false;
                }
                if (value > 59)
                {
                    return reject((letter == 'm' ? "minute " : "second ") + value + " out of 0..59");
                }
                if (letter == 'm')
                {
                    minute = (int)value;
                }
                else
                {
                    second = (int)value;
                }
                return true;
            }
        }
    }

    private boolean dateField(final long value, final int min, final int max, final String what)
    {
        return value >= min && value <= max || reject(what + " " + value + " out of " + min + ".." + max);
    }

    private boolean setWeek(final int value)
    {
        week = value;
        weekDate = true;
        dayOfYearDate = false;
        defaultYear();
        return true;
    }

    private boolean setDayOfWeek(final int value)
    {
        dayOfWeek = value;
        weekDate = true;
        dayOfYearDate = false;
        defaultYear();
        return true;
    }

    /** A month or day of month: the date is year-month-day again. */
    private void plainDate()
    {
        weekDate = false;
        dayOfYearDate = false;
        defaultYear();
    }

    /** A date field without a year before it dates in 2000. */
    private void defaultYear()
    {
        if (!hasYear)
        {
            hasYear = true;
            year = 2000;
        }
    }

    /**
     * A number of {@code 1..maxDigits} digits with an optional sign, as ClickHouse reads Joda fields; a year pattern
     * of two letters reads two digits as 1970..2069. Long.MIN_VALUE (and a failure) when there is no digit.
     */
    private long number(final byte[] s, final int to, final boolean allowMinus, final boolean allowPlus,
        final boolean isYear, final int repetitions, final int maxDigits)
    {
        boolean negative = false;
        if (allowMinus && position < to && s[position] == '-')
        {
            negative = true;
            position++;
        }
        else if (allowPlus && position < to && s[position] == '+')
        {
            position++;
        }
        final int start = position;
        long value = 0;
        while (position < to && position < start + maxDigits && s[position] >= '0' && s[position] <= '9')
        {
            value = value * 10 + (s[position++] - '0');
        }
        if (position == start)
        {
            fail("a number expected");
            return Long.MIN_VALUE;
        }
        if (isYear && repetitions == 2 && position - start == 2)
        {
            value += value >= 70 ? 1900 : 2000;
        }
        return negative ? -value : value;
    }

    /** The index of the English name (its first three letters, or all of it) at the position; -1 and a failure. */
    private int name(final byte[] s, final int to, final String[] names)
    {
        if (position + 3 > to)
        {
            return (int)fail("a name needs 3 characters");
        }
        for (int i = 0; i < names.length; i++)
        {
            final String full = names[i];
            if (matches(s, position, to, full, 3))
            {
                position += matches(s, position, to, full, full.length()) ? full.length() : 3;
                return i;
            }
        }
        return (int)fail("unknown name");
    }

    private static boolean matches(final byte[] s, final int at, final int to, final String name, final int length)
    {
        if (at + length > to)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if ((s[at + i] | 0x20) != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
