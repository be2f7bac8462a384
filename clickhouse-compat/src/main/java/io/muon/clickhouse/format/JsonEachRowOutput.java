package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * JSONEachRow ({@code {"a":1,"b":"x"}} per line), JSONCompactEachRow ({@code [1, "x"]}) and JSONStringsEachRow
 * (every value as a JSON string of its text).
 */
final class JsonEachRowOutput extends OutputFormat
{
    private final TextWriter text = new TextWriter(true);
    private final ByteSink scratch = new ByteSink(1 << 30);
    private final boolean compact;
    private final boolean strings;
    private byte[][] names;

    JsonEachRowOutput(final ByteSink out, final boolean compact, final boolean strings)
    {
        super(out);
        this.compact = compact;
        this.strings = strings;
    }

    @Override
    public String contentType()
    {
        return "application/x-ndjson; charset=UTF-8";
    }

    @Override
    public void begin(final List<LogicalPlan.Column> columns)
    {
        super.begin(columns);
        names = new byte[columns.size()][];
        for (int c = 0; c < columns.size(); c++)
        {
            final ByteSink name = new ByteSink(64);
            text.jsonString(name, columns.get(c).name());
            name.write(':');
            names[c] = name.toByteArray();
        }
    }

    @Override
    public void write(final Batch batch)
    {
        writeRows(batch, 0, batch.rows());
    }

    @Override
    public void writeRows(final Batch batch, final int from, final int to)
    {
        final Vector[] vectors = batch.columns();
        for (int r = from; r < to; r++)
        {
            out.write(compact ? '[' : '{');
            for (int c = 0; c < vectors.length; c++)
            {
                if (c > 0)
                {
                    if (compact)
                    {
                        out.writeAscii(", ");
                    }
                    else
                    {
                        out.write(',');
                    }
                }
                if (!compact)
                {
                    out.write(names[c]);
                }
                if (strings && !vectors[c].isNull(r))
                {
                    scratch.clear();
                    text.write(scratch, vectors[c], r, TextWriter.Style.RAW);
                    TextWriter.string(out, scratch.buffer(), 0, scratch.length(), TextWriter.Style.JSON);
                }
                else
                {
                    text.write(out, vectors[c], r, TextWriter.Style.JSON);
                }
            }
            out.write(compact ? ']' : '}');
            out.write('\n');
        }
    }
}
