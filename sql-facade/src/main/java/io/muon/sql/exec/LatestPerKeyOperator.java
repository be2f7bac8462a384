package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * The latest row of each primary key of a versioned_kv or changelog_kv stream, from all its rows: the row with the
 * greatest version (ties: the greatest {@code _tp_sn}, the later append) wins, and a changelog_kv key whose latest
 * row is a delete ({@code _tp_delta} -1) is left out. Reads its whole input first (rows no key refers to any more
 * are cut out as it goes), then yields the latest rows in the order their keys first appeared. {@code table(s)} of a
 * keyed stream, and the starting state of a streaming query over one.
 */
final class LatestPerKeyOperator implements Operator
{
    private static final int MIN_ROWS_BEFORE_CUT = 65_536;

    private final Operator input;
    private final Evaluator[] keys;
    private final List<DataType> keyTypes;
    private final Evaluator version;
    private final int sequence;
    private final int delta;
    private final List<DataType> types;
    private final QueryContext context;
    private GroupTable table;
    private Vector[] rows;
    private Vector versions;
    private int stored;
    private int[] best = new int[0];
    private int[] ids = new int[Batch.DEFAULT_ROWS];
    private int[] out;
    private int outCount;
    private int outAt;
    private boolean read;
    /** Rows from this sequence number on are left out (a streaming query's tail reads them). */
    private final long sequenceLimit;

    LatestPerKeyOperator(final Operator input, final Evaluator[] keys, final List<DataType> keyTypes,
        final Evaluator version, final DataType versionType, final int sequence, final int delta,
        final List<DataType> types, final QueryContext context, final long sequenceLimit)
    {
        this.sequenceLimit = sequenceLimit;
        this.input = input;
        this.keys = keys;
        this.keyTypes = keyTypes;
        this.version = version;
        this.sequence = sequence;
        this.delta = delta;
        this.types = types;
        this.context = context;
        this.table = new GroupTable(keyTypes);
        this.rows = new Vector[types.size()];
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = Vector.create(types.get(c), 1024);
        }
        this.versions = Vector.create(versionType, 1024);
    }

    /**
     * For a streaming query's starting state: read at most this many input batches per call, returning an empty
     * batch until the input is read, so that one large state does not hold up its agent's other pipelines. 0: read
     * everything at the first call.
     */
    private int batchesPerCall;

    /** Reads its input {@code batches} batches per {@link #next()} call (empty batches until done). */
    LatestPerKeyOperator incremental(final int batches)
    {
        this.batchesPerCall = batches;
        return this;
    }

    @Override
    public Batch next()
    {
        if (!read)
        {
            if (batchesPerCall > 0)
            {
                for (int i = 0; i < batchesPerCall; i++)
                {
                    final Batch batch = input.next();
                    if (batch == null)
                    {
                        finishReading();
                        read = true;
                        break;
                    }
                    context.checkAlive();
                    add(beforeLimit(batch));
                }
                if (!read)
                {
                    return new Batch(new Vector[rows.length], 0);
                }
            }
            else
            {
                readAll();
                read = true;
            }
        }
        if (outAt >= outCount)
        {
            return null;
        }
        final int count = Math.min(Batch.DEFAULT_ROWS, outCount - outAt);
        final int[] positions = Arrays.copyOfRange(out, outAt, outAt + count);
        outAt += count;
        final Vector[] columns = new Vector[rows.length];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = rows[c].gather(positions, count);
        }
        return new Batch(columns, count);
    }

    private void readAll()
    {
        Batch batch;
        while ((batch = input.next()) != null)
        {
            context.checkAlive();
            add(beforeLimit(batch));
        }
        finishReading();
    }

    /** The latest row of each key, in the order keys first appeared. */
    private void finishReading()
    {
        out = new int[table.groups()];
        for (int g = 0; g < table.groups(); g++)
        {
            final int row = best[g];
            if (row >= 0 && (delta < 0 || ((LongVector)rows[delta]).get(row) >= 0))
            {
                out[outCount++] = row;
            }
        }
    }

    private Batch beforeLimit(final Batch batch)
    {
        if (sequenceLimit == Long.MAX_VALUE)
        {
            return batch;
        }
        final LongVector sequences = (LongVector)batch.column(sequence);
        final int[] kept = new int[batch.rows()];
        int count = 0;
        for (int r = 0; r < batch.rows(); r++)
        {
            if (sequences.get(sequences.isConstant() ? 0 : r) < sequenceLimit)
            {
                kept[count++] = r;
            }
        }
        if (count == batch.rows())
        {
            return batch;
        }
        final Vector[] columns = new Vector[batch.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = batch.column(c).gather(kept, count);
        }
        return new Batch(columns, count);
    }

    private void add(final Batch batch)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        final int count = batch.rows();
        if (ids.length < count)
        {
            ids = new int[count];
        }
        final Vector[] keyVectors = new Vector[keys.length];
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = Conversions.convert(keys[k].evaluate(batch), count, keyTypes.get(k),
                Conversions.Mode.CAST);
        }
        table.groupIds(keyVectors, count, ids);
        final int base = stored;
        for (int c = 0; c < rows.length; c++)
        {
            rows[c].appendRange(batch.column(c), 0, count);
        }
        versions.appendRange(version.evaluate(batch), 0, count);
        stored += count;
        if (best.length < table.groups())
        {
            final int old = best.length;
            best = Arrays.copyOf(best, Math.max(table.groups(), old * 2 + 16));
            Arrays.fill(best, old, best.length, -1);
        }
        for (int r = 0; r < count; r++)
        {
            final int group = ids[r];
            if (best[group] < 0 || newer(base + r, best[group]))
            {
                best[group] = base + r;
            }
        }
        if (stored >= 2L * table.groups() + MIN_ROWS_BEFORE_CUT)
        {
            cut();
        }
    }

    /** Whether stored row {@code a} is a later version of its key than stored row {@code b}. */
    private boolean newer(final int a, final int b)
    {
        final int byVersion = JoinOperator.compareAsof(versions, a, versions, b);
        if (byVersion != 0)
        {
            return byVersion > 0;
        }
        final LongVector sequences = (LongVector)rows[sequence];
        return sequences.get(a) > sequences.get(b);
    }

    /** Keeps only the rows that are some key's latest. */
    private void cut()
    {
        final int groups = table.groups();
        final int[] kept = new int[groups];
        int count = 0;
        for (int g = 0; g < groups; g++)
        {
            if (best[g] >= 0)
            {
                kept[count] = best[g];
                best[g] = count++;
            }
        }
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = rows[c].gather(kept, count);
        }
        versions = versions.gather(kept, count);
        stored = count;
    }

    @Override
    public void close()
    {
        try
        {
            input.close();
        }
        finally
        {
            table.close();
        }
    }
}
