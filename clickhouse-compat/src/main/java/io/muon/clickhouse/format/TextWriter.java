package io.muon.clickhouse.format;

import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.ValueFormatter;

/**
 * Writes one value of a column vector as ClickHouse's text formats show it, in one of its text {@link Style}s:
 * escaped (TabSeparated), raw, quoted (Values and elements of arrays, tuples and maps), CSV and JSON. Numbers and
 * strings go straight from the vector to the sink; the rarer scalar types (dates, decimals, UUIDs…) are printed by
 * the engine's {@link ValueFormatter} into a reused scratch buffer. One per format instance, one thread.
 */
public final class TextWriter
{
    /** How strings and composite values are spelled. */
    public enum Style
    {
        /** TabSeparated: control characters, backslash and quote escaped with backslashes. */
        ESCAPED,
        /** TabSeparatedRaw: bytes as they are. */
        RAW,
        /** Values and inside composites: strings in single quotes, escaped. */
        QUOTED,
        /** CSV: strings, dates and composites in double quotes with quotes doubled. */
        CSV,
        /** JSON: JSON strings, 64-bit integers quoted (output_format_json_quote_64bit_integers). */
        JSON
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final StringBuilder scratch = new StringBuilder(64);
    private final ByteSink nested = new ByteSink(1 << 30);
    private final boolean quote64BitIntegers;
    private byte csvDelimiter = ',';

    public TextWriter(final boolean quote64BitIntegers)
    {
        this.quote64BitIntegers = quote64BitIntegers;
    }

    /** The CSV field delimiter (format_csv_delimiter), for tuples written as several fields. */
    public void csvDelimiter(final byte delimiter)
    {
        this.csvDelimiter = delimiter;
    }

    /** Writes {@code vector[row]} in {@code style}; NULL is {@code \N} (null in JSON, NULL when quoted). */
    public void write(final ByteSink out, final Vector vector, final int row, final Style style)
    {
        if (vector.isNull(row))
        {
            out.writeAscii(style == Style.JSON ? "null" : style == Style.QUOTED ? "NULL" : "\\N");
            return;
        }
        final DataType type = vector.type().unwrapped();
        switch (type.id())
        {
            case ARRAY:
            case MAP:
            case TUPLE:
                if (style == Style.CSV && type.id() == TypeId.TUPLE)
                {
                    // a tuple's elements are fields of their own in CSV
                    final TupleVector tuple = (TupleVector)vector;
                    for (int i = 0; i < tuple.width(); i++)
                    {
                        if (i > 0)
                        {
                            out.write(csvDelimiter);
                        }
                        write(out, tuple.field(i), row, Style.CSV);
                    }
                }
                else if (style == Style.CSV)
                {
                    // CSV quotes the composite's text as one string
                    nested.clear();
                    composite(nested, vector, row, type, Style.QUOTED);
                    csvQuoted(out, nested.buffer(), 0, nested.length());
                }
                else
                {
                    composite(out, vector, row, type, style == Style.JSON ? Style.JSON : Style.QUOTED);
                }
                return;
            case STRING:
            case FIXED_STRING:
            {
                final BytesVector bytes = (BytesVector)vector;
                string(out, bytes.data(), bytes.start(row), bytes.length(row), style);
                return;
            }
            case FLOAT32:
            case FLOAT64:
            {
                final double v = ((DoubleVector)vector).get(row);
                if (style == Style.JSON && (Double.isNaN(v) || Double.isInfinite(v)))
                {
                    out.writeAscii("null");
                    return;
                }
                scratch.setLength(0);
                if (type.id() == TypeId.FLOAT32)
                {
                    ValueFormatter.appendFloat((float)v, scratch);
                }
                else
                {
                    ValueFormatter.appendDouble(v, scratch);
                }
                out.writeAscii(scratch);
                return;
            }
            case BOOL:
                out.writeAscii(((LongVector)vector).get(row) != 0 ? "true" : "false");
                return;
            case INT8:
            case INT16:
            case INT32:
            case UINT8:
            case UINT16:
            case UINT32:
                out.writeLong(((LongVector)vector).get(row));
                return;
            case INT64:
            case UINT64:
            {
                final boolean quote = style == Style.JSON && quote64BitIntegers;
                if (quote)
                {
                    out.write('"');
                }
                final long v = ((LongVector)vector).get(row);
                if (type.id() == TypeId.UINT64)
                {
                    out.writeUnsignedLong(v);
                }
                else
                {
                    out.writeLong(v);
                }
                if (quote)
                {
                    out.write('"');
                }
                return;
            }
            case INT128:
            case INT256:
            case UINT128:
            case UINT256:
            {
                scratch.setLength(0);
                ValueFormatter.append(vector, row, scratch, false);
                final boolean quote = style == Style.JSON && quote64BitIntegers;
                if (quote)
                {
                    out.write('"');
                }
                out.writeAscii(scratch);
                if (quote)
                {
                    out.write('"');
                }
                return;
            }
            case DECIMAL:
                scratch.setLength(0);
                ValueFormatter.append(vector, row, scratch, false);
                out.writeAscii(scratch);
                return;
            default:
            {
                // dates, times, UUID, IP addresses, enums: text that is quoted where strings are
                scratch.setLength(0);
                ValueFormatter.append(vector, row, scratch, false);
                nested.clear();
                nested.writeUtf8(scratch);
                string(out, nested.buffer(), 0, nested.length(), style);
            }
        }
    }

    private void composite(final ByteSink out, final Vector vector, final int row, final DataType type,
        final Style style)
    {
        final boolean json = style == Style.JSON;
        switch (type.id())
        {
            case ARRAY:
            {
                final ArrayVector array = (ArrayVector)vector;
                out.write('[');
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (i > array.start(row))
                    {
                        out.write(',');
                    }
                    write(out, array.elements(), i, style);
                }
                out.write(']');
                return;
            }
            case MAP:
            {
                final ArrayVector array = (ArrayVector)vector;
                final TupleVector pairs = (TupleVector)array.elements();
                out.write('{');
                for (int i = array.start(row); i < array.start(row + 1); i++)
                {
                    if (i > array.start(row))
                    {
                        out.write(',');
                    }
                    if (json && !isStringLike(pairs.field(0).type()))
                    {
                        // JSON object keys are strings
                        nested.clear();
                        write(nested, pairs.field(0), i, Style.RAW);
                        string(out, nested.buffer(), 0, nested.length(), Style.JSON);
                    }
                    else
                    {
                        write(out, pairs.field(0), i, style);
                    }
                    out.write(':');
                    write(out, pairs.field(1), i, style);
                }
                out.write('}');
                return;
            }
            default:
            {
                final TupleVector tuple = (TupleVector)vector;
                final boolean named = json && type.names() != null && !type.names().isEmpty();
                out.write(named ? '{' : json ? '[' : '(');
                for (int i = 0; i < tuple.width(); i++)
                {
                    if (i > 0)
                    {
                        out.write(',');
                    }
                    if (named)
                    {
                        jsonString(out, type.names().get(i));
                        out.write(':');
                    }
                    write(out, tuple.field(i), row, style);
                }
                out.write(named ? '}' : json ? ']' : ')');
            }
        }
    }

    private static boolean isStringLike(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.STRING || id == TypeId.FIXED_STRING;
    }

    /** A column name or other text as a JSON string. */
    public void jsonString(final ByteSink out, final String text)
    {
        nested.clear();
        nested.writeUtf8(text);
        string(out, nested.buffer(), 0, nested.length(), Style.JSON);
    }

    /** Text (a column name, a type) in a style, as a string value would be written. */
    public void text(final ByteSink out, final String text, final Style style)
    {
        nested.clear();
        nested.writeUtf8(text);
        string(out, nested.buffer(), 0, nested.length(), style);
    }

    /** Bytes of a string value in a style. */
    public static void string(final ByteSink out, final byte[] data, final int start, final int length,
        final Style style)
    {
        switch (style)
        {
            case RAW:
                out.write(data, start, length);
                return;
            case ESCAPED:
                escaped(out, data, start, length);
                return;
            case QUOTED:
                out.write('\'');
                escaped(out, data, start, length);
                out.write('\'');
                return;
            case CSV:
                csvQuoted(out, data, start, length);
                return;
            default:
                json(out, data, start, length);
        }
    }

    private static void escaped(final ByteSink out, final byte[] data, final int start, final int length)
    {
        out.ensure(length);
        for (int i = start; i < start + length; i++)
        {
            final byte b = data[i];
            switch (b)
            {
                case '\b' -> { out.write('\\'); out.write('b'); }
                case '\f' -> { out.write('\\'); out.write('f'); }
                case '\n' -> { out.write('\\'); out.write('n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case '\t' -> { out.write('\\'); out.write('t'); }
                case 0 -> { out.write('\\'); out.write('0'); }
                case '\\' -> { out.write('\\'); out.write('\\'); }
                case '\'' -> { out.write('\\'); out.write('\''); }
                default -> out.write(b);
            }
        }
    }

    private static void csvQuoted(final ByteSink out, final byte[] data, final int start, final int length)
    {
        out.ensure(length + 2);
        out.write('"');
        for (int i = start; i < start + length; i++)
        {
            if (data[i] == '"')
            {
                out.write('"');
            }
            out.write(data[i]);
        }
        out.write('"');
    }

    private static void json(final ByteSink out, final byte[] data, final int start, final int length)
    {
        out.ensure(length + 2);
        out.write('"');
        for (int i = start; i < start + length; i++)
        {
            final int b = data[i] & 0xFF;
            switch (b)
            {
                case '"' -> { out.write('\\'); out.write('"'); }
                case '\\' -> { out.write('\\'); out.write('\\'); }
                case '/' -> { out.write('\\'); out.write('/'); }
                case '\b' -> { out.write('\\'); out.write('b'); }
                case '\f' -> { out.write('\\'); out.write('f'); }
                case '\n' -> { out.write('\\'); out.write('n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case '\t' -> { out.write('\\'); out.write('t'); }
                default ->
                {
                    if (b < 0x20)
                    {
                        out.writeAscii("\\u00");
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xF]);
                    }
                    else
                    {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }
}
