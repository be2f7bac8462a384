package io.muon.sql.exec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * LIKE patterns made only of literal text and {@code %} (the common {@code '%x%'}, {@code 'x%'}, {@code '%x'}),
 * matched on the UTF-8 bytes of a value without building a String or running a regular expression. {@link #of}
 * returns null for patterns with {@code _} or escapes, which take the regular-expression path.
 */
final class LikeMatcher
{
    private final byte[][] segments;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private LikeMatcher(final byte[][] segments, final boolean anchoredStart, final boolean anchoredEnd)
    {
        this.segments = segments;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    static LikeMatcher of(final String pattern)
    {
        if (pattern.indexOf('_') >= 0 || pattern.indexOf('\\') >= 0)
        {
            return null;
        }
        final List<byte[]> parts = new ArrayList<>();
        for (final String part : pattern.split("%", -1))
        {
            parts.add(part.getBytes(StandardCharsets.UTF_8));
        }
        return new LikeMatcher(parts.toArray(new byte[0][]), !pattern.startsWith("%"), !pattern.endsWith("%"));
    }

    /** Whether {@code data[from, to)} matches. */
    boolean matches(final byte[] data, final int from, final int to)
    {
        final int last = segments.length - 1;
        if (last == 0)
        {
            // no %: the whole value equals the literal
            return equalsAt(data, from, to, segments[0]);
        }
        int at = from;
        int end = to;
        if (anchoredStart)
        {
            if (!startsWith(data, at, end, segments[0]))
            {
                return false;
            }
            at += segments[0].length;
        }
        if (anchoredEnd)
        {
            final byte[] suffix = segments[last];
            if (end - at < suffix.length || !startsWith(data, end - suffix.length, end, suffix))
            {
                return false;
            }
            end -= suffix.length;
        }
        for (int s = anchoredStart ? 1 : 0; s <= (anchoredEnd ? last - 1 : last); s++)
        {
            final int found = indexOf(data, at, end, segments[s]);
            if (found < 0)
            {
                return false;
            }
            at = found + segments[s].length;
        }
        return true;
    }

    private static boolean equalsAt(final byte[] data, final int from, final int to, final byte[] literal)
    {
        return to - from == literal.length && startsWith(data, from, to, literal);
    }

    private static boolean startsWith(final byte[] data, final int from, final int to, final byte[] literal)
    {
        if (to - from < literal.length)
        {
            return false;
        }
        for (int i = 0; i < literal.length; i++)
        {
            if (data[from + i] != literal[i])
            {
                return false;
            }
        }
        return true;
    }

    static int indexOf(final byte[] data, final int from, final int to, final byte[] needle)
    {
        if (needle.length == 0)
        {
            return from;
        }
        final byte first = needle[0];
        for (int i = from, max = to - needle.length; i <= max; i++)
        {
            if (data[i] == first && startsWith(data, i, to, needle))
            {
                return i;
            }
        }
        return -1;
    }
}
