package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/** TSKV: one line per row of {@code name=value} fields separated by tabs, values escaped as in TabSeparated. */
final class TskvOutput extends OutputFormat
{
    private final TextWriter text = new TextWriter(false);
    private byte[][] prefixes;

    TskvOutput(final ByteSink out)
    {
        super(out);
    }

    @Override
    public String contentType()
    {
        return "text/tab-separated-values; charset=UTF-8";
    }

    @Override
    public void begin(final List<LogicalPlan.Column> columns)
    {
        super.begin(columns);
        prefixes = new byte[columns.size()][];
        for (int c = 0; c < columns.size(); c++)
        {
            final ByteSink name = new ByteSink(64);
            text.text(name, columns.get(c).name().replace("=", "\\="), TextWriter.Style.ESCAPED);
            name.write('=');
            prefixes[c] = name.toByteArray();
        }
    }

    @Override
    public void write(final Batch batch)
    {
        final Vector[] vectors = batch.columns();
        for (int r = 0; r < batch.rows(); r++)
        {
            for (int c = 0; c < vectors.length; c++)
            {
                if (c > 0)
                {
                    out.write('\t');
                }
                out.write(prefixes[c]);
                text.write(out, vectors[c], r, TextWriter.Style.ESCAPED);
            }
            out.write('\n');
        }
    }
}
