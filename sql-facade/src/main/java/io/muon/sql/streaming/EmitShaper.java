package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.EmitSpec;

import java.util.Arrays;

/**
 * Decides which rows of an aggregation's current result go out at an emit, and adds the columns an emit carries.
 * Owned by one aggregation stage, on its pipeline's thread.
 * <ul>
 * <li>Whole results (AFTER WINDOW CLOSE, PERIODIC): every group.</li>
 * <li>ON UPDATE: a global aggregation or a tumble window sends the groups rows reached since its last emit, as
 * Proton does (its state tracks them, so the work follows them, not all groups); a hop window sends the groups whose
 * result changed since the window's last emit.</li>
 * <li>EMIT CHANGELOG: for every changed group, first its previous result with {@code _tp_delta} -1 (when it was
 * emitted before), then its new result with +1; all retractions of an emit come before its additions.</li>
 * <li>{@code emit_version()}: a last column numbering the emits, from 0 (one number per window emitted).</li>
 * </ul>
 * A scope is what one result covers: the whole query for a global aggregation, one window otherwise; it remembers
 * the last result it emitted when changes are asked for.
 */
final class EmitShaper
{
    private final boolean changesOnly;
    private final boolean changelog;
    private final boolean versioned;
    private final int keyCount;
    private long version;

    /** {@code keyCount}: the leading key columns of a result, which identify its groups. */
    EmitShaper(final EmitSpec emit, final boolean versioned, final int keyCount)
    {
        this.changelog = emit.changelog();
        this.changesOnly = changelog || emit.policy() == EmitSpec.Policy.ON_UPDATE;
        this.versioned = versioned;
        this.keyCount = keyCount;
    }

    /** Writes the emit counter (a checkpoint). */
    void write(final io.muon.sql.exec.StateOutput out)
    {
        out.writeLong(version);
    }

    void read(final io.muon.sql.exec.StateInput in)
    {
        version = in.readLong();
    }

    /** Whether emits send only what changed (ON UPDATE, CHANGELOG). */
    boolean changesOnly()
    {
        return changesOnly;
    }

    /** Whether the result has a column after the aggregates ({@code _tp_delta} or {@code emit_version()}). */
    boolean addsColumn()
    {
        return changelog || versioned;
    }

    /** A new scope's memory of what it emitted (null when the emits are whole results). */
    Scope scope()
    {
        return changesOnly ? new Scope() : null;
    }

    /**
     * The rows to emit from {@code result} (keys then aggregates) for {@code scope}, with the added column last;
     * null when nothing is to go out.
     */
    Batch shape(final Scope scope, final Batch result)
    {
        if (result == null || result.rows() == 0)
        {
            return null;
        }
        Batch out = result;
        Vector added = null;
        if (scope != null)
        {
            scope.diff(result, keyCount);
            final int retracted = changelog ? scope.retractedCount : 0;
            final int rows = retracted + scope.addedCount;
            if (rows == 0)
            {
                // nothing changed: what was sent last still stands
                return null;
            }
            final Vector[] columns = new Vector[result.width()];
            for (int c = 0; c < columns.length; c++)
            {
                final Vector column = Vector.create(result.column(c).type(), rows);
                for (int i = 0; i < retracted; i++)
                {
                    column.appendFrom(scope.previous.column(c), scope.retracted[i]);
                }
                for (int i = 0; i < scope.addedCount; i++)
                {
                    column.appendFrom(result.column(c), scope.added[i]);
                }
                columns[c] = column;
            }
            if (changelog)
            {
                final LongVector delta = (LongVector)Vector.create(DataType.INT8, rows);
                for (int i = 0; i < rows; i++)
                {
                    delta.append(i < retracted ? -1 : 1);
                }
                added = delta;
            }
            scope.remember(result);
            out = new Batch(columns, rows);
        }
        return withAddedColumn(out, added);
    }

    /** {@code out} with {@code delta} or the emit's version as its last column, when the query has one. */
    private Batch withAddedColumn(final Batch out, final Vector delta)
    {
        Vector added = delta;
        if (versioned)
        {
            final LongVector number = (LongVector)Vector.create(DataType.INT64, out.rows());
            for (int i = 0; i < out.rows(); i++)
            {
                number.append(version);
            }
            version++;
            added = number;
        }
        if (added == null)
        {
            return out;
        }
        final Vector[] columns = Arrays.copyOf(out.columns(), out.width() + 1);
        columns[out.width()] = added;
        return new Batch(columns, out.rows());
    }

    /**
     * The rows to emit for the groups a long-lived state's rows reached ({@code changes}, from a state with change
     * tracking). ON UPDATE sends them as they are; a changelog compares each with what was last sent for its group
     * ({@code sent}) and sends the previous row -1 and the new row +1, skipping groups whose result is the same.
     * The work follows the groups that changed, not all groups.
     */
    Batch shapeChanges(final Sent sent, final io.muon.sql.exec.AggregateStates.Changes changes)
    {
        if (changes == null)
        {
            return null;
        }
        final Batch current = changes.rows();
        if (!changelog)
        {
            return withAddedColumn(current, null);
        }
        final int[] groups = changes.groups();
        final int rows = current.rows();
        final int[] retracted = new int[rows];
        final int[] retractedFrom = new int[rows];
        final int[] added = new int[rows];
        int retractions = 0;
        int additions = 0;
        for (int i = 0; i < rows; i++)
        {
            final int previous = sent.position(groups[i]);
            if (previous >= 0 && sent.same(current, i, previous, keyCount))
            {
                continue;
            }
            if (previous >= 0)
            {
                retracted[retractions] = i;
                retractedFrom[retractions++] = previous;
            }
            added[additions++] = i;
        }
        final int count = retractions + additions;
        if (count == 0)
        {
            return null;
        }
        final Vector[] columns = new Vector[current.width()];
        for (int c = 0; c < columns.length; c++)
        {
            final Vector column = Vector.create(current.column(c).type(), count);
            for (int i = 0; i < retractions; i++)
            {
                // keys never change; the aggregates are those sent before
                if (c < keyCount)
                {
                    column.appendFrom(current.column(c), retracted[i]);
                }
                else
                {
                    column.appendFrom(sent.column(c - keyCount), retractedFrom[i]);
                }
            }
            for (int i = 0; i < additions; i++)
            {
                column.appendFrom(current.column(c), added[i]);
            }
            columns[c] = column;
        }
        final LongVector delta = (LongVector)Vector.create(DataType.INT8, count);
        for (int i = 0; i < count; i++)
        {
            delta.append(i < retractions ? -1 : 1);
        }
        for (int i = 0; i < additions; i++)
        {
            sent.remember(groups[added[i]], current, added[i], keyCount);
        }
        return withAddedColumn(new Batch(columns, count), delta);
    }

    /**
     * What a long-lived state last sent per group: the aggregate values in append-only vectors and each group's
     * position, compacted when most positions are stale.
     */
    static final class Sent
    {
        private Vector[] values;
        private int[] positions = new int[0];
        private int live;
        /** Rows in {@link #values} (also when there are no aggregates, only keys). */
        private int size;

        /** Writes what was sent per group (a checkpoint). */
        void write(final io.muon.sql.exec.StateOutput out)
        {
            out.writeInt(size).writeInt(live).writeInts(positions, positions.length);
            out.writeInt(values == null ? -1 : values.length);
            if (values != null)
            {
                for (final Vector column : values)
                {
                    out.writeVector(column, size);
                }
            }
        }

        /** Restores into this empty memory what {@link #write} wrote. */
        void read(final io.muon.sql.exec.StateInput in)
        {
            size = in.readInt();
            live = in.readInt();
            positions = in.readInts();
            final int columns = in.readInt();
            values = columns < 0 ? null : new Vector[Math.min(columns, 4096)];
            for (int c = 0; values != null && c < values.length; c++)
            {
                values[c] = in.readVector();
                if (values[c] == null || values[c].size() != size)
                {
                    throw io.muon.sql.exec.StateInput.corrupted("sent values of another size than " + size);
                }
            }
            for (final int position : positions)
            {
                if (position >= size)
                {
                    throw io.muon.sql.exec.StateInput.corrupted("a sent position " + position + " of " + size);
                }
            }
        }

        private int position(final int group)
        {
            return group < positions.length ? positions[group] : -1;
        }

        private Vector column(final int aggregate)
        {
            return values[aggregate];
        }

        private boolean same(final Batch current, final int row, final int position, final int keys)
        {
            for (int c = keys; c < current.width(); c++)
            {
                if (!current.column(c).equalsAt(row, values[c - keys], position))
                {
                    return false;
                }
            }
            return true;
        }

        private void remember(final int group, final Batch current, final int row, final int keys)
        {
            if (values == null)
            {
                values = new Vector[current.width() - keys];
                for (int c = 0; c < values.length; c++)
                {
                    values[c] = Vector.create(current.column(keys + c).type(), 64);
                }
            }
            if (group >= positions.length)
            {
                final int old = positions.length;
                positions = Arrays.copyOf(positions, Math.max(group + 1, old * 2));
                Arrays.fill(positions, old, positions.length, -1);
            }
            if (positions[group] < 0)
            {
                live++;
            }
            for (int c = 0; c < values.length; c++)
            {
                values[c].appendFrom(current.column(keys + c), row);
            }
            positions[group] = size++;
            if (size > Math.max(4096, live * 2))
            {
                compact();
            }
        }

        private void compact()
        {
            final Vector[] kept = new Vector[values.length];
            for (int c = 0; c < kept.length; c++)
            {
                kept[c] = Vector.create(values[c].type(), live * 2);
            }
            size = 0;
            for (int group = 0; group < positions.length; group++)
            {
                if (positions[group] >= 0)
                {
                    for (int c = 0; c < kept.length; c++)
                    {
                        kept[c].appendFrom(values[c], positions[group]);
                    }
                    positions[group] = size++;
                }
            }
            values = kept;
        }
    }

    /** The last result one scope emitted, and the changes of the current one against it. */
    static final class Scope
    {
        private Batch previous;
        private int[] slots = new int[0];
        private int[] retracted = new int[16];
        private int retractedCount;
        private int[] added = new int[16];
        private int addedCount;

        void write(final io.muon.sql.exec.StateOutput out)
        {
            out.writeTypedBatch(previous);
        }

        void read(final io.muon.sql.exec.StateInput in)
        {
            previous = in.readTypedBatch();
        }

        /** Finds the rows of {@code current} that are new or changed, and the previous rows they replace. */
        private void diff(final Batch current, final int keys)
        {
            retractedCount = 0;
            addedCount = 0;
            final int rows = current.rows();
            if (retracted.length < rows)
            {
                retracted = new int[rows];
                added = new int[rows];
            }
            if (previous == null)
            {
                for (int r = 0; r < rows; r++)
                {
                    added[addedCount++] = r;
                }
                return;
            }
            index(keys);
            final int mask = slots.length - 1;
            for (int r = 0; r < rows; r++)
            {
                int slot = (int)hash(current, keys, r) & mask;
                int match = -1;
                while (slots[slot] != 0)
                {
                    final int candidate = slots[slot] - 1;
                    if (equal(current, r, previous, candidate, 0, keys))
                    {
                        match = candidate;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (match < 0)
                {
                    added[addedCount++] = r;
                }
                else if (!equal(current, r, previous, match, keys, current.width()))
                {
                    retracted[retractedCount++] = match;
                    added[addedCount++] = r;
                }
            }
        }

        /** An open-addressing table of the previous rows by their keys. */
        private void index(final int keys)
        {
            final int rows = previous.rows();
            final int capacity = Integer.highestOneBit(Math.max(2, rows * 2 - 1)) << 1;
            if (slots.length < capacity || slots.length > capacity * 4)
            {
                slots = new int[capacity];
            }
            else
            {
                Arrays.fill(slots, 0);
            }
            final int mask = slots.length - 1;
            for (int r = 0; r < rows; r++)
            {
                int slot = (int)hash(previous, keys, r) & mask;
                while (slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = r + 1;
            }
        }

        private void remember(final Batch current)
        {
            final int rows = current.rows();
            final int[] all = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                all[r] = r;
            }
            previous = StreamingStage.gathered(current, all, rows);
        }

        private static long hash(final Batch batch, final int keys, final int row)
        {
            long h = 0x9E3779B97F4A7C15L;
            for (int k = 0; k < keys; k++)
            {
                h = Vector.mix(h * 31 + batch.column(k).hash(row));
            }
            return h ^ h >>> 32;
        }

        private static boolean equal(final Batch a, final int rowA, final Batch b, final int rowB, final int from,
            final int to)
        {
            for (int c = from; c < to; c++)
            {
                if (!a.column(c).equalsAt(rowA, b.column(c), rowB))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
