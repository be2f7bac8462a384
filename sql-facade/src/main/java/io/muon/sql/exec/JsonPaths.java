package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.Vector;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL/JSON functions json_value and json_query over ClickHouse's JSONPath subset: {@code $}, {@code .key},
 * {@code ."key"}, {@code [n]}, {@code [*]}, {@code [a to b, c]} (0-based, end exclusive) and {@code ["key"]}.
 * json_value gives the first scalar reached (strings unquoted, '' for objects and arrays), json_query all values
 * reached as a JSON array joined by ", ". Invalid documents give ''; invalid paths fail with Code 36.
 */
final class JsonPaths
{
    private JsonPaths()
    {
    }


    /** One step of a path: a member name, or (when name is null) element ranges [from, to) or all elements. */
    private record Step(byte[] name, long[] ranges, boolean all)
    {
    }

    private static final Map<String, List<Step>> PATHS = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Step> path(final String text)
    {
        final List<Step> cached = PATHS.get(text);
        if (cached != null)
        {
            return cached;
        }
        final List<Step> steps = parsePath(text);
        if (PATHS.size() < 1000)
        {
            PATHS.put(text, steps);
        }
        return steps;
    }

    private static MuonException badPath(final String text)
    {
        return new MuonException(ErrorCodes.BAD_ARGUMENTS, "Unable to parse JSONPath: " + text);
    }

    private static List<Step> parsePath(final String s)
    {
        int i = skipSpaces(s, 0);
        if (i >= s.length() || s.charAt(i) != '$')
        {
            throw badPath(s);
        }
        i++;
        final List<Step> steps = new ArrayList<>();
        while ((i = skipSpaces(s, i)) < s.length())
        {
            final char c = s.charAt(i);
            if (c == '.')
            {
                i++;
                if (i < s.length() && s.charAt(i) == '"')
                {
                    final int close = s.indexOf('"', i + 1);
                    if (close < 0)
                    {
                        throw badPath(s);
                    }
                    steps.add(new Step(s.substring(i + 1, close).getBytes(StandardCharsets.UTF_8), null, false));
                    i = close + 1;
                    continue;
                }
                final int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'))
                {
                    i++;
                }
                if (i == start)
                {
                    throw badPath(s);
                }
                steps.add(new Step(s.substring(start, i).getBytes(StandardCharsets.UTF_8), null, false));
            }
            else if (c == '[')
            {
                i = skipSpaces(s, i + 1);
                final int close = s.indexOf(']', i);
                if (close < 0 || i >= close)
                {
                    throw badPath(s);
                }
                final String inside = s.substring(i, close).strip();
                if (inside.equals("*"))
                {
                    steps.add(new Step(null, null, true));
                }
                else if (inside.length() >= 2 && (inside.charAt(0) == '"' || inside.charAt(0) == '\'') &&
                    inside.charAt(inside.length() - 1) == inside.charAt(0))
                {
                    steps.add(new Step(inside.substring(1, inside.length() - 1).getBytes(StandardCharsets.UTF_8),
                        null, false));
                }
                else if (Character.isLetter(inside.charAt(0)) || inside.charAt(0) == '_')
                {
                    steps.add(new Step(inside.getBytes(StandardCharsets.UTF_8), null, false));
                }
                else
                {
                    steps.add(new Step(null, ranges(inside, s), false));
                }
                i = close + 1;
            }
            else
            {
                throw badPath(s);
            }
        }
        return steps;
    }

    private static long[] ranges(final String inside, final String path)
    {
        final String[] parts = inside.split(",");
        final long[] out = new long[parts.length * 2];
        try
        {
            for (int p = 0; p < parts.length; p++)
            {
                final String part = parts[p].strip();
                final int to = part.indexOf(" to ");
                if (to >= 0)
                {
                    out[2 * p] = Long.parseLong(part.substring(0, to).strip());
                    out[2 * p + 1] = Long.parseLong(part.substring(to + 4).strip());
                }
                else
                {
                    out[2 * p] = Long.parseLong(part);
                    out[2 * p + 1] = out[2 * p] + 1;
                }
            }
        }
        catch (final NumberFormatException e)
        {
            throw badPath(path);
        }
        return out;
    }

    private static int skipSpaces(final String s, int i)
    {
        while (i < s.length() && s.charAt(i) == ' ')
        {
            i++;
        }
        return i;
    }

    /** Collects the values the path reaches from {@code v}, in document order. */
    private static void evaluate(final JsonScanner json, final int v, final List<Step> steps, final int step,
        final List<Integer> matches, final boolean firstOnly)
    {
        if (firstOnly && !matches.isEmpty())
        {
            return;
        }
        if (step == steps.size())
        {
            matches.add(v);
            return;
        }
        final Step s = steps.get(step);
        if (s.name() != null)
        {
            final int member = json.member(v, s.name(), 0, s.name().length);
            if (member >= 0)
            {
                evaluate(json, member, steps, step + 1, matches, firstOnly);
            }
            return;
        }
        if (json.data[v] != '[')
        {
            return;
        }
        final int length = json.length(v);
        if (s.all())
        {
            for (int k = 0; k < length; k++)
            {
                evaluate(json, json.nth(v, k), steps, step + 1, matches, firstOnly);
            }
            return;
        }
        final long[] r = s.ranges();
        for (int p = 0; p < r.length; p += 2)
        {
            for (long k = Math.max(0, r[p]); k < Math.min(length, r[p + 1]); k++)
            {
                evaluate(json, json.nth(v, (int)k), steps, step + 1, matches, firstOnly);
            }
        }
    }

    static Vector sqlJson(final Vector[] a, final int rows, final DataType result, final boolean query)
    {
        final BytesVector documents = (BytesVector)a[0];
        final BytesVector paths = (BytesVector)a[1];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final JsonScanner json = new JsonScanner();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        final List<Integer> matches = new ArrayList<>();
        for (int r = 0; r < rows; r++)
        {
            final List<Step> steps = path(paths.getString(r));
            buffer.reset();
            final int root = json.document(documents.data(), documents.start(r), documents.start(r + 1));
            if (root >= 0)
            {
                matches.clear();
                evaluate(json, root, steps, 0, matches, !query);
                if (query && !matches.isEmpty())
                {
                    buffer.write('[');
                    for (int m = 0; m < matches.size(); m++)
                    {
                        if (m > 0)
                        {
                            buffer.write(',');
                            buffer.write(' ');
                        }
                        json.raw(matches.get(m), buffer);
                    }
                    buffer.write(']');
                }
                else if (!query && !matches.isEmpty())
                {
                    final int v = matches.get(0);
                    final int type = json.type(v);
                    if (type == JsonScanner.STRING)
                    {
                        json.decodeInto(v, buffer);
                    }
                    else if (type != JsonScanner.OBJECT && type != JsonScanner.ARRAY)
                    {
                        json.raw(v, buffer);
                    }
                }
            }
            out.append(buffer.toByteArray());
        }
        return out;
    }
}
