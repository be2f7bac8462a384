package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of a join of an append stream with a versioned_kv or changelog_kv stream (ALL, INNER or LEFT), as
 * Proton's dynamic enrichment: the right stream keeps the latest row of each primary key (a row with a lower version
 * than the key's is ignored, a changelog delete removes the key), and each left row, as it arrives, joins every
 * current right row of its join key (several when the join key is part of the primary key). Left rows are not kept:
 * a later right row does not join earlier left rows.
 * <p>
 * Primary keys are numbered by one {@link GroupTable}, join keys by another; each key's row hangs in a doubly
 * linked list of its join key (in order of arrival), so an update that changes a row's join key moves it. Right
 * rows live in growable vectors; rows no key refers to any more are cut out once they outnumber the live ones. Owned
 * by one pipeline thread.
 */
public final class StreamKeyedJoin implements StreamingJoin
{
    private static final int MIN_ROWS_BEFORE_CUT = 8192;

    private final JoinOperator.Keys keys;
    private final Evaluator[] primaryKey;
    private final List<DataType> primaryKeyTypes;
    private final Evaluator version;
    private final int sequence;
    private final int delta;
    private final List<DataType> rightTypes;
    private final boolean leftOuter;
    private final JoinedRows joinedRows;
    private final long maxBufferedBytes;
    private final GroupTable primaryKeys;
    private final GroupTable joinKeys;

    private Vector[] rows;
    private Vector versions;
    private int rowCount;
    private int live;
    /** Per primary key: its current row (-1: none), its join key, its neighbours in that join key's list. */
    private int[] current = new int[0];
    private int[] joinKeyOf = new int[0];
    private int[] next = new int[0];
    private int[] previous = new int[0];
    /** Per join key: the first and last primary keys of its list, in order of arrival (-1: empty). */
    private int[] head = new int[0];
    private int[] last = new int[0];

    private int[] pkIds = new int[Batch.DEFAULT_ROWS];
    private int[] joinIds = new int[Batch.DEFAULT_ROWS];
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];

    StreamKeyedJoin(final JoinOperator.Keys keys, final LatestKeys latest, final List<DataType> leftTypes,
        final List<DataType> rightTypes, final List<DataType> outputTypes, final String kind,
        final long maxBufferedBytes, final BitSet wanted)
    {
        if (!kind.equals("INNER") && !kind.equals("LEFT"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Append stream' " + kind + " All JOIN 'Versioned " +
                "stream' is not supported: an append stream joins a keyed stream with INNER or LEFT");
        }
        if (keys.left().length == 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "A join with a keyed stream needs at " +
                "least one equality between the two sides in ON");
        }
        if (kind.equals("LEFT") && keys.residual() != null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "LEFT JOIN with a keyed stream takes only " +
                "equalities in ON; filter the joined rows in WHERE");
        }
        this.keys = keys;
        this.primaryKey = latest.keys();
        this.primaryKeyTypes = latest.keyTypes();
        this.version = latest.version();
        this.sequence = latest.sequence();
        this.delta = latest.delta();
        this.rightTypes = rightTypes;
        this.leftOuter = kind.equals("LEFT");
        this.maxBufferedBytes = maxBufferedBytes;
        this.joinedRows = new JoinedRows(outputTypes, leftTypes.size(), wanted);
        this.primaryKeys = new GroupTable(primaryKeyTypes);
        this.joinKeys = new GroupTable(List.of(keys.types()));
        this.rows = new Vector[rightTypes.size()];
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = Vector.create(rightTypes.get(c), 64);
        }
        this.versions = Vector.create(latest.versionType(), 64);
    }

    /** A keyed stream's primary key, version, {@code _tp_sn} and {@code _tp_delta} (-1: none) columns. */
    record LatestKeys(Evaluator[] keys, List<DataType> keyTypes, Evaluator version, DataType versionType,
        int sequence, int delta)
    {
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        if (pkIds.length < batch.rows())
        {
            pkIds = new int[batch.rows()];
            joinIds = new int[batch.rows()];
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

    private void update(final Batch batch)
    {
        final int count = batch.rows();
        final Vector[] pkVectors = new Vector[primaryKey.length];
        for (int k = 0; k < pkVectors.length; k++)
        {
            pkVectors[k] = Conversions.convert(primaryKey[k].evaluate(batch), count, primaryKeyTypes.get(k),
                Conversions.Mode.CAST);
        }
        primaryKeys.groupIds(pkVectors, count, pkIds);
        final Vector[] joinVectors = JoinOperator.keyVectors(keys.right(), keys.types(), batch);
        joinKeys.groupIds(joinVectors, count, joinIds);
        final int base = rowCount;
        for (int c = 0; c < rows.length; c++)
        {
            rows[c].appendRange(batch.column(c), 0, count);
        }
        versions.appendRange(version.evaluate(batch), 0, count);
        rowCount += count;
        growKeys();
        for (int r = 0; r < count; r++)
        {
            final int pk = pkIds[r];
            final int row = base + r;
            if (current[pk] >= 0 && !newer(row, current[pk]))
            {
                continue;
            }
            final boolean deletes = delta >= 0 && ((LongVector)rows[delta]).get(row) < 0;
            if (current[pk] >= 0)
            {
                unlink(pk);
                live--;
            }
            if (deletes || JoinOperator.hasNullKey(joinVectors, r))
            {
                current[pk] = -1;
                continue;
            }
            current[pk] = row;
            live++;
            link(pk, joinIds[r]);
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

    private void growKeys()
    {
        final int keysNow = primaryKeys.groups();
        if (current.length < keysNow)
        {
            final int old = current.length;
            final int size = Math.max(keysNow, old * 2 + 16);
            current = Arrays.copyOf(current, size);
            joinKeyOf = Arrays.copyOf(joinKeyOf, size);
            next = Arrays.copyOf(next, size);
            previous = Arrays.copyOf(previous, size);
            Arrays.fill(current, old, size, -1);
            Arrays.fill(joinKeyOf, old, size, -1);
        }
        if (head.length < joinKeys.groups())
        {
            final int old = head.length;
            head = Arrays.copyOf(head, Math.max(joinKeys.groups(), old * 2 + 16));
            last = Arrays.copyOf(last, head.length);
            Arrays.fill(head, old, head.length, -1);
            Arrays.fill(last, old, last.length, -1);
        }
    }

    private boolean newer(final int a, final int b)
    {
        final int byVersion = JoinOperator.compareAsof(versions, a, versions, b);
        if (byVersion != 0)
        {
            return byVersion > 0;
        }
        final LongVector sequences = (LongVector)rows[sequence];
        return sequences.get(a) >= sequences.get(b);
    }

    private void link(final int pk, final int joinKey)
    {
        joinKeyOf[pk] = joinKey;
        next[pk] = -1;
        previous[pk] = last[joinKey];
        if (last[joinKey] >= 0)
        {
            next[last[joinKey]] = pk;
        }
        else
        {
            head[joinKey] = pk;
        }
        last[joinKey] = pk;
    }

    private void unlink(final int pk)
    {
        final int joinKey = joinKeyOf[pk];
        if (joinKey < 0)
        {
            return;
        }
        if (previous[pk] >= 0)
        {
            next[previous[pk]] = next[pk];
        }
        else
        {
            head[joinKey] = next[pk];
        }
        if (next[pk] >= 0)
        {
            previous[next[pk]] = previous[pk];
        }
        else
        {
            last[joinKey] = previous[pk];
        }
        joinKeyOf[pk] = -1;
    }

    private long bytes()
    {
        long bytes = 20L * current.length + 8L * head.length + primaryKeys.memoryBytes() + joinKeys.memoryBytes();
        for (final Vector column : rows)
        {
            bytes += column.heapBytes();
        }
        return bytes + versions.heapBytes();
    }

    /** Keeps only the rows that are some key's current one. */
    private void cut()
    {
        final int[] kept = new int[live];
        int count = 0;
        for (int pk = 0; pk < primaryKeys.groups(); pk++)
        {
            if (current[pk] >= 0)
            {
                kept[count] = current[pk];
                current[pk] = count++;
            }
        }
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = rows[c].gather(kept, count);
        }
        versions = versions.gather(kept, count);
        rowCount = count;
    }

    private void probe(final Batch batch, final Consumer<Batch> out)
    {
        final int count = batch.rows();
        final Vector[] joinVectors = JoinOperator.keyVectors(keys.left(), keys.types(), batch);
        joinKeys.find(joinVectors, count, joinIds);
        int pairs = 0;
        for (int r = 0; r < count; r++)
        {
            final int joinKey = joinIds[r];
            boolean matched = false;
            if (joinKey >= 0 && joinKey < head.length && !JoinOperator.hasNullKey(joinVectors, r))
            {
                for (int pk = head[joinKey]; pk >= 0; pk = next[pk])
                {
                    pairs = pair(pairs, r, current[pk]);
                    matched = true;
                }
            }
            if (!matched && leftOuter)
            {
                pairs = pair(pairs, r, -1);
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

    private int pair(final int pairs, final int left, final int right)
    {
        if (pairs == pairLeft.length)
        {
            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
            pairRight = Arrays.copyOf(pairRight, pairs * 2);
        }
        pairLeft[pairs] = left;
        pairRight[pairs] = right;
        return pairs + 1;
    }

    @Override
    public void close()
    {
        try
        {
            primaryKeys.close();
        }
        finally
        {
            joinKeys.close();
        }
    }
}
