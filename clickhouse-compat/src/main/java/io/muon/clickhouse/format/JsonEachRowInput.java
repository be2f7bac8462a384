package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSONEachRow (and JSONStringsEachRow): one JSON object per row, keys matched to the INSERT's columns (missing ones
 * get their default; unknown ones fail unless {@code input_format_skip_unknown_fields}); JSONCompactEachRow (and
 * JSONCompactStringsEachRow): one JSON array per row in column order. Rows may be separated by whitespace or commas
 * and the whole input may be wrapped in one JSON array. Strings may hold numbers and numbers strings.
 */
final class JsonEachRowInput extends InputFormat
{
    private final boolean compact;
    private final boolean skipUnknown;
    private final Map<String, Integer> byName = new HashMap<>();
    private final boolean[] seen;
    private boolean wrapped;

    JsonEachRowInput(final List<LogicalPlan.Column> columns, final Map<String, Object> settings, final boolean compact)
    {
        super(columns, settings);
        this.compact = compact;
        this.skipUnknown = Boolean.TRUE.equals(settings.get("input_format_skip_unknown_fields"));
        for (int c = 0; c < columns.size(); c++)
        {
            byName.put(columns.get(c).name(), c);
        }
        this.seen = new boolean[columns.size()];
    }

    @Override
    protected String name()
    {
        return compact ? "JSONCompactEachRow" : "JSONEachRow";
    }

    @Override
    protected void readPrefix(final ByteSource in)
    {
        TextValueParser.skipSpaces(in);
        if (!compact && in.peek() == '[')
        {
            in.skip(1);
            wrapped = true;
        }
        else if (compact && in.peek() == '[')
        {
            // an outer array of row arrays: "[[1,2],[3,4]]"
            final int mark = in.position();
            in.skip(1);
            TextValueParser.skipSpaces(in);
            if (in.peek() == '[')
            {
                wrapped = true;
            }
            else
            {
                in.position(mark);
            }
        }
    }

    private void skipSeparators(final ByteSource in)
    {
        while (in.hasRemaining())
        {
            final int c = in.peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != ';')
            {
                return;
            }
            in.skip(1);
        }
    }

    @Override
    protected boolean readRow(final ByteSource in, final Vector[] vectors)
    {
        skipSeparators(in);
        if (!in.hasRemaining())
        {
            return false;
        }
        if (wrapped && in.peek() == ']')
        {
            in.skip(1);
            skipSeparators(in);
            if (in.hasRemaining())
            {
                throw new MuonException(ErrorCodes.INCORRECT_DATA, "Unexpected data after the closing ']': '" +
                    TextValueParser.preview(in) + "'");
            }
            return false;
        }
        return compact ? compactRow(in, vectors) : objectRow(in, vectors);
    }

    private boolean compactRow(final ByteSource in, final Vector[] vectors)
    {
        expect(in, '[');
        for (int c = 0; c < vectors.length; c++)
        {
            currentColumn = c;
            if (c > 0)
            {
                expect(in, ',');
            }
            values.quoted(in, vectors[c]);
        }
        currentColumn = -1;
        expect(in, ']');
        return true;
    }

    private boolean objectRow(final ByteSource in, final Vector[] vectors)
    {
        expect(in, '{');
        java.util.Arrays.fill(seen, false);
        TextValueParser.skipSpaces(in);
        if (in.peek() == '}')
        {
            in.skip(1);
        }
        else
        {
            while (true)
            {
                TextValueParser.skipSpaces(in);
                if (in.peek() != '"')
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "Cannot parse JSON object here: '" +
                        TextValueParser.preview(in) + "': expected a quoted key");
                }
                values.readQuotedString(in);
                final String key = new String(values.scratch(), 0, values.scratchLength(), StandardCharsets.UTF_8);
                expect(in, ':');
                final Integer column = byName.get(key);
                if (column == null || seen[column])
                {
                    if (column == null && !skipUnknown)
                    {
                        throw new MuonException(ErrorCodes.INCORRECT_DATA, "Unknown field found while parsing " +
                            "JSONEachRow format: " + key);
                    }
                    if (column != null)
                    {
                        throw new MuonException(ErrorCodes.INCORRECT_DATA, "Duplicate field found while parsing " +
                            "JSONEachRow format: " + key);
                    }
                    skipValue(in, 0);
                }
                else
                {
                    currentColumn = column;
                    values.quoted(in, vectors[column]);
                    seen[column] = true;
                    currentColumn = -1;
                }
                TextValueParser.skipSpaces(in);
                final int c = in.hasRemaining() ? in.read() : -1;
                if (c == '}')
                {
                    break;
                }
                if (c != ',')
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "Cannot parse JSON object: expected ',' or '}'" +
                        " before: '" + TextValueParser.preview(in) + "'");
                }
            }
        }
        for (int c = 0; c < seen.length; c++)
        {
            if (!seen[c])
            {
                vectors[c].appendNull();
                if (vectors[c].type().holdsNull() && !columns.get(c).type().holdsNull())
                {
                    vectors[c].setNull(vectors[c].size() - 1, false);
                }
            }
        }
        return true;
    }

    private static void expect(final ByteSource in, final char c)
    {
        TextValueParser.skipSpaces(in);
        if (in.peek() != c)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "Cannot parse JSON: expected '" + c + "' before: '" +
                TextValueParser.preview(in) + "'");
        }
        in.skip(1);
    }

    /** Skips one JSON value of an unknown key. */
    private void skipValue(final ByteSource in, final int depth)
    {
        if (depth > 1000)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "JSON nested too deeply");
        }
        TextValueParser.skipSpaces(in);
        final int c = in.peek();
        if (c == '"')
        {
            values.readQuotedString(in);
            return;
        }
        if (c == '[' || c == '{')
        {
            final int close = c == '[' ? ']' : '}';
            in.skip(1);
            TextValueParser.skipSpaces(in);
            if (in.peek() == close)
            {
                in.skip(1);
                return;
            }
            while (true)
            {
                if (c == '{')
                {
                    TextValueParser.skipSpaces(in);
                    values.readQuotedString(in);
                    expect(in, ':');
                }
                skipValue(in, depth + 1);
                TextValueParser.skipSpaces(in);
                final int next = in.read();
                if (next == close)
                {
                    return;
                }
                if (next != ',')
                {
                    throw new MuonException(ErrorCodes.INCORRECT_DATA, "Cannot parse JSON: unexpected '" +
                        (char)next + "'");
                }
            }
        }
        while (in.hasRemaining())
        {
            final int b = in.peek();
            if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\t' || b == '\r')
            {
                return;
            }
            in.skip(1);
        }
    }

    @Override
    protected void skipBadRow(final ByteSource in)
    {
        // to the end of the line: JSONEachRow writers put one row per line
        super.skipBadRow(in);
    }
}
