package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * TabSeparated and its variants (Raw, WithNames, WithNamesAndTypes) and CSV (WithNames): one line per row, fields
 * separated by a tab or comma, values escaped (or raw, or CSV-quoted) as ClickHouse writes them.
 */
final class TabSeparatedOutput extends OutputFormat
{
    private final TextWriter text = new TextWriter(false);
    private final TextWriter.Style style;
    private final byte delimiter;
    private final boolean names;
    private final boolean types;

    TabSeparatedOutput(final ByteSink out, final TextWriter.Style style, final boolean names, final boolean types)
    {
        super(out);
        this.style = style;
        this.delimiter = style == TextWriter.Style.CSV ? (byte)',' : (byte)'\t';
        this.names = names;
        this.types = types;
    }

    @Override
    public String contentType()
    {
        return style == TextWriter.Style.CSV ? "text/csv; charset=UTF-8; header=" + (names ? "present" : "absent") :
            "text/tab-separated-values; charset=UTF-8";
    }

    @Override
    public void begin(final List<LogicalPlan.Column> columns)
    {
        super.begin(columns);
        final TextWriter.Style headerStyle = style == TextWriter.Style.RAW ? TextWriter.Style.ESCAPED : style;
        if (names)
        {
            header(columns, headerStyle, false);
        }
        if (types)
        {
            header(columns, headerStyle, true);
        }
    }

    private void header(final List<LogicalPlan.Column> columns, final TextWriter.Style headerStyle,
        final boolean typeNames)
    {
        for (int c = 0; c < columns.size(); c++)
        {
            if (c > 0)
            {
                out.write(delimiter);
            }
            text.text(out, typeNames ? columns.get(c).type().clickHouseName() : columns.get(c).name(), headerStyle);
        }
        out.write('\n');
    }

    @Override
    public void write(final Batch batch)
    {
        writeRows(batch, 0, batch.rows());
    }

    @Override
    public void totals(final Batch totals)
    {
        out.write('\n');
        writeRows(totals, 0, 1);
    }

    @Override
    public void writeRows(final Batch batch, final int from, final int to)
    {
        final Vector[] vectors = batch.columns();
        for (int r = from; r < to; r++)
        {
            for (int c = 0; c < vectors.length; c++)
            {
                if (c > 0)
                {
                    out.write(delimiter);
                }
                text.write(out, vectors[c], r, style);
            }
            out.write('\n');
        }
    }
}
