package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * One keyed side (a versioned_kv or changelog_kv stream) of a streaming join: the current row of each primary key
 * (a row with a lower version than the key's latest is ignored, a changelog delete removes the key but keeps its
 * version), each listed under its join key in order of arrival, so the rows of a join key are found in one walk, and
 * counted per join key. Join keys are numbered by a table the caller owns (shared with the other side); primary keys
 * by this side's own. Rows live in growable vectors; {@link #cutIfSparse()} cuts out the rows no key refers to.
 * Owned by the join's thread.
 */
final class KeyedSide implements AutoCloseable
{
    private static final int MIN_ROWS_BEFORE_CUT = 8192;

    /** Told of each change {@link #update} makes, while the rows it names are valid. */
    interface Changes
    {
        /**
         * The current row {@code row} of a primary key, under {@code joinKey}, is being replaced or deleted; {@code
         * stays}: it is replaced by a row under the same join key (so the join key keeps its count).
         */
        void removing(int row, int joinKey, boolean stays);

        /** {@code row} became the current row of its primary key, under {@code joinKey}; {@code stays}: as above. */
        void added(int row, int joinKey, boolean stays);
    }

    private final Evaluator[] primaryKey;
    private final List<DataType> primaryKeyTypes;
    private final Evaluator version;
    private final int sequence;
    private final int delta;
    private final GroupTable primaryKeys;
    private final List<DataType> types;

    private Vector[] rows;
    private Vector versions;
    private int rowCount;
    private int live;
    /** Per primary key: its latest row, a delete or a row without join key included (-1: none yet). */
    private int[] latest = new int[0];
    /** Per primary key: its current row (-1: none, or deleted); listed under a join key unless that is NULL. */
    private int[] current = new int[0];
    private int[] joinKeyOf = new int[0];
    private int[] next = new int[0];
    private int[] previous = new int[0];
    private int[] head = new int[0];
    private int[] last = new int[0];
    /** Per join key: how many primary keys are listed under it. */
    private int[] listed = new int[0];
    private int[] pkIds = new int[Batch.DEFAULT_ROWS];

    KeyedSide(final StreamKeyedJoin.LatestKeys latest, final List<DataType> types)
    {
        this.primaryKey = latest.keys();
        this.primaryKeyTypes = latest.keyTypes();
        this.version = latest.version();
        this.sequence = latest.sequence();
        this.delta = latest.delta();
        this.primaryKeys = new GroupTable(primaryKeyTypes);
        this.types = types;
        this.rows = new Vector[types.size()];
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = Vector.create(types.get(c), 64);
        }
        this.versions = Vector.create(latest.versionType(), 64);
    }

    /** The side's rows; a row number stays valid until {@link #cutIfSparse()}. */
    Vector[] columns()
    {
        return rows;
    }

    /** The first primary key listed under {@code joinKey}, or -1. */
    int first(final int joinKey)
    {
        return joinKey >= 0 && joinKey < head.length ? head[joinKey] : -1;
    }

    /** The primary key after {@code pk} under the same join key, or -1. */
    int next(final int pk)
    {
        return next[pk];
    }

    /** How many primary keys have their current row under {@code joinKey} (0 for -1, a NULL key). */
    int count(final int joinKey)
    {
        return joinKey >= 0 && joinKey < listed.length ? listed[joinKey] : 0;
    }

    /** The current row of {@code pk}. */
    int row(final int pk)
    {
        return current[pk];
    }

    /**
     * Takes {@code batch}'s rows (their join keys {@code joinIds}, -1 for a NULL key) as the new current rows of
     * their primary keys, in order, telling {@code changes} of each replacement.
     */
    void update(final Batch batch, final int[] joinIds, final int joinKeys, final Changes changes)
    {
        final int count = batch.rows();
        if (pkIds.length < count)
        {
            pkIds = new int[count];
        }
        final Vector[] pkVectors = new Vector[primaryKey.length];
        for (int k = 0; k < pkVectors.length; k++)
        {
            pkVectors[k] = Conversions.convert(primaryKey[k].evaluate(batch), count, primaryKeyTypes.get(k),
                Conversions.Mode.CAST);
        }
        primaryKeys.groupIds(pkVectors, count, pkIds);
        final int base = rowCount;
        for (int c = 0; c < rows.length; c++)
        {
            rows[c].appendRange(batch.column(c), 0, count);
        }
        versions.appendRange(version.evaluate(batch), 0, count);
        rowCount += count;
        grow(joinKeys);
        for (int r = 0; r < count; r++)
        {
            final int pk = pkIds[r];
            final int row = base + r;
            // a delete keeps its version too, so that a late older row does not bring the key back
            if (latest[pk] >= 0 && !newer(row, latest[pk]))
            {
                continue;
            }
            live += latest[pk] < 0 ? 1 : 0;
            latest[pk] = row;
            final int old = current[pk];
            final boolean deletes = delta >= 0 && ((LongVector)rows[delta]).get(row) < 0;
            final boolean stays = old >= 0 && !deletes && joinIds[r] >= 0 && joinKeyOf[pk] == joinIds[r];
            if (old >= 0)
            {
                changes.removing(old, joinKeyOf[pk], stays);
                unlink(pk);
                current[pk] = -1;
            }
            if (deletes)
            {
                continue;
            }
            // a row with a NULL join key is current too (an outer join sends it alone) but under no join key
            current[pk] = row;
            if (joinIds[r] >= 0)
            {
                link(pk, joinIds[r]);
            }
            changes.added(row, joinIds[r], stays);
        }
    }

    private void grow(final int joinKeys)
    {
        final int keysNow = primaryKeys.groups();
        if (current.length < keysNow)
        {
            final int old = current.length;
            final int size = Math.max(keysNow, old * 2 + 16);
            current = Arrays.copyOf(current, size);
            latest = Arrays.copyOf(latest, size);
            joinKeyOf = Arrays.copyOf(joinKeyOf, size);
            next = Arrays.copyOf(next, size);
            previous = Arrays.copyOf(previous, size);
            Arrays.fill(current, old, size, -1);
            Arrays.fill(latest, old, size, -1);
            Arrays.fill(joinKeyOf, old, size, -1);
        }
        if (head.length < joinKeys)
        {
            final int old = head.length;
            head = Arrays.copyOf(head, Math.max(joinKeys, old * 2 + 16));
            last = Arrays.copyOf(last, head.length);
            listed = Arrays.copyOf(listed, head.length);
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
        listed[joinKey]++;
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
        listed[joinKey]--;
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

    /** About the bytes held. */
    long bytes()
    {
        long bytes = 24L * current.length + 8L * head.length + primaryKeys.memoryBytes();
        for (final Vector column : rows)
        {
            bytes += column.heapBytes();
        }
        return bytes + versions.heapBytes();
    }

    /** Keeps only each key's latest row once the others outnumber them (row numbers change). */
    void cutIfSparse()
    {
        if (rowCount < 2L * live + MIN_ROWS_BEFORE_CUT)
        {
            return;
        }
        final int[] kept = new int[live];
        int count = 0;
        for (int pk = 0; pk < primaryKeys.groups(); pk++)
        {
            if (latest[pk] >= 0)
            {
                kept[count] = latest[pk];
                // the row in the join, when there is one, is the latest
                current[pk] = current[pk] >= 0 ? count : -1;
                latest[pk] = count++;
            }
        }
        for (int c = 0; c < rows.length; c++)
        {
            rows[c] = rows[c].gather(kept, count);
        }
        versions = versions.gather(kept, count);
        rowCount = count;
    }

    /** Writes the side for a checkpoint: its keys, rows, versions and the links between them. */
    void write(final StateOutput out)
    {
        primaryKeys.write(out);
        out.writeBatch(new Batch(rows, rowCount), types);
        out.writeVector(versions, rowCount);
        out.writeInt(live);
        final int keys = current.length;
        out.writeInts(latest, keys).writeInts(current, keys).writeInts(joinKeyOf, keys).writeInts(next, keys)
            .writeInts(previous, keys);
        out.writeInts(head, head.length).writeInts(last, head.length).writeInts(listed, head.length);
    }

    /** Restores into this empty side what {@link #write} wrote. */
    void read(final StateInput in)
    {
        primaryKeys.read(in);
        final Batch stored = in.readBatch(types);
        final Vector storedVersions = in.readVector();
        if (storedVersions == null || storedVersions.size() != stored.rows())
        {
            throw StateInput.corrupted("a keyed join side of " + stored.rows() + " rows without their versions");
        }
        rows = stored.columns();
        rowCount = stored.rows();
        versions = storedVersions;
        live = in.readInt();
        latest = in.readIndexes(rowCount);
        current = in.readIndexes(rowCount);
        final int keys = current.length;
        final int[] joinKeys = in.readInts();
        next = in.readIndexes(keys);
        previous = in.readIndexes(keys);
        head = in.readIndexes(keys);
        last = in.readIndexes(keys);
        listed = in.readIndexes(keys + 1);
        for (final int joinKey : joinKeys)
        {
            if (joinKey < -1 || joinKey >= head.length)
            {
                throw StateInput.corrupted("a join key " + joinKey + " of " + head.length);
            }
        }
        joinKeyOf = joinKeys;
        if (latest.length != keys || joinKeyOf.length != keys || next.length != keys || previous.length != keys ||
            last.length != head.length || listed.length != head.length || keys < primaryKeys.groups())
        {
            throw StateInput.corrupted("a keyed join side's links of " + keys + " keys do not line up");
        }
    }

    @Override
    public void close()
    {
        primaryKeys.close();
    }
}
