package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * Vectorized bodies of ClickHouse's URL functions. They scan the URL bytes the way ClickHouse does (no full URL
 * parsing, no validation beyond what ClickHouse checks), so odd inputs give ClickHouse's results: a host needs a dot,
 * a protocol needs at least four more bytes after it, a path needs a slash, and so on. Results that are parts of the
 * URL are written as slices of its bytes.
 */
final class UrlScalars
{
    /** Second-level labels treated as public suffixes by first_significant_subdomain ("com" in "news.a.com.tr"). */
    private static final Set<String> SUFFIX_LABELS = Set.of("com", "net", "org", "co", "gov", "edu", "ac", "mil",
        "int", "biz", "info", "gob", "nic", "or", "ne", "go", "ltd", "plc", "sch", "nhs", "police", "mod", "me");

    private UrlScalars()
    {
    }

    /** A part of the URL {@code d[from, to)}: returns it packed as (start << 32 | end), or -1 for nothing. */
    interface Part
    {
        long find(byte[] d, int from, int to);
    }

    static long slice(final int start, final int end)
    {
        return (long)start << 32 | (end & 0xFFFFFFFFL);
    }

    private static Vector part(final Vector[] a, final int rows, final DataType result, final Part part)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] d = s.data();
        for (int r = 0; r < rows; r++)
        {
            final long found = part.find(d, s.start(r), s.start(r + 1));
            if (found < 0)
            {
                out.append(d, 0, 0);
            }
            else
            {
                final int start = (int)(found >>> 32);
                out.append(d, start, (int)found - start);
            }
        }
        return out;
    }

    /** Writes the URL without {@code d[cutFrom, cutTo)} (a cut_* function), or unchanged when nothing is cut. */
    static Vector cut(final Vector[] a, final int rows, final DataType result, final Part part)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] d = s.data();
        final ByteArrayOutputStream row = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            final int from = s.start(r);
            final int to = s.start(r + 1);
            final long found = part.find(d, from, to);
            if (found < 0)
            {
                out.append(d, from, to - from);
                continue;
            }
            final int start = (int)(found >>> 32);
            final int end = (int)found;
            row.reset();
            row.write(d, from, start - from);
            row.write(d, end, to - end);
            out.append(row.toByteArray());
        }
        return out;
    }

    static boolean alnum(final byte c)
    {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static int find(final byte[] d, final int from, final int to, final char c1, final char c2)
    {
        for (int i = from; i < to; i++)
        {
            if (d[i] == c1 || d[i] == c2)
            {
                return i;
            }
        }
        return to;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the parts

    static long protocol(final byte[] d, final int from, final int to)
    {
        if (from >= to || !(d[from] >= 'a' && d[from] <= 'z' || d[from] >= 'A' && d[from] <= 'Z'))
        {
            return -1;
        }
        int p = from + 1;
        while (p < to && (alnum(d[p]) || d[p] == '+' || d[p] == '-' || d[p] == '.'))
        {
            p++;
        }
        return to - p >= 4 && d[p] == ':' ? slice(from, p) : -1;
    }

    /** The host as ClickHouse's getURLHost finds it (it must contain a dot with something after it), or -1. */
    static long host(final byte[] d, final int from, final int to)
    {
        if (from >= to)
        {
            return -1;
        }
        int p = from;
        if (to - from >= 2 && d[p] == '/' && d[p + 1] == '/')
        {
            p += 2;
        }
        else
        {
            final int schemeEnd = from + Math.min(to - from, 16);
            for (p++; p < schemeEnd; p++)
            {
                final byte c = d[p];
                if (alnum(c) || c == '.' || c == '-' || c == '+')
                {
                    continue;
                }
                if (restricted(c) || c == '%' || c == '~' || c == ';' || c == '=' || c == '&')
                {
                    return -1;
                }
                break;
            }
            if (schemeEnd - p > 2 && d[p] == ':' && d[p + 1] == '/' && d[p + 2] == '/')
            {
                p += 3;
            }
            else
            {
                p = from;
            }
        }
        int dot = -1;
        int start = p;
        for (; p < to; p++)
        {
            final byte c = d[p];
            if (c == '.')
            {
                dot = p;
            }
            else if (c == ':' || c == '/' || c == '?' || c == '#')
            {
                break;
            }
            else if (c == '@')
            {
                start = p + 1;
            }
            else if (restricted(c) || c == '%' || c == '~' || c == ';' || c == '=' || c == '&')
            {
                return -1;
            }
        }
        if (dot < 0 || start >= p || p - dot == 1)
        {
            return -1;
        }
        final byte after = d[dot + 1];
        if (after == ':' || after == '/' || after == '?' || after == '#')
        {
            return -1;
        }
        return slice(start, p);
    }

    private static boolean restricted(final byte c)
    {
        return c == ' ' || c == '\t' || c == '<' || c == '>' || c == '{' || c == '}' || c == '|' || c == '\\' ||
            c == '^' || c == '[' || c == ']';
    }

    static long domainWithoutWww(final byte[] d, final int from, final int to)
    {
        final long h = host(d, from, to);
        if (h < 0)
        {
            return -1;
        }
        final int start = (int)(h >>> 32);
        final int end = (int)h;
        if (end - start > 4 && d[start] == 'w' && d[start + 1] == 'w' && d[start + 2] == 'w' && d[start + 3] == '.')
        {
            return slice(start + 4, end);
        }
        return h;
    }

    static long topLevelDomain(final byte[] d, final int from, final int to)
    {
        final long h = host(d, from, to);
        if (h < 0)
        {
            return -1;
        }
        final int start = (int)(h >>> 32);
        int end = (int)h;
        if (d[end - 1] == '.')
        {
            end--;
        }
        for (int p = end - 1; p >= start; p--)
        {
            if (d[p] == '.')
            {
                return p + 1 < end && (d[p + 1] & 0xFF) > '9' ? slice(p + 1, end) : -1;
            }
        }
        return -1;
    }

    /** The first significant subdomain; {@code withRest} extends it to the end of the host (cut_to_...). */
    static long firstSignificant(final byte[] d, final int from, final int to, final boolean withRest)
    {
        final long h = domainWithoutWww(d, from, to);
        if (h < 0)
        {
            return -1;
        }
        final int begin = (int)(h >>> 32);
        final int hostEnd = (int)h;
        int end = hostEnd;
        if (d[end - 1] == '.')
        {
            end--;
        }
        int p0 = -1;
        int p1 = -1;
        int p2 = -1;
        for (int p = begin; p < end; p++)
        {
            if (d[p] == '.')
            {
                p2 = p1;
                p1 = p0;
                p0 = p;
            }
        }
        final int start;
        final int stop;
        if (p0 < 0)
        {
            start = begin;
            stop = end;
        }
        else if (p1 < 0)
        {
            start = begin;
            stop = p0;
        }
        else
        {
            if (p2 < 0)
            {
                p2 = begin - 1;
            }
            final String second = new String(d, p1 + 1, p0 - p1 - 1, java.nio.charset.StandardCharsets.UTF_8);
            if (SUFFIX_LABELS.contains(second))
            {
                start = p2 + 1;
                stop = p1;
            }
            else
            {
                start = p1 + 1;
                stop = p0;
            }
        }
        return withRest ? slice(start, hostEnd) : slice(start, stop);
    }

    static long path(final byte[] d, final int from, final int to, final boolean full)
    {
        int p = find(d, from, to, '/', '/');
        if (p == to)
        {
            return -1;
        }
        if (p + 1 < to && d[p + 1] == '/')
        {
            p = find(d, p + 2, to, '/', '/');
            if (p == to)
            {
                return -1;
            }
        }
        return slice(p, full ? to : find(d, p, to, '?', '#'));
    }

    static long queryString(final byte[] d, final int from, final int to, final boolean withFragment,
        final boolean withMark)
    {
        int p = find(d, from, to, '?', '?');
        if (p == to)
        {
            if (!withFragment)
            {
                return -1;
            }
            p = find(d, from, to, '#', '#');
            if (p == to)
            {
                return -1;
            }
            // without a query string, the fragment comes with its '#'
            return slice(p, to);
        }
        return slice(withMark ? p : p + 1, withFragment ? to : find(d, p, to, '#', '#'));
    }

    static long fragment(final byte[] d, final int from, final int to, final boolean withMark)
    {
        final int p = find(d, from, to, '#', '#');
        return p == to ? -1 : slice(withMark ? p : p + 1, to);
    }

    static long www(final byte[] d, final int from, final int to)
    {
        final long h = host(d, from, to);
        if (h < 0)
        {
            return -1;
        }
        final int start = (int)(h >>> 32);
        final int end = (int)h;
        return end - start >= 4 && d[start] == 'w' && d[start + 1] == 'w' && d[start + 2] == 'w' &&
            d[start + 3] == '.' ? slice(start, start + 4) : -1;
    }

    private static void register(final ScalarFunction body, final String... names)
    {
        Scalars.register(body, names);
    }

    static void register()
    {
        register((a, rows, result, n) -> part(a, rows, result, UrlScalars::protocol), "protocol");
        register((a, rows, result, n) -> part(a, rows, result, UrlScalars::host), "domain");
        register((a, rows, result, n) -> part(a, rows, result, UrlScalars::domainWithoutWww),
            "domain_without_www");
        register((a, rows, result, n) -> part(a, rows, result, UrlScalars::topLevelDomain), "top_level_domain");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> firstSignificant(d, f, t, false)),
            "first_significant_subdomain");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> firstSignificant(d, f, t, true)),
            "cut_to_first_significant_subdomain");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> path(d, f, t, false)), "path");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> path(d, f, t, true)), "path_full");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> queryString(d, f, t, false, false)),
            "query_string");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> queryString(d, f, t, true, false)),
            "query_string_and_fragment");
        register((a, rows, result, n) -> part(a, rows, result, (d, f, t) -> fragment(d, f, t, false)),
            "fragment");
        register((a, rows, result, n) -> cut(a, rows, result, UrlScalars::www), "cut_www");
        register((a, rows, result, n) -> cut(a, rows, result, (d, f, t) -> queryString(d, f, t, false, true)),
            "cut_query_string");
        register((a, rows, result, n) -> cut(a, rows, result, (d, f, t) -> fragment(d, f, t, true)),
            "cut_fragment");
        register((a, rows, result, n) -> cut(a, rows, result, (d, f, t) -> queryString(d, f, t, true, true)),
            "cut_query_string_and_fragment");
        register((a, rows, result, n) -> UrlParameters.extractParameter(a, rows, result), "extract_url_parameter");
        register((a, rows, result, n) -> UrlParameters.parameters(a, rows, result, false), "extract_url_parameters");
        register((a, rows, result, n) -> UrlParameters.parameters(a, rows, result, true), "extract_url_parameter_names");
        register((a, rows, result, n) -> UrlParameters.hierarchy(a, rows, result), "url_hierarchy");
        register((a, rows, result, n) -> UrlParameters.cutParameter(a, rows, result), "cut_url_parameter");
        register((a, rows, result, n) -> UrlParameters.port(a, rows, result), "port");
        register((a, rows, result, n) -> UrlParameters.encode(a, rows, result), "encode_url_component");
        register((a, rows, result, n) -> UrlParameters.decode(a, rows, result), "decode_url_component");
    }
}
