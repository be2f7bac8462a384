package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;

/** Null: runs the query and writes nothing (for measuring). */
final class NullOutput extends OutputFormat
{
    NullOutput(final ByteSink out)
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
    }

    @Override
    public void error(final String message)
    {
    }
}
