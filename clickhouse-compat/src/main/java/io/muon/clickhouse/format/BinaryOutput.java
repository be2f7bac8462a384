package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * The binary output formats: RowBinary (with optional names and types header) and Native (one block per batch, in
 * {@link NativeBlockCodec}'s encoding).
 */
final class BinaryOutput extends OutputFormat
{
    private final boolean nativeBlocks;
    private final boolean names;
    private final boolean types;
    private List<String> nativeNames;
    private List<io.muon.kernel.type.DataType> nativeTypes;

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
            if (nativeNames == null)
            {
                nativeNames = columns.stream().map(LogicalPlan.Column::name).toList();
                nativeTypes = columns.stream().map(LogicalPlan.Column::type).toList();
            }
            NativeBlockCodec.writeBlock(out, nativeNames, nativeTypes, vectors, 0, batch.rows(),
                NativeBlockCodec.HTTP_REVISION);
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
