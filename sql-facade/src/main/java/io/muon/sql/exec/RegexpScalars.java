package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vectorized bodies of the regular expression functions: match, extract, extract_all, extract_all_groups
 * (vertical / horizontal), replace_regexp_one / replace_regexp_all (with ClickHouse's {@code \0..\9} substitutions),
 * split_by_regexp and multi_match_any. ClickHouse uses re2; java.util.regex runs the same syntax for the common
 * cases, with {@code .} matching line breaks as ClickHouse sets it. Part of the string search family (registered by
 * {@link StringSearchScalars#register()}).
 */
final class RegexpScalars
{
    private RegexpScalars()
    {
    }

    static void register()
    {
        Scalars.register(RegexpScalars::match, "match");
        Scalars.register(RegexpScalars::extract, "extract");
        Scalars.register(RegexpScalars::extractAll, "extract_all");
        Scalars.register((a, rows, result, nulls) -> extractAllGroups(a, rows, result, nulls, false),
            "extract_all_groups", "extract_all_groups_vertical");
        Scalars.register((a, rows, result, nulls) -> extractAllGroups(a, rows, result, nulls, true),
            "extract_all_groups_horizontal");
        Scalars.register((a, rows, result, nulls) -> replaceRegexp(a, rows, result, nulls, true),
            "replace_regexp_one");
        Scalars.register((a, rows, result, nulls) -> replaceRegexp(a, rows, result, nulls, false),
            "replace_regexp_all", "replace_regex");
        Scalars.register(RegexpScalars::splitByRegexp, "split_by_regexp");
        Scalars.register(RegexpScalars::multiMatchAny, "multi_match_any");
    }

    private static boolean skip(final boolean[] nulls, final int row)
    {
        return nulls != null && nulls[row];
    }

    private static Vector match(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        for (int r = 0; r < rows; r++)
        {
            values[r] = !skip(nulls, r) && cache.get(p, r).matcher(s.getString(r)).find() ? 1 : 0;
        }
        out.setSize(rows);
        return out;
    }

    private static Vector extract(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        for (int r = 0; r < rows; r++)
        {
            if (skip(nulls, r))
            {
                out.append("");
                continue;
            }
            final Matcher m = cache.get(p, r).matcher(s.getString(r));
            final String found = m.find() ? m.group(m.groupCount() > 0 ? 1 : 0) : null;
            out.append(found == null ? "" : found);
        }
        return out;
    }

    private static Vector extractAll(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector parts = (BytesVector)out.elements();
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        for (int r = 0; r < rows; r++)
        {
            if (!skip(nulls, r))
            {
                final Matcher m = cache.get(p, r).matcher(s.getString(r));
                final int group = m.groupCount() > 0 ? 1 : 0;
                // like ClickHouse, an empty match of the whole expression ends the search
                while (m.find() && m.end() > m.start())
                {
                    final String found = m.group(group);
                    parts.append(found == null ? "" : found);
                }
            }
            out.endRow();
        }
        return out;
    }

    private static Vector extractAllGroups(final Vector[] a, final int rows, final DataType result,
        final boolean[] nulls, final boolean horizontal)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final ArrayVector inner = (ArrayVector)out.elements();
        final BytesVector parts = (BytesVector)inner.elements();
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        final List<List<String>> byGroup = new ArrayList<>();
        for (int r = 0; r < rows; r++)
        {
            if (skip(nulls, r))
            {
                out.endRow();
                continue;
            }
            final Pattern pattern = cache.get(p, r);
            final Matcher m = pattern.matcher(s.getString(r));
            final int groups = m.groupCount();
            if (groups == 0)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "There are no groups in regexp: " +
                    pattern.pattern());
            }
            byGroup.clear();
            for (int g = 0; g < groups; g++)
            {
                byGroup.add(new ArrayList<>());
            }
            while (m.find())
            {
                for (int g = 1; g <= groups; g++)
                {
                    final String found = m.group(g);
                    if (horizontal)
                    {
                        byGroup.get(g - 1).add(found == null ? "" : found);
                    }
                    else
                    {
                        parts.append(found == null ? "" : found);
                    }
                }
                if (!horizontal)
                {
                    inner.endRow();
                }
            }
            if (horizontal && !byGroup.get(0).isEmpty())
            {
                for (final List<String> group : byGroup)
                {
                    for (final String found : group)
                    {
                        parts.append(found);
                    }
                    inner.endRow();
                }
            }
            out.endRow();
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // replace_regexp

    /** A parsed replacement: literal pieces and group references (negative numbers: -1 - group). */
    private static final class Replacement
    {
        private String source;
        private final List<String> literals = new ArrayList<>();
        private final List<Integer> groups = new ArrayList<>();
        private int maxGroup = -1;

        void parse(final String text)
        {
            if (text.equals(source))
            {
                return;
            }
            source = text;
            literals.clear();
            groups.clear();
            maxGroup = -1;
            final StringBuilder now = new StringBuilder();
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length())
                {
                    final char next = text.charAt(++i);
                    if (next >= '0' && next <= '9')
                    {
                        literals.add(now.toString());
                        groups.add(next - '0');
                        maxGroup = Math.max(maxGroup, next - '0');
                        now.setLength(0);
                    }
                    else
                    {
                        now.append(next);
                    }
                }
                else
                {
                    now.append(c);
                }
            }
            literals.add(now.toString());
        }

        void apply(final Matcher m, final StringBuilder out)
        {
            for (int i = 0; i < groups.size(); i++)
            {
                out.append(literals.get(i));
                final String g = m.group(groups.get(i));
                if (g != null)
                {
                    out.append(g);
                }
            }
            out.append(literals.get(literals.size() - 1));
        }
    }

    private static Vector replaceRegexp(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean once)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final BytesVector replacements = (BytesVector)a[2];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        final Replacement replacement = new Replacement();
        final StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            if (skip(nulls, r))
            {
                out.append("");
                continue;
            }
            final String input = s.getString(r);
            final Matcher m = cache.get(p, r).matcher(input);
            replacement.parse(replacements.getString(r));
            if (replacement.maxGroup > m.groupCount())
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Id " + replacement.maxGroup + " in replacement " +
                    "string is an invalid substitution, regexp has only " + m.groupCount() + " capturing groups");
            }
            text.setLength(0);
            int position = 0;
            while (position < input.length())
            {
                if (!m.find(position))
                {
                    break;
                }
                text.append(input, position, m.start());
                replacement.apply(m, text);
                position = m.end();
                if (once)
                {
                    break;
                }
                if (m.end() == m.start())
                {
                    // an empty match: step over one character so that the search moves on
                    if (position < input.length())
                    {
                        final int next = input.offsetByCodePoints(position, 1);
                        text.append(input, position, next);
                        position = next;
                    }
                }
            }
            if (position < input.length())
            {
                text.append(input, position, input.length());
            }
            out.append(text.toString());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // split_by_regexp, multi_match_any

    private static Vector splitByRegexp(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector p = (BytesVector)a[0];
        final BytesVector s = (BytesVector)a[1];
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final BytesVector parts = (BytesVector)out.elements();
        final StringSearchScalars.PatternCache cache = new StringSearchScalars.PatternCache();
        for (int r = 0; r < rows; r++)
        {
            if (skip(nulls, r))
            {
                out.endRow();
                continue;
            }
            final long max = StringSearchScalars.maxSubstrings(a, 2, r);
            long count = 0;
            if (p.length(r) == 0)
            {
                final int start = s.start(r);
                for (int i = start; i < start + s.length(r) && count < max; i++, count++)
                {
                    parts.append(s.data(), i, 1);
                }
                out.endRow();
                continue;
            }
            final String input = s.getString(r);
            final Matcher m = cache.get(p, r).matcher(input);
            int position = 0;
            while (count < max)
            {
                if (!m.find(position) || m.end() == m.start())
                {
                    parts.append(input.substring(position));
                    break;
                }
                parts.append(input.substring(position, m.start()));
                count++;
                position = m.end();
            }
            out.endRow();
        }
        return out;
    }

    private static Vector multiMatchAny(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final BytesVector s = (BytesVector)a[0];
        final ArrayVector array = (ArrayVector)a[1];
        final BytesVector patterns = StringSearchScalars.stringElements(array);
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final Map<String, Pattern> compiled = new HashMap<>();
        for (int r = 0; r < rows; r++)
        {
            boolean found = false;
            if (!skip(nulls, r))
            {
                final String input = s.getString(r);
                for (int i = array.start(r); i < array.start(r) + array.length(r) && !found; i++)
                {
                    final Pattern pattern = compiled.computeIfAbsent(patterns.getString(i),
                        StringSearchScalars::compile);
                    found = pattern.matcher(input).find();
                }
            }
            values[r] = found ? 1 : 0;
        }
        out.setSize(rows);
        return out;
    }
}
