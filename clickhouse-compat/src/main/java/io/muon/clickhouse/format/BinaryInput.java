package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Conversions;
import io.muon.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * RowBinary input (optionally with names, or names and types, first) and Native input (blocks of columns, matched to
 * the INSERT's columns by name and converted when the block's type differs). A binary row cannot be skipped, so
 * errors are never allowed here.
 */
final class BinaryInput extends InputFormat
{
    private final boolean nativeBlocks;
    private final boolean names;
    private final boolean types;
    private int[] mapping;
    private DataType[] headerTypes;
    private boolean defaults;

    BinaryInput(final List<LogicalPlan.Column> columns, final Map<String, Object> settings, final boolean nativeBlocks,
        final boolean names, final boolean types)
    {
        super(columns, Map.of());
        this.nativeBlocks = nativeBlocks;
        this.names = names;
        this.types = types;
    }

    /** RowBinaryWithDefaults: each value is preceded by a byte, 1 for "the column's default", 0 for a value. */
    BinaryInput withDefaults()
    {
        this.defaults = true;
        return this;
    }

    @Override
    protected String name()
    {
        return nativeBlocks ? "Native" : "RowBinary";
    }

    @Override
    protected void readPrefix(final ByteSource in)
    {
        if (!names && !types)
        {
            return;
        }
        final int count = in.readSize(10_000, "column count");
        final List<String> header = new ArrayList<>();
        for (int i = 0; i < count && names; i++)
        {
            header.add(in.readBinaryString());
        }
        if (types)
        {
            headerTypes = new DataType[count];
            for (int i = 0; i < count; i++)
            {
                headerTypes[i] = TypeParser.parse(in.readBinaryString());
            }
        }
        if (names)
        {
            mapping = headerMapping(header, false);
            if (mapping.length != columns.size())
            {
                throw new MuonException(ErrorCodes.INCORRECT_NUMBER_OF_COLUMNS, "RowBinary header names " +
                    mapping.length + " columns, the INSERT has " + columns.size());
            }
        }
        if (headerTypes != null)
        {
            for (int i = 0; i < count; i++)
            {
                final int c = mapping == null ? i : mapping[i];
                if (c < columns.size() && !headerTypes[i].equals(columns.get(c).type()))
                {
                    throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Type of '" + columns.get(c).name() + "' must " +
                        "be " + columns.get(c).type().clickHouseName() + ", not " + headerTypes[i].clickHouseName());
                }
            }
        }
    }

    @Override
    protected boolean readRow(final ByteSource in, final Vector[] vectors)
    {
        if (!in.hasRemaining())
        {
            return false;
        }
        for (int i = 0; i < vectors.length; i++)
        {
            final int c = mapping == null ? i : mapping[i];
            currentColumn = c;
            if (defaults && in.read() != 0)
            {
                vectors[c].appendNull();
                if (vectors[c].type().holdsNull() && !columns.get(c).type().holdsNull())
                {
                    vectors[c].setNull(vectors[c].size() - 1, false);
                }
                continue;
            }
            BinaryColumns.readValue(in, vectors[c]);
        }
        currentColumn = -1;
        return true;
    }

    @Override
    protected void skipBadRow(final ByteSource in)
    {
        throw new MuonException(ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, "a bad " + name() + " row cannot be " +
            "skipped");
    }

    @Override
    public void parse(final ByteSource in, final Consumer<Batch> sink)
    {
        if (!nativeBlocks)
        {
            super.parse(in, sink);
            return;
        }
        long block = 0;
        while (in.hasRemaining())
        {
            block++;
            try
            {
                final NativeBlockCodec.Block read = NativeBlockCodec.readBlock(in, NativeBlockCodec.HTTP_REVISION,
                    Integer.MAX_VALUE);
                final Batch batch = NativeTypes.toInsertBatch(read, columns);
                if (batch.rows() > 0)
                {
                    sink.accept(batch);
                }
            }
            catch (final MuonException e)
            {
                throw new MuonException(e.code(), e.getMessage() + ": (in Native block " + block +
                    (currentColumn >= 0 ? ", column '" + columns.get(currentColumn).name() + "'" : "") +
                    "); nothing was inserted");
            }
        }
    }
}
