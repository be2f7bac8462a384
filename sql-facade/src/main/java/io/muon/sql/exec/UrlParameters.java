package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;

import static io.muon.sql.exec.UrlScalars.alnum;
import static io.muon.sql.exec.UrlScalars.cut;
import static io.muon.sql.exec.UrlScalars.find;
import static io.muon.sql.exec.UrlScalars.host;
import static io.muon.sql.exec.UrlScalars.slice;

/**
 * The URL functions over query parameters and the URL hierarchy, plus port and URL (de)coding: the part of the
 * URL family split out of {@link UrlScalars}, which registers them.
 */
final class UrlParameters
{
    private UrlParameters()
    {
    }

    // ---------------------------------------------------------------------------------------------------------------
    // parameters

    /** Where the value of parameter {@code name} starts ("name=" after '?', '#' or '&'), or -1. */
    private static int parameter(final byte[] d, final int from, final int to, final byte[] name)
    {
        final int query = find(d, from, to, '?', '#');
        if (query == to)
        {
            return -1;
        }
        for (int p = query + 1; p + name.length < to; p++)
        {
            if (d[p + name.length] == '=' && java.util.Arrays.equals(d, p, p + name.length, name, 0, name.length))
            {
                final byte before = d[p - 1];
                if (before == '?' || before == '#' || before == '&')
                {
                    return p + name.length + 1;
                }
                p += name.length;
            }
        }
        return -1;
    }

    static Vector extractParameter(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector names = (BytesVector)a[1];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] d = s.data();
        for (int r = 0; r < rows; r++)
        {
            final int to = s.start(r + 1);
            final int value = parameter(d, s.start(r), to, names.getBytes(r));
            if (value < 0)
            {
                out.append(d, 0, 0);
            }
            else
            {
                out.append(d, value, find(d, value, to, '&', '#') - value);
            }
        }
        return out;
    }

    static Vector cutParameter(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector names = (BytesVector)a[1];
        final int[] row = new int[1];
        return cut(a, rows, result, (d, from, to) ->
        {
            final byte[] name = names.getBytes(row[0]++);
            final int query = find(d, from, to, '?', '#');
            if (query + 1 >= to)
            {
                return -1;
            }
            final int at = indexOf(d, query + 1, to, name);
            if (at < 0 || d[at - 1] != '?' && d[at - 1] != '#' && d[at - 1] != '&')
            {
                return -1;
            }
            int begin = at;
            int end = at + name.length + 1;
            while (end < to && d[end] != '&' && d[end] != '#')
            {
                end++;
            }
            if (end < to && d[end] == '&')
            {
                end++;
            }
            else if (d[begin - 1] == '&')
            {
                begin--;
            }
            return slice(begin, end);
        });
    }

    /** The first "name=" in {@code d[from, to)}, or -1. */
    private static int indexOf(final byte[] d, final int from, final int to, final byte[] name)
    {
        for (int p = from; p + name.length < to; p++)
        {
            if (d[p + name.length] == '=' && java.util.Arrays.equals(d, p, p + name.length, name, 0, name.length))
            {
                return p;
            }
        }
        return -1;
    }

    static Vector parameters(final Vector[] a, final int rows, final DataType result, final boolean namesOnly)
    {
        final BytesVector s = (BytesVector)a[0];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector elements = (BytesVector)out.elements();
        final byte[] d = s.data();
        for (int r = 0; r < rows; r++)
        {
            final int to = s.start(r + 1);
            int p = find(d, s.start(r), to, '?', '#');
            while (p < to)
            {
                final int begin = p + 1;
                int end = begin;
                while (end < to && d[end] != '&' && d[end] != '#' && d[end] != '?')
                {
                    end++;
                }
                if (end > begin)
                {
                    int stop = end;
                    if (namesOnly)
                    {
                        stop = find(d, begin, end, '=', '=');
                    }
                    elements.append(d, begin, stop - begin);
                }
                p = end;
            }
            out.endRow();
        }
        return out;
    }

    static Vector hierarchy(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector elements = (BytesVector)out.elements();
        final byte[] d = s.data();
        for (int r = 0; r < rows; r++)
        {
            final int begin = s.start(r);
            final int end = s.start(r + 1);
            int p = begin;
            while (p < end && (d[p] > 'a' && d[p] < 'z' || d[p] > 'A' && d[p] < 'Z'))
            {
                p++;
            }
            if (p == begin || p + 3 >= end || d[p] != ':' || d[p + 1] != '/' || d[p + 2] != '/')
            {
                if (end > begin)
                {
                    elements.append(d, begin, end - begin);
                }
                out.endRow();
                continue;
            }
            p += 3;
            while (p < end && d[p] != '/' && d[p] != '?' && d[p] != '#')
            {
                p++;
            }
            if (p != end)
            {
                p++;
            }
            elements.append(d, begin, p - begin);
            while (true)
            {
                while (p < end && (d[p] == '/' || d[p] == '?' || d[p] == '#'))
                {
                    p++;
                }
                if (p == end)
                {
                    break;
                }
                while (p < end && d[p] != '/' && d[p] != '?' && d[p] != '#')
                {
                    p++;
                }
                if (p != end)
                {
                    p++;
                }
                elements.append(d, begin, p - begin);
            }
            out.endRow();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // port and URL encoding

    static Vector port(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final LongVector out = (LongVector)Vector.create(result, rows);
        final byte[] d = s.data();
        for (int r = 0; r < rows; r++)
        {
            final long fallback = a.length > 1 ? Scalars.getLong(a[1], r) & 0xFFFF : 0;
            final int to = s.start(r + 1);
            final long h = host(d, s.start(r), to);
            long port = fallback;
            int p = (int)h;
            if (h >= 0 && p < to && d[p] == ':')
            {
                long value = 0;
                for (p++; p < to && d[p] != '/'; p++)
                {
                    if (d[p] < '0' || d[p] > '9' || (value = value * 10 + d[p] - '0') > 65535)
                    {
                        value = -1;
                        break;
                    }
                }
                if (value >= 0)
                {
                    port = value;
                }
            }
            out.append(port);
        }
        return out;
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static Vector encode(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] d = s.data();
        final ByteArrayOutputStream row = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            row.reset();
            for (int i = s.start(r); i < s.start(r + 1); i++)
            {
                final byte c = d[i];
                if (alnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
                {
                    row.write(c);
                }
                else
                {
                    row.write('%');
                    row.write(HEX[(c >> 4) & 0xF]);
                    row.write(HEX[c & 0xF]);
                }
            }
            out.append(row.toByteArray());
        }
        return out;
    }

    static Vector decode(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] d = s.data();
        final ByteArrayOutputStream row = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            row.reset();
            final int to = s.start(r + 1);
            for (int i = s.start(r); i < to; i++)
            {
                final int hi = i + 2 < to && d[i] == '%' ? Character.digit(d[i + 1], 16) : -1;
                final int lo = hi >= 0 ? Character.digit(d[i + 2], 16) : -1;
                if (lo >= 0)
                {
                    row.write(hi << 4 | lo);
                    i += 2;
                }
                else
                {
                    row.write(d[i]);
                }
            }
            out.append(row.toByteArray());
        }
        return out;
    }
}
