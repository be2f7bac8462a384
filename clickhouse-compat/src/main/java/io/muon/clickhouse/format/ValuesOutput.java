package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

/** Values: {@code (1,'a'),(2,'b')}, rows as tuples of quoted values separated by commas. */
final class ValuesOutput extends OutputFormat
{
    private final TextWriter text = new TextWriter(false);
    private long rows;

    ValuesOutput(final ByteSink out)
    {
        super(out);
    }

    @Override
    public String contentType()
    {
        return "text/plain; charset=UTF-8";
    }

    @Override
    public void write(final Batch batch)
    {
        final Vector[] vectors = batch.columns();
        for (int r = 0; r < batch.rows(); r++)
        {
            if (rows++ > 0)
            {
                out.write(',');
            }
            out.write('(');
            for (int c = 0; c < vectors.length; c++)
            {
                if (c > 0)
                {
                    out.write(',');
                }
                text.write(out, vectors[c], r, TextWriter.Style.QUOTED);
            }
            out.write(')');
        }
    }
}
