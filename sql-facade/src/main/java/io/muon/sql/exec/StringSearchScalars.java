package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Vectorized bodies of string search: position (bytes, ASCII case-insensitive, UTF-8 code points), starts_with /
 * ends_with, multi_search_any, the substring replacements, the splitting functions and array_string_concat. Regular
 * expressions (match, extract, replace_regexp, split_by_regexp, ...) live in {@link RegexpScalars}; the other string
 * manipulation in {@link StringEditScalars}. All of them are registered by {@link #register()}.
 */
final class StringSearchScalars
{
    private static final int BYTES = 0;
    private static final int CASE_INSENSITIVE = 1;
    private static final int UTF8 = 2;

    private StringSearchScalars()
    {
    }

    static void register()
    {
        Scalars.register((a, rows, result, nulls) -> position(a, rows, result, BYTES), "position", "locate");
        Scalars.register((a, rows, result, nulls) -> position(a, rows, result, CASE_INSENSITIVE),
            "position_case_insensitive");
        Scalars.register((a, rows, result, nulls) -> position(a, rows, result, UTF8), "position_utf8");
        Scalars.register((a, rows, result, nulls) -> affix(a, rows, result, true), "starts_with");
        Scalars.register((a, rows, result, nulls) -> affix(a, rows, result, false), "ends_with");
        Scalars.register(StringSearchScalars::multiSearchAny, "multi_search_any");
        Scalars.register((a, rows, result, nulls) -> replace(a, rows, result, nulls, true), "replace_one");
        Scalars.register((a, rows, result, nulls) -> replace(a, rows, result, nulls, false), "replace_all",
            "replace");
        Scalars.register(StringSearchScalars::splitByChar, "split_by_char");
        Scalars.register(StringSearchScalars::splitByString, "split_by_string");
        Scalars.register(StringSearchScalars::splitByWhitespace, "split_by_whitespace");
        Scalars.register(StringSearchScalars::arrayStringConcat, "array_string_concat");
        RegexpScalars.register();
        StringEditScalars.register();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // byte search helpers

    /** Index of the first occurrence of {@code needle[ns, ns + nl)} in {@code hay[from, end)}, or -1. */
    static int indexOf(final byte[] hay, final int from, final int end, final byte[] needle, final int ns,
        final int nl, final boolean ignoreCase)
    {
        if (nl == 0)
        {
            return from;
        }
        final byte first = needle[ns];
        final int last = end - nl;
        for (int i = from; i <= last; i++)
        {
            if (hay[i] != first && (!ignoreCase || lower(hay[i]) != lower(first)))
            {
                continue;
            }
            int k = 1;
            while (k < nl && (hay[i + k] == needle[ns + k] || ignoreCase && lower(hay[i + k]) == lower(needle[ns + k])))
            {
                k++;
            }
            if (k == nl)
            {
                return i;
            }
        }
        return -1;
    }

    private static int lower(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    static boolean isContinuation(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }

    /** Number of UTF-8 code points (bytes that are not continuation bytes) in {@code data[from, to)}. */
    static int countChars(final byte[] data, final int from, final int to)
    {
        int count = 0;
        for (int i = from; i < to; i++)
        {
            count += isContinuation(data[i]) ? 0 : 1;
        }
        return count;
    }

    /** The byte offset {@code n} code points after {@code from}, at most {@code end}. */
    static int advanceChars(final byte[] data, final int from, final int end, final long n)
    {
        long left = n;
        for (int i = from; i < end; i++)
        {
            if (!isContinuation(data[i]))
            {
                if (left == 0)
                {
                    return i;
                }
                left--;
            }
        }
        return end;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // position, starts_with, ends_with, multi_search_any

    private static Vector position(final Vector[] a, final int rows, final DataType result, final int mode)
    {
        final BytesVector hay = (BytesVector)a[0];
        final BytesVector needle = (BytesVector)a[1];
        final byte[] h = hay.data();
        final byte[] n = needle.data();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            final int hs = hay.start(r);
            final int he = hs + hay.length(r);
            final int ns = needle.start(r);
            final int nl = needle.length(r);
            long start = a.length > 2 ? Scalars.getLong(a[2], r) : 1;
            if (a.length > 2 && a[2] instanceof LongVector l && !l.isUnsigned() && start < 0)
            {
                start = Long.MAX_VALUE;
            }
            start = Math.max(start, 1);
            final int chars = mode == UTF8 ? countChars(h, hs, he) : he - hs;
            if (start > chars + 1L)
            {
                values[r] = 0;
            }
            else if (nl == 0)
            {
                values[r] = start;
            }
            else
            {
                final int from = mode == UTF8 ? advanceChars(h, hs, he, start - 1) : hs + (int)(start - 1);
                final int found = indexOf(h, from, he, n, ns, nl, mode == CASE_INSENSITIVE);
                values[r] = found < 0 ? 0 : 1 + (mode == UTF8 ? countChars(h, hs, found) : found - hs);
            }
        }
        out.setSize(rows);
        return out;
    }

    private static Vector affix(final Vector[] a, final int rows, final DataType result, final boolean prefix)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            final int sl = s.length(r);
            final int pl = p.length(r);
            final int from = prefix ? s.start(r) : s.start(r) + sl - pl;
            values[r] = pl <= sl && Arrays.equals(s.data(), from, from + pl, p.data(), p.start(r), p.start(r) + pl) ?
                1 : 0;
        }
        out.setSize(rows);
        return out;
    }

    /** The elements of an Array(String) argument as a BytesVector (other element types converted to String). */
    static BytesVector stringElements(final ArrayVector array)
    {
        final Vector elements = array.elements();
        final TypeId id = elements.type().unwrapped().id();
        if (elements instanceof BytesVector b && (id == TypeId.STRING || id == TypeId.FIXED_STRING))
        {
            return b;
        }
        return (BytesVector)Conversions.convert(elements, elements.size(), elements.type().isNullable() ?
            DataType.nullable(DataType.STRING) : DataType.STRING, Conversions.Mode.CAST);
    }

    private static Vector multiSearchAny(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector hay = (BytesVector)a[0];
        final ArrayVector array = (ArrayVector)a[1];
        final BytesVector needles = stringElements(array);
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            boolean found = false;
            final int hs = hay.start(r);
            for (int i = array.start(r); i < array.start(r) + array.length(r) && !found; i++)
            {
                found = indexOf(hay.data(), hs, hs + hay.length(r), needles.data(), needles.start(i),
                    needles.length(i), false) >= 0;
            }
            values[r] = found ? 1 : 0;
        }
        out.setSize(rows);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // replace_one, replace_all

    private static Vector replace(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean once)
    {
        final BytesVector hay = (BytesVector)a[0];
        final BytesVector pattern = (BytesVector)a[1];
        final BytesVector replacement = (BytesVector)a[2];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final Buffer buffer = new Buffer();
        for (int r = 0; r < rows; r++)
        {
            final int hs = hay.start(r);
            final int he = hs + hay.length(r);
            final int pl = pattern.length(r);
            if (pl == 0)
            {
                if (nulls == null || !nulls[r])
                {
                    throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Length of the pattern argument in " +
                        "function " + (once ? "replace_one" : "replace_all") + " must be greater than 0.");
                }
                out.append(hay.data(), hs, he - hs);
                continue;
            }
            buffer.reset();
            int from = hs;
            while (from <= he)
            {
                final int found = indexOf(hay.data(), from, he, pattern.data(), pattern.start(r), pl, false);
                if (found < 0)
                {
                    break;
                }
                buffer.add(hay.data(), from, found - from);
                buffer.add(replacement.data(), replacement.start(r), replacement.length(r));
                from = found + pl;
                if (once)
                {
                    break;
                }
            }
            buffer.add(hay.data(), from, he - from);
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    /** A growable byte buffer reused across rows. */
    static final class Buffer
    {
        byte[] bytes = new byte[64];
        int length;

        void reset()
        {
            length = 0;
        }

        void ensure(final int extra)
        {
            if (length + extra > bytes.length)
            {
                bytes = Arrays.copyOf(bytes, Math.max(length + extra, bytes.length * 2));
            }
        }

        void add(final byte[] data, final int from, final int count)
        {
            ensure(count);
            System.arraycopy(data, from, bytes, length, count);
            length += count;
        }

        void add(final int b)
        {
            ensure(1);
            bytes[length++] = (byte)b;
        }

        void add(final String text)
        {
            final byte[] b = text.getBytes(StandardCharsets.UTF_8);
            add(b, 0, b.length);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // splitting

    /** The max_substrings argument: at most that many substrings when positive (the rest dropped), else no limit. */
    static long maxSubstrings(final Vector[] a, final int index, final int row)
    {
        if (a.length <= index)
        {
            return Long.MAX_VALUE;
        }
        final long max = Scalars.getLong(a[index], row);
        return max > 0 ? max : Long.MAX_VALUE;
    }

    private static Vector splitByChar(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector separator = (BytesVector)a[0];
        final BytesVector s = (BytesVector)a[1];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector parts = (BytesVector)out.elements();
        final byte[] data = s.data();
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                out.endRow();
                continue;
            }
            if (separator.length(r) != 1)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Illegal separator for function split_by_char. " +
                    "Must be exactly one byte.");
            }
            final byte sep = separator.data()[separator.start(r)];
            final long max = maxSubstrings(a, 2, r);
            final int end = s.start(r) + s.length(r);
            int from = s.start(r);
            long count = 0;
            while (count < max)
            {
                int i = from;
                while (i < end && data[i] != sep)
                {
                    i++;
                }
                parts.append(data, from, i - from);
                count++;
                if (i >= end)
                {
                    break;
                }
                from = i + 1;
            }
            out.endRow();
        }
        return out;
    }

    private static Vector splitByString(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector separator = (BytesVector)a[0];
        final BytesVector s = (BytesVector)a[1];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector parts = (BytesVector)out.elements();
        final byte[] data = s.data();
        for (int r = 0; r < rows; r++)
        {
            final long max = maxSubstrings(a, 2, r);
            final int start = s.start(r);
            final int end = start + s.length(r);
            final int sl = separator.length(r);
            long count = 0;
            if (sl == 0)
            {
                for (int i = start; i < end && count < max; i++, count++)
                {
                    parts.append(data, i, 1);
                }
                out.endRow();
                continue;
            }
            int from = start;
            while (count < max)
            {
                final int found = indexOf(data, from, end, separator.data(), separator.start(r), sl, false);
                final int to = found < 0 ? end : found;
                parts.append(data, from, to - from);
                count++;
                if (found < 0)
                {
                    break;
                }
                from = found + sl;
            }
            out.endRow();
        }
        return out;
    }

    static boolean isWhitespace(final byte b)
    {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
    }

    private static Vector splitByWhitespace(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector parts = (BytesVector)out.elements();
        final byte[] data = s.data();
        for (int r = 0; r < rows; r++)
        {
            final long max = maxSubstrings(a, 1, r);
            final int end = s.start(r) + s.length(r);
            int i = s.start(r);
            long count = 0;
            while (count < max)
            {
                while (i < end && isWhitespace(data[i]))
                {
                    i++;
                }
                if (i >= end)
                {
                    break;
                }
                final int from = i;
                while (i < end && !isWhitespace(data[i]))
                {
                    i++;
                }
                parts.append(data, from, i - from);
                count++;
            }
            out.endRow();
        }
        return out;
    }

    private static Vector arrayStringConcat(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls)
    {
        final ArrayVector array = (ArrayVector)a[0];
        final BytesVector elements = stringElements(array);
        final BytesVector separator = a.length > 1 ? (BytesVector)a[1] : null;
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final Buffer buffer = new Buffer();
        for (int r = 0; r < rows; r++)
        {
            buffer.reset();
            boolean first = true;
            for (int i = array.start(r); i < array.start(r) + array.length(r); i++)
            {
                if (elements.isNull(i))
                {
                    continue;
                }
                if (!first && separator != null)
                {
                    buffer.add(separator.data(), separator.start(r), separator.length(r));
                }
                buffer.add(elements.data(), elements.start(i), elements.length(i));
                first = false;
            }
            out.append(buffer.bytes, 0, buffer.length);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // regular expressions shared by RegexpScalars

    /** Compiles a ClickHouse (re2) regular expression for java.util.regex: {@code .} matches line breaks too. */
    static Pattern compile(final String regexp)
    {
        try
        {
            return Pattern.compile(regexp.replace("(?P<", "(?<"), Pattern.DOTALL);
        }
        catch (final PatternSyntaxException e)
        {
            throw new MuonException(ErrorCodes.CANNOT_COMPILE_REGEXP, "Cannot compile regular expression '" + regexp + "': " +
                e.getDescription());
        }
    }

    /** Caches the compiled pattern of the previous row: constant patterns arrive repeated. */
    static final class PatternCache
    {
        private byte[] last;
        private Pattern pattern;

        Pattern get(final BytesVector patterns, final int row)
        {
            final int start = patterns.start(row);
            final int length = patterns.length(row);
            if (pattern == null || !Arrays.equals(last, 0, last.length, patterns.data(), start, start + length))
            {
                last = Arrays.copyOfRange(patterns.data(), start, start + length);
                pattern = compile(new String(last, StandardCharsets.UTF_8));
            }
            return pattern;
        }
    }
}
