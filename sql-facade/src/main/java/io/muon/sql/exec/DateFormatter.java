package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.nio.charset.StandardCharsets;

/**
 * {@code format_datetime(t, format [, zone])} with ClickHouse's MySQL-style specifiers (current defaults: {@code %M} is
 * the month name, {@code %e} is not space-padded, {@code %f} always prints six digits, {@code %c %k %l} are
 * zero-padded). A Date has time 00:00:00. The format is compiled once per distinct text into a list of specifiers
 * and literal bytes; each row is written into one reused byte buffer.
 */
final class DateFormatter
{
    private static final String[] WEEKDAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};

    private DateFormatter()
    {
    }

    static void register()
    {
        DateScalars.register(DateFormatter::format, "format_datetime");
    }

    /** A compiled format: specifier letters, with 0 marking a literal whose bytes follow in {@code literals}. */
    private record Compiled(String text, char[] codes, byte[][] literals, int maxLength)
    {
    }

    static Compiled compile(final String format)
    {
        final java.util.List<Character> codes = new java.util.ArrayList<>();
        final java.util.List<byte[]> literals = new java.util.ArrayList<>();
        final StringBuilder literal = new StringBuilder();
        for (int i = 0; i < format.length(); i++)
        {
            final char c = format.charAt(i);
            if (c != '%')
            {
                literal.append(c);
                continue;
            }
            if (i + 1 >= format.length())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS,
                    "'%' must not be the last character in the format string, use '%%' instead");
            }
            final char s = format.charAt(++i);
            switch (s)
            {
                case 'a', 'b', 'c', 'C', 'd', 'D', 'e', 'M', 'f', 'F', 'g', 'G', 'j', 'm', 'u', 'V', 'w', 'W', 'y', 'Y',
                    'Q', 'z', 'p', 'r', 'R', 's', 'S', 'T', 'h', 'H', 'i', 'I', 'k', 'l' ->
                {
                    if (literal.length() > 0)
                    {
                        codes.add((char)0);
                        literals.add(literal.toString().getBytes(StandardCharsets.UTF_8));
                        literal.setLength(0);
                    }
                    codes.add(s);
                    literals.add(null);
                }
                case 't' -> literal.append('\t');
                case 'n' -> literal.append('\n');
                case '%' -> literal.append('%');
                case 'U' -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "format is not supported for WEEK (Sun-Sat)");
                case 'v' -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "format is not supported for WEEK (Mon-Sun)");
                case 'x' -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED,
                    "format is not supported for YEAR for week (Mon-Sun)");
                case 'X' -> throw new MuonException(ErrorCodes.NOT_IMPLEMENTED,
                    "format is not supported for YEAR for week (Sun-Sat)");
                default -> throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Incorrect syntax '" + format +
                    "', symbol is not supported '" + s + "' for function format_datetime");
            }
        }
        if (literal.length() > 0)
        {
            codes.add((char)0);
            literals.add(literal.toString().getBytes(StandardCharsets.UTF_8));
        }
        final char[] array = new char[codes.size()];
        int maxLength = 0;
        for (int i = 0; i < array.length; i++)
        {
            array[i] = codes.get(i);
            maxLength += array[i] == 0 ? literals.get(i).length : 10;
        }
        return new Compiled(format, array, literals.toArray(new byte[0][]), maxLength);
    }

    private static Vector format(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = a[0].type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DateZone zone = DateZone.of(a, 2, type);
        final long[] in = ((LongVector)a[0]).values();
        final BytesVector formats = (BytesVector)a[1];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        byte[] buffer = new byte[64];
        Compiled compiled = null;
        for (int r = 0; r < rows; r++)
        {
            if (compiled == null || !sameText(formats, r, compiled.text))
            {
                compiled = compile(formats.getString(r));
                if (buffer.length < compiled.maxLength)
                {
                    buffer = new byte[compiled.maxLength];
                }
            }
            final long seconds = zone.seconds(in[r], date, scale);
            final long fraction = date ? 0 : Math.floorMod(in[r], scale);
            final int length = write(compiled, seconds, fraction, scale, zone, buffer);
            out.append(buffer, 0, length);
        }
        return out;
    }

    private static boolean sameText(final BytesVector v, final int row, final String text)
    {
        final int length = v.length(row);
        if (length != text.length())
        {
            return false;
        }
        final byte[] data = v.data();
        final int start = v.start(row);
        for (int i = 0; i < length; i++)
        {
            if (data[start + i] != text.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Writes one formatted value into {@code b} (of at least the format's maximum length); returns its length. */
    private static int write(final Compiled f, final long seconds, final long fraction, final long scale,
        final DateZone zone, final byte[] b)
    {
        final int offset = zone.offsetAt(seconds);
        final long local = seconds + offset;
        final long day = Math.floorDiv(local, DateZone.DAY);
        final int sod = (int)(local - day * DateZone.DAY);
        final long c = DateZone.civil(day);
        final int year = (int)(c / 10000);
        final int month = (int)(c / 100 % 100);
        final int dom = (int)(c % 100);
        final int hour = sod / 3600;
        final int minute = sod / 60 % 60;
        final int second = sod % 60;
        final int hour12 = hour == 0 ? 12 : hour > 12 ? hour - 12 : hour;
        int p = 0;
        for (int i = 0; i < f.codes.length; i++)
        {
            switch (f.codes[i])
            {
                case 0 ->
                {
                    final byte[] l = f.literals[i];
                    System.arraycopy(l, 0, b, p, l.length);
                    p += l.length;
                }
                case 'a' -> p = text(WEEKDAYS[DateZone.dayOfWeek(day) % 7], 3, b, p);
                case 'W' -> p = text(WEEKDAYS[DateZone.dayOfWeek(day) % 7], 9, b, p);
                case 'b' -> p = text(MONTHS[month - 1], 3, b, p);
                // Proton (ClickHouse before 23.4): %M is the minute, %e the day padded with a space
                case 'M' -> p = two(minute, b, p);
                case 'c', 'm' -> p = two(month, b, p);
                case 'C' -> p = two(year / 100, b, p);
                case 'd' -> p = two(dom, b, p);
                case 'e' ->
                {
                    if (dom < 10)
                    {
                        b[p++] = ' ';
                    }
                    p = dom < 10 ? one(dom, b, p) : two(dom, b, p);
                }
                case 'D' ->
                {
                    p = two(month, b, p);
                    b[p++] = '/';
                    p = two(dom, b, p);
                    b[p++] = '/';
                    p = two(year % 100, b, p);
                }
                case 'F' ->
                {
                    p = four(year, b, p);
                    b[p++] = '-';
                    p = two(month, b, p);
                    b[p++] = '-';
                    p = two(dom, b, p);
                }
                case 'f' ->
                {
                    long digits = fraction;
                    long s = scale;
                    while (s > 1_000_000)
                    {
                        s /= 10;
                        digits /= 10;
                    }
                    digits *= 1_000_000 / s;
                    for (int k = 5; k >= 0; k--)
                    {
                        b[p + k] = (byte)('0' + digits % 10);
                        digits /= 10;
                    }
                    p += 6;
                }
                case 'g' -> p = two(DateZone.isoYear(day) % 100, b, p);
                case 'G' -> p = four(DateZone.isoYear(day), b, p);
                case 'j' ->
                {
                    final int doy = DateZone.dayOfYear(day);
                    b[p++] = (byte)('0' + doy / 100);
                    p = two(doy % 100, b, p);
                }
                case 'u' -> p = one(DateZone.dayOfWeek(day), b, p);
                case 'w' -> p = one(DateZone.dayOfWeek(day) % 7, b, p);
                case 'V' -> p = two(DateZone.isoWeek(day), b, p);
                case 'y' -> p = two(year % 100, b, p);
                case 'Y' -> p = four(year, b, p);
                case 'Q' -> p = one((month - 1) / 3 + 1, b, p);
                case 'z' ->
                {
                    final int abs = Math.abs(offset);
                    b[p++] = (byte)(offset < 0 ? '-' : '+');
                    p = two(abs / 3600, b, p);
                    p = two(abs % 3600 / 60, b, p);
                }
                case 'p' -> p = ampm(hour, b, p);
                case 'r' ->
                {
                    p = two(hour12, b, p);
                    b[p++] = ':';
                    p = two(minute, b, p);
                    b[p++] = ' ';
                    p = ampm(hour, b, p);
                }
                case 'R' ->
                {
                    p = two(hour, b, p);
                    b[p++] = ':';
                    p = two(minute, b, p);
                }
                case 'T' ->
                {
                    p = two(hour, b, p);
                    b[p++] = ':';
                    p = two(minute, b, p);
                    b[p++] = ':';
                    p = two(second, b, p);
                }
                case 's', 'S' -> p = two(second, b, p);
                case 'h', 'I', 'l' -> p = two(hour12, b, p);
                case 'H', 'k' -> p = two(hour, b, p);
                case 'i' -> p = two(minute, b, p);
                default -> throw new IllegalStateException("specifier " + f.codes[i]);
            }
        }
        return p;
    }

    private static int ampm(final int hour, final byte[] b, final int p)
    {
        b[p] = (byte)(hour >= 12 ? 'P' : 'A');
        b[p + 1] = 'M';
        return p + 2;
    }

    private static int text(final String s, final int max, final byte[] b, final int p)
    {
        final int n = Math.min(max, s.length());
        for (int i = 0; i < n; i++)
        {
            b[p + i] = (byte)s.charAt(i);
        }
        return p + n;
    }

    private static int one(final int v, final byte[] b, final int p)
    {
        b[p] = (byte)('0' + v);
        return p + 1;
    }

    private static int two(final int v, final byte[] b, final int p)
    {
        b[p] = (byte)('0' + v / 10 % 10);
        b[p + 1] = (byte)('0' + v % 10);
        return p + 2;
    }

    private static int four(final int v, final byte[] b, final int p)
    {
        p2(v / 100, b, p);
        p2(v % 100, b, p + 2);
        return p + 4;
    }

    private static void p2(final int v, final byte[] b, final int p)
    {
        b[p] = (byte)('0' + v / 10 % 10);
        b[p + 1] = (byte)('0' + v % 10);
    }
}
