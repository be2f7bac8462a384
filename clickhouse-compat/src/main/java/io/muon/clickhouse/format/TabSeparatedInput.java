package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TabSeparated (escaped, or Raw) and CSV input, with optional names (and types) header lines. Fields without escapes
 * are parsed straight from the input bytes; escaped or quoted ones are unescaped into a scratch buffer first. With a
 * names header the fields are matched to the INSERT's columns by name; columns the data does not have get their
 * type's default.
 */
final class TabSeparatedInput extends InputFormat
{
    private final boolean csv;
    private final boolean raw;
    private final boolean names;
    private final boolean types;
    private final byte delimiter;
    private final boolean skipUnknown;
    private byte[] field = new byte[256];
    private int fieldLength;
    /** Where the current field's bytes are: the input (no escapes) or {@link #field}. */
    private byte[] fieldData;
    private int fieldStart;
    private boolean fieldNull;
    private boolean fieldQuoted;
    private int[] mapping;
    private boolean[] seen;

    TabSeparatedInput(final List<LogicalPlan.Column> columns, final Map<String, Object> settings, final boolean csv,
        final boolean raw, final boolean names, final boolean types)
    {
        super(columns, settings);
        this.csv = csv;
        this.raw = raw;
        this.names = names;
        this.types = types;
        final Object delimiterSetting = settings.get("format_csv_delimiter");
        this.delimiter = csv ? (delimiterSetting instanceof String s && s.length() == 1 ? (byte)s.charAt(0) : (byte)',') :
            (byte)'\t';
        this.skipUnknown = Boolean.TRUE.equals(settings.get("input_format_skip_unknown_fields"));
    }

    @Override
    protected String name()
    {
        return csv ? "CSV" : "TabSeparated";
    }

    @Override
    protected void readPrefix(final ByteSource in)
    {
        if (names)
        {
            final List<String> header = new ArrayList<>();
            while (true)
            {
                readField(in, false);
                header.add(new String(fieldData, fieldStart, fieldLength, StandardCharsets.UTF_8));
                if (!in.hasRemaining() || in.peek() == '\n' || in.peek() == '\r')
                {
                    endOfLine(in);
                    break;
                }
                expectDelimiter(in);
            }
            mapping = headerMapping(header, skipUnknown);
            seen = new boolean[columns.size()];
        }
        if (types)
        {
            skipBadRow(in);
        }
    }

    @Override
    protected boolean readRow(final ByteSource in, final Vector[] vectors)
    {
        if (!in.hasRemaining())
        {
            return false;
        }
        if (csv && in.peek() == '\n' && in.remaining() == 1)
        {
            in.skip(1);
            return false;
        }
        final int fields = mapping == null ? vectors.length : mapping.length;
        if (seen != null)
        {
            java.util.Arrays.fill(seen, false);
        }
        for (int i = 0; i < fields; i++)
        {
            final int c = mapping == null ? i : mapping[i];
            currentColumn = c;
            if (i > 0)
            {
                expectDelimiter(in);
            }
            readField(in, c >= 0 && isComposite(vectors[c]));
            if (c < 0)
            {
                continue;
            }
            if (seen != null)
            {
                seen[c] = true;
            }
            final Vector vector = vectors[c];
            if (fieldNull)
            {
                vector.appendNull();
            }
            else if (csv && !fieldQuoted && fieldLength == 0 && vector.type().unwrapped().id() != TypeId.STRING)
            {
                // an empty unquoted CSV field is the default value
                vector.appendNull();
                if (vector.type().holdsNull())
                {
                    vector.setNull(vector.size() - 1, false);
                }
            }
            else
            {
                values.field(fieldData, fieldStart, fieldLength, vector);
            }
        }
        currentColumn = -1;
        if (seen != null)
        {
            for (int c = 0; c < seen.length; c++)
            {
                if (!seen[c])
                {
                    vectors[c].appendNull();
                }
            }
        }
        endOfLine(in);
        return true;
    }

    private void expectDelimiter(final ByteSource in)
    {
        if (!in.hasRemaining() || in.peek() != delimiter)
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "Cannot parse input: expected '" +
                (delimiter == '\t' ? "\\t" : String.valueOf((char)delimiter)) + "' before: '" +
                TextValueParser.preview(in) + "'");
        }
        in.skip(1);
    }

    private void endOfLine(final ByteSource in)
    {
        if (!in.hasRemaining())
        {
            return;
        }
        if (in.peek() == '\r')
        {
            in.skip(1);
        }
        if (in.hasRemaining() && in.peek() != '\n')
        {
            throw new MuonException(ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "Cannot parse input: expected '\\n'" +
                " before: '" + TextValueParser.preview(in) + "'");
        }
        if (in.hasRemaining())
        {
            in.skip(1);
        }
    }

    /** Arrays, maps and tuples are written in quoted syntax inside TabSeparated, not escaped again. */
    private static boolean isComposite(final Vector vector)
    {
        final TypeId id = vector.type().unwrapped().id();
        return id == TypeId.ARRAY || id == TypeId.MAP || id == TypeId.TUPLE;
    }

    private void readField(final ByteSource in, final boolean composite)
    {
        fieldNull = false;
        fieldQuoted = false;
        if (csv)
        {
            csvField(in);
            return;
        }
        final boolean raw = this.raw || composite;
        final byte[] data = in.data();
        final int start = in.position();
        final int limit = in.limit();
        int p = start;
        while (p < limit)
        {
            final byte b = data[p];
            if (b == '\t' || b == '\n' || (b == '\\' && !raw))
            {
                break;
            }
            p++;
        }
        if (p == limit || data[p] != '\\')
        {
            fieldData = data;
            fieldStart = start;
            fieldLength = p - start;
            if (fieldLength > 0 && data[p - 1] == '\r' && (p == limit || data[p] == '\n'))
            {
                fieldLength--;
                p--;
            }
            in.position(p);
            return;
        }
        // escapes: unescape into the scratch field
        if (p + 1 < limit && data[p + 1] == 'N' && p == start && (p + 2 == limit || data[p + 2] == '\t' ||
            data[p + 2] == '\n' || data[p + 2] == '\r'))
        {
            fieldNull = true;
            fieldData = data;
            fieldStart = start;
            fieldLength = 0;
            in.position(p + 2);
            return;
        }
        fieldLength = 0;
        put(data, start, p - start);
        while (p < limit)
        {
            final byte b = data[p];
            if (b == '\t' || b == '\n')
            {
                break;
            }
            if (b == '\\' && p + 1 < limit)
            {
                final byte e = data[p + 1];
                p += 2;
                switch (e)
                {
                    case 'b' -> put('\b');
                    case 'f' -> put('\f');
                    case 'n' -> put('\n');
                    case 'r' -> put('\r');
                    case 't' -> put('\t');
                    case '0' -> put(0);
                    case 'a' -> put(7);
                    case 'v' -> put(11);
                    case 'x' ->
                    {
                        if (p + 2 > limit)
                        {
                            throw new MuonException(ErrorCodes.CANNOT_PARSE_ESCAPE_SEQUENCE, "Cannot parse escape " +
                                "sequence \\x at the end of the data");
                        }
                        try
                        {
                            put(Integer.parseInt(new String(data, p, 2, StandardCharsets.US_ASCII), 16));
                        }
                        catch (final NumberFormatException ex)
                        {
                            throw new MuonException(ErrorCodes.CANNOT_PARSE_ESCAPE_SEQUENCE, "Cannot parse escape " +
                                "sequence \\x" + new String(data, p, 2, StandardCharsets.US_ASCII));
                        }
                        p += 2;
                    }
                    default -> put(e);
                }
                continue;
            }
            put(b);
            p++;
        }
        if (fieldLength > 0 && field[fieldLength - 1] == '\r' && (p == limit || data[p] == '\n'))
        {
            fieldLength--;
        }
        fieldData = field;
        fieldStart = 0;
        in.position(p);
    }

    private void csvField(final ByteSource in)
    {
        final byte[] data = in.data();
        final int limit = in.limit();
        int p = in.position();
        while (p < limit && (data[p] == ' ' || data[p] == '\t') && data[p] != delimiter)
        {
            p++;
        }
        if (p < limit && (data[p] == '"'))
        {
            fieldQuoted = true;
            fieldLength = 0;
            p++;
            while (true)
            {
                if (p >= limit)
                {
                    throw new MuonException(ErrorCodes.CANNOT_PARSE_QUOTED_STRING, "Cannot parse CSV: expected " +
                        "closing quote");
                }
                final byte b = data[p++];
                if (b == '"')
                {
                    if (p < limit && data[p] == '"')
                    {
                        put('"');
                        p++;
                        continue;
                    }
                    break;
                }
                put(b);
            }
            while (p < limit && (data[p] == ' ' || data[p] == '\t') && data[p] != delimiter)
            {
                p++;
            }
            fieldData = field;
            fieldStart = 0;
            in.position(p);
            return;
        }
        final int start = p;
        while (p < limit && data[p] != delimiter && data[p] != '\n' && data[p] != '\r')
        {
            p++;
        }
        int end = p;
        while (end > start && (data[end - 1] == ' ' || data[end - 1] == '\t'))
        {
            end--;
        }
        fieldData = data;
        fieldStart = start;
        fieldLength = end - start;
        fieldNull = fieldLength == 2 && data[start] == '\\' && data[start + 1] == 'N';
        in.position(p);
    }

    private void put(final int b)
    {
        if (fieldLength == field.length)
        {
            field = java.util.Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = (byte)b;
    }

    private void put(final byte[] data, final int start, final int length)
    {
        while (fieldLength + length > field.length)
        {
            field = java.util.Arrays.copyOf(field, field.length * 2);
        }
        System.arraycopy(data, start, field, fieldLength, length);
        fieldLength += length;
    }
}
