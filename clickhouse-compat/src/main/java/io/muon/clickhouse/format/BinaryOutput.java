package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * The binary output formats: RowBinary (with optional names and types header) and Native (one block per batch:
 * column and row counts, then per column its name, type and values).
 */
final class BinaryOutput extends OutputFormat
{
    private final boolean nativeBlocks;
    private final boolean names;
    private final boolean types;

    BinaryOutput(final ByteSink out, final boolean nativeBlocks, final boolean names, final boolean types)
    {
        super(out);
        this.nativeBlocks = nativeBlocks;
        this.names = names;
        this.types = types;
    }

    @Override
    public String contentType()
    {
        return "application/octet-stream";
    }

    @Override
    public void begin(final List<LogicalPlan.Column> columns)
    {
        super.begin(columns);
        if (names || types)
        {
            out.writeVarUInt(columns.size());
        }
        if (names)
        {
            columns.forEach(c -> out.writeBinaryString(c.name()));
        }
        if (types)
        {
            // RowBinary writes LowCardinality values as their plain type, so the header keeps the declared type
            columns.forEach(c -> out.writeBinaryString(c.type().clickHouseName()));
        }
    }

    @Override
    public void write(final Batch batch)
    {
        final Vector[] vectors = batch.columns();
        if (nativeBlocks)
        {
            out.writeVarUInt(vectors.length);
            out.writeVarUInt(batch.rows());
            for (int c = 0; c < vectors.length; c++)
            {
                out.writeBinaryString(columns.get(c).name());
                out.writeBinaryString(BinaryColumns.nativeTypeName(columns.get(c).type()));
                BinaryColumns.writeColumn(out, vectors[c], 0, batch.rows());
            }
            return;
        }
        for (int r = 0; r < batch.rows(); r++)
        {
            for (final Vector vector : vectors)
            {
                BinaryColumns.writeValue(out, vector, r);
            }
        }
    }
}
