package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;
import java.util.Locale;

/**
 * JSON and JSONCompact: one document with {@code meta} (names and types), {@code data} (rows as objects or arrays),
 * {@code rows} and {@code statistics}, laid out with tabs and newlines as ClickHouse lays them out; 64-bit integers
 * are quoted and NaN/infinity are null, as with ClickHouse's default settings.
 */
final class JsonOutput extends OutputFormat
{
    private final TextWriter text = new TextWriter(true);
    private final boolean compact;
    private byte[][] quotedNames;
    private long rows;
    /** The WITH TOTALS row, written after the data. */
    private Batch totals;

    JsonOutput(final ByteSink out, final boolean compact)
    {
        super(out);
        this.compact = compact;
    }

    @Override
    public String contentType()
    {
        return "application/json; charset=UTF-8";
    }

    @Override
    public void begin(final List<LogicalPlan.Column> columns)
    {
        super.begin(columns);
        out.writeAscii("{\n\t\"meta\":\n\t[\n");
        quotedNames = new byte[columns.size()][];
        for (int c = 0; c < columns.size(); c++)
        {
            final ByteSink name = new ByteSink(64);
            text.jsonString(name, columns.get(c).name());
            quotedNames[c] = name.toByteArray();
            out.writeAscii("\t\t{\n\t\t\t\"name\": ");
            out.write(quotedNames[c]);
            out.writeAscii(",\n\t\t\t\"type\": ");
            text.jsonString(out, columns.get(c).type().clickHouseName());
            out.writeAscii(c + 1 < columns.size() ? "\n\t\t},\n" : "\n\t\t}\n");
        }
        out.writeAscii("\t],\n\n\t\"data\":\n\t[");
    }

    @Override
    public void write(final Batch batch)
    {
        final Vector[] vectors = batch.columns();
        for (int r = 0; r < batch.rows(); r++)
        {
            out.writeAscii(rows++ == 0 ? "\n" : ",\n");
            if (compact)
            {
                out.writeAscii("\t\t[");
                for (int c = 0; c < vectors.length; c++)
                {
                    if (c > 0)
                    {
                        out.writeAscii(", ");
                    }
                    text.write(out, vectors[c], r, TextWriter.Style.JSON);
                }
                out.write(']');
            }
            else
            {
                out.writeAscii("\t\t{\n");
                for (int c = 0; c < vectors.length; c++)
                {
                    out.writeAscii("\t\t\t");
                    out.write(quotedNames[c]);
                    out.writeAscii(": ");
                    text.write(out, vectors[c], r, TextWriter.Style.JSON);
                    out.writeAscii(c + 1 < vectors.length ? ",\n" : "\n");
                }
                out.writeAscii("\t\t}");
            }
        }
    }

    @Override
    public void totals(final Batch totals)
    {
        this.totals = totals;
    }

    @Override
    public void end(final Statistics statistics)
    {
        out.writeAscii("\n\t]");
        if (totals != null)
        {
            // after the data, as ClickHouse's JSON formats place it: an object by name, or JSONCompact's array
            final Vector[] vectors = totals.columns();
            out.writeAscii(compact ? ",\n\n\t\"totals\": [" : ",\n\n\t\"totals\":\n\t{\n");
            for (int c = 0; c < vectors.length; c++)
            {
                if (compact)
                {
                    if (c > 0)
                    {
                        out.write(',');
                    }
                }
                else
                {
                    out.writeAscii(c > 0 ? ",\n\t\t" : "\t\t");
                    out.write(quotedNames[c]);
                    out.writeAscii(": ");
                }
                text.write(out, vectors[c], 0, TextWriter.Style.JSON);
            }
            out.writeAscii(compact ? "]" : "\n\t}");
        }
        out.writeAscii(",\n\n");
        out.writeAscii("\t\"rows\": ");
        out.writeLong(rows);
        if (statistics.rowsBeforeLimit() >= 0)
        {
            out.writeAscii(",\n\n\t\"rows_before_limit_at_least\": ");
            out.writeLong(statistics.rowsBeforeLimit());
        }
        out.writeAscii(",\n\n\t\"statistics\":\n\t{\n\t\t\"elapsed\": ");
        out.writeAscii(String.format(Locale.ROOT, "%.6f", statistics.elapsedSeconds()));
        out.writeAscii(",\n\t\t\"rows_read\": ");
        out.writeLong(statistics.readRows());
        out.writeAscii(",\n\t\t\"bytes_read\": ");
        out.writeLong(statistics.readBytes());
        out.writeAscii("\n\t}\n}\n");
    }

    @Override
    public void error(final String message)
    {
        // ClickHouse closes the data array and reports the exception as a field of the document
        out.writeAscii("\n\t],\n\n\t\"exception\": ");
        text.jsonString(out, message);
        out.writeAscii("\n}\n");
    }
}
