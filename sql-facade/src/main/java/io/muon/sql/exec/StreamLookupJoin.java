package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of an enrichment join of two streams, as Proton's {@code LATEST} and {@code ASOF} joins: the right
 * stream's rows update a table by join key, the left stream's rows look it up as they arrive and are not kept (a
 * later right row does not join earlier left rows). {@code LATEST} keeps the last right row of each key; {@code ASOF}
 * keeps the {@code keep_versions} right rows of each key with the greatest values of the ON inequality's right side
 * and joins a left row with the closest one that satisfies the inequality. A LEFT join sends a left row without a
 * match with the right columns empty.
 * <p>
 * Right rows live in growable column vectors; rows no key refers to any more are cut out once they outnumber the
 * live ones. Owned by one pipeline thread; {@link #close()} frees the table.
 */
public final class StreamLookupJoin implements StreamingJoin
{
    private static final int MIN_ROWS_BEFORE_CUT = 8192;

    private final JoinOperator.Keys keys;
    private final List<DataType> rightTypes;
    private final boolean leftOuter;
    private final boolean asof;
    /** Right rows kept per key: 1 for LATEST, keep_versions for ASOF. */
    private final int versions;
    private final JoinedRows joinedRows;
    private final GroupTable table;
    private final long maxBufferedBytes;

    private Vector[] rows;
    private Vector asofValues;
    private int rowCount;
    /** Per key, {@code versions} slots of right rows (-1: empty); for ASOF, any order. */
    private int[] slots = new int[0];
    private int live;

    private int[] groups = new int[Batch.DEFAULT_ROWS];
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];

    StreamLookupJoin(final JoinOperator.Keys keys, final List<DataType> leftTypes, final List<DataType> rightTypes,
        final List<DataType> outputTypes, final String kind, final String strictness, final int keepVersions,
        final long maxBufferedBytes, final BitSet wanted)
    {
        if (!kind.equals("INNER") && !kind.equals("LEFT"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Append stream' " + kind + " " + strictness +
                " JOIN 'Append stream' is not supported: " + strictness + " joins of streams are INNER or LEFT");
        }
        if (kind.equals("LEFT") && keys.residual() != null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "LEFT " + strictness + " JOIN of streams takes " +
                "only equalities" + (strictness.equals("ASOF") ? " and the ASOF inequality" : "") + " in ON; " +
                "filter the joined rows in WHERE");
        }
        if (keys.left().length == 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, strictness + " JOIN of streams needs at " +
                "least one equality between the two sides in ON");
        }
        this.keys = keys;
        this.rightTypes = rightTypes;
        this.leftOuter = kind.equals("LEFT");
        this.asof = strictness.equals("ASOF");
        this.versions = asof ? Math.max(1, keepVersions) : 1;
        this.maxBufferedBytes = maxBufferedBytes;
        this.joinedRows = new JoinedRows(outputTypes, leftTypes.size(), wanted);
        this.table = new GroupTable(List.of(keys.types()));
        this.rows = newRows();
        this.asofValues = asof ? Vector.create(keys.asofType(), 64) : null;
    }

    private Vector[] newRows()
    {
        final Vector[] columns = new Vector[rightTypes.size()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = Vector.create(rightTypes.get(c), 64);
        }
        return columns;
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        if (groups.length < batch.rows())
        {
            groups = new int[batch.rows()];
        }
        if (side == RIGHT)
        {
            update(batch);
        }
        else
        {
            probe(batch, out);
        }
    }

    /** Takes the right rows into the table: each replaces its key's latest row, or joins its kept versions. */
    private void update(final Batch batch)
    {
        final int count = batch.rows();
        final Vector[] keyVectors = JoinOperator.keyVectors(keys.right(), keys.types(), batch);
        table.groupIds(keyVectors, count, groups);
        final int base = rowCount;
        for (int c = 0; c < rows.length; c++)
        {
            rows[c].appendRange(batch.column(c), 0, count);
        }
        rowCount += count;
        Vector asofBatch = null;
        if (asof)
        {
            asofBatch = Conversions.convert(keys.asofRight().evaluate(batch), count, keys.asofType(),
                Conversions.Mode.CAST);
            asofValues.appendRange(asofBatch, 0, count);
        }
        if (slots.length < table.groups() * versions)
        {
            final int old = slots.length;
            slots = Arrays.copyOf(slots, Math.max(table.groups() * versions, old * 2));
            Arrays.fill(slots, old, slots.length, -1);
        }
        for (int r = 0; r < count; r++)
        {
            if (JoinOperator.hasNullKey(keyVectors, r) || asof && asofBatch.isNull(r))
            {
                continue;
            }
            final int at = groups[r] * versions;
            if (!asof)
            {
                live += slots[at] < 0 ? 1 : 0;
                slots[at] = base + r;
                continue;
            }
            // an empty slot, or else the version with the least value if the new one is greater
            int target = -1;
            for (int v = at; v < at + versions && target < 0; v++)
            {
                target = slots[v] < 0 ? v : -1;
            }
            if (target >= 0)
            {
                live++;
            }
            else
            {
                int least = at;
                for (int v = at + 1; v < at + versions; v++)
                {
                    if (JoinOperator.compareAsof(asofValues, slots[v], asofValues, slots[least]) < 0)
                    {
                        least = v;
                    }
                }
                target = JoinOperator.compareAsof(asofValues, base + r, asofValues, slots[least]) > 0 ? least : -1;
            }
            if (target >= 0)
            {
                slots[target] = base + r;
            }
        }
        if (rowCount >= 2L * live + MIN_ROWS_BEFORE_CUT)
        {
            cut();
        }
        if (maxBufferedBytes > 0 && bytes() > maxBufferedBytes)
        {
            throw new MuonException(ErrorCodes.SET_SIZE_LIMIT_EXCEEDED, "Streaming join's memory reaches max size: " +
                maxBufferedBytes + ", current total: " + bytes() + " (join_max_buffered_bytes)");
        }
    }

    private long bytes()
    {
        long bytes = 4L * slots.length + table.memoryBytes();
        for (final Vector column : rows)
        {
            bytes += column.heapBytes();
        }
        return bytes + (asofValues == null ? 0 : asofValues.heapBytes());
    }

    /** Keeps only the right rows a key refers to. */
    private void cut()
    {
        final int[] kept = new int[live];
        int count = 0;
        for (int s = 0; s < slots.length; s++)
        {
            if (slots[s] >= 0)
            {
                kept[count] = slots[s];
                slots[s] = count++;
            }
        }
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = rows[c].gather(kept, count);
        }
        if (asof)
        {
            asofValues = asofValues.gather(kept, count);
        }
        rowCount = count;
    }

    /** Joins the left rows with the table as it is now. */
    private void probe(final Batch batch, final Consumer<Batch> out)
    {
        final int count = batch.rows();
        final Vector[] keyVectors = JoinOperator.keyVectors(keys.left(), keys.types(), batch);
        table.find(keyVectors, count, groups);
        final Vector probeAsof = asof ? Conversions.convert(keys.asofLeft().evaluate(batch), count,
            keys.asofType(), Conversions.Mode.CAST) : null;
        int pairs = 0;
        for (int r = 0; r < count; r++)
        {
            int match = -1;
            if (groups[r] >= 0 && groups[r] * versions < slots.length && !JoinOperator.hasNullKey(keyVectors, r))
            {
                match = asof ? closest(groups[r] * versions, probeAsof, r) : slots[groups[r]];
            }
            if (match >= 0 || leftOuter)
            {
                if (pairs == pairLeft.length)
                {
                    pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
                    pairRight = Arrays.copyOf(pairRight, pairs * 2);
                }
                pairLeft[pairs] = r;
                pairRight[pairs] = match;
                pairs++;
            }
        }
        if (pairs == 0)
        {
            return;
        }
        Batch joined = joinedRows.pairs(batch.columns(), pairLeft, rows, pairRight, pairs);
        if (keys.residual() != null)
        {
            joined = StreamJoin.filter(joined, keys.residual());
        }
        if (joined.rows() > 0)
        {
            out.accept(joined);
        }
    }

    /**
     * Of the versions at {@code slots[at, at + versions)}, the one closest to the left value that satisfies {@code
     * left <op> right}, or -1.
     */
    private int closest(final int at, final Vector probeAsof, final int row)
    {
        if (probeAsof.isNull(row))
        {
            return -1;
        }
        final String op = keys.asofOperator();
        final boolean wantLower = op.equals("greater_or_equals") || op.equals("greater");
        final boolean inclusive = op.equals("greater_or_equals") || op.equals("less_or_equals");
        int best = -1;
        for (int v = at; v < at + versions; v++)
        {
            final int candidate = slots[v];
            if (candidate < 0)
            {
                continue;
            }
            // right <= left (or <) for >=, right >= left (or >) for <=
            final int c = JoinOperator.compareAsof(asofValues, candidate, probeAsof, row);
            final boolean satisfies = wantLower ? (inclusive ? c <= 0 : c < 0) : (inclusive ? c >= 0 : c > 0);
            if (!satisfies)
            {
                continue;
            }
            if (best < 0 || (wantLower ? JoinOperator.compareAsof(asofValues, candidate, asofValues, best) > 0 :
                JoinOperator.compareAsof(asofValues, candidate, asofValues, best) < 0))
            {
                best = candidate;
            }
        }
        return best;
    }

    @Override
    public void write(final StateOutput out)
    {
        table.write(out);
        out.writeBatch(new Batch(rows, rowCount), rightTypes);
        out.writeVector(asofValues, rowCount);
        out.writeInt(live);
        out.writeInts(slots, slots.length);
    }

    @Override
    public void read(final StateInput in)
    {
        table.read(in);
        final Batch stored = in.readBatch(rightTypes);
        final Vector storedAsof = in.readVector();
        if (asof != (storedAsof != null) || asof && storedAsof.size() != stored.rows())
        {
            throw StateInput.corrupted("a lookup join of " + stored.rows() + " rows without their ASOF values");
        }
        rows = stored.columns();
        rowCount = stored.rows();
        asofValues = storedAsof;
        live = in.readInt();
        slots = in.readIndexes(rowCount);
    }

    @Override
    public void close()
    {
        table.close();
    }
}
