package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * Hash GROUP BY (and DISTINCT, which is a GROUP BY without aggregates): drains the input, assigns each row its group
 * through a {@link GroupTable}, feeds the accumulators, then emits keys followed by aggregate results. Without keys
 * there is exactly one group, so {@code SELECT count() FROM empty} answers 0. Fails with Code 241 when the groups
 * outgrow {@code max_memory_usage}. The three steps ({@link #consume}, {@link #merge}, {@link #emit}) are separate so
 * that parallel workers can each fill a partial aggregate and one of them absorbs the others.
 */
final class AggregateOperator implements Operator
{
    private final Operator input;
    private final Evaluator[] keys;
    private final Evaluator[][] arguments;
    private final Evaluator[] conditions;
    private final Accumulators[] accumulators;
    private final List<DataType> outputTypes;
    private final long maxMemory;
    private final GroupTable table;
    private boolean done;
    /** Each row's group, reused from batch to batch. */
    private int[] groupIds = new int[0];
    /** With tracking on: which groups rows reached since {@link #takeTouched()}, as marks and a list. */
    private boolean tracking;
    private boolean[] touched;
    private int[] touchedIds;
    private int touchedCount;

    AggregateOperator(final Operator input, final Evaluator[] keys, final List<DataType> keyTypes,
        final Evaluator[][] arguments, final Evaluator[] conditions, final Accumulators[] accumulators,
        final List<DataType> outputTypes, final long maxMemory)
    {
        this(input, keys, keyTypes, arguments, conditions, accumulators, outputTypes, maxMemory, 1024);
    }

    /** {@code expectedGroups}: how many groups to make room for at first (the table grows as needed). */
    AggregateOperator(final Operator input, final Evaluator[] keys, final List<DataType> keyTypes,
        final Evaluator[][] arguments, final Evaluator[] conditions, final Accumulators[] accumulators,
        final List<DataType> outputTypes, final long maxMemory, final int expectedGroups)
    {
        this.input = input;
        this.keys = keys;
        this.arguments = arguments;
        this.conditions = conditions;
        this.accumulators = accumulators;
        this.outputTypes = outputTypes;
        this.maxMemory = maxMemory;
        this.table = new GroupTable(keyTypes, expectedGroups);
    }

    @Override
    public Batch next()
    {
        if (done)
        {
            return null;
        }
        consume();
        return emit();
    }

    /**
     * Drains the input into the groups' states. A bounded query drains once (a parallel copy's, or {@link #next}'s
     * own); a streaming state calls it again after each pushed batch.
     */
    void consume()
    {
        done = true;
        int[] ids = groupIds;
        Batch batch;
        final Vector[] keyVectors = new Vector[keys.length];
        final Vector[][] args = new Vector[accumulators.length][];
        for (int a = 0; a < accumulators.length; a++)
        {
            args[a] = new Vector[arguments[a].length];
        }
        while ((batch = input.next()) != null)
        {
            final int rows = batch.rows();
            if (ids.length < rows)
            {
                ids = new int[Math.max(rows, 16)];
                groupIds = ids;
            }
            if (keys.length == 0)
            {
                Arrays.fill(ids, 0, rows, 0);
                for (final Accumulators accumulator : accumulators)
                {
                    accumulator.groups(1);
                }
            }
            else
            {
                for (int k = 0; k < keys.length; k++)
                {
                    keyVectors[k] = keys[k].evaluate(batch);
                }
                table.groupIds(keyVectors, rows, ids);
                grew();
            }
            for (int a = 0; a < accumulators.length; a++)
            {
                for (int i = 0; i < args[a].length; i++)
                {
                    args[a][i] = arguments[a][i].evaluate(batch);
                }
                final Vector condition = conditions[a] == null ? null : conditions[a].evaluate(batch);
                if (keys.length == 0)
                {
                    accumulators[a].addToOneGroup(0, ids, rows, args[a], condition);
                }
                else
                {
                    accumulators[a].add(ids, rows, args[a], condition);
                }
            }
            if (tracking)
            {
                touch(ids, rows);
            }
        }
    }

    /** From now on, remembers which groups rows reach (for emits of only the groups that changed). */
    void trackTouched()
    {
        tracking = true;
        touched = new boolean[64];
        touchedIds = new int[64];
    }

    private void touch(final int[] ids, final int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            final int id = ids[r];
            if (id >= touched.length)
            {
                touched = Arrays.copyOf(touched, Math.max(id + 1, touched.length * 2));
            }
            if (!touched[id])
            {
                touched[id] = true;
                if (touchedCount == touchedIds.length)
                {
                    touchedIds = Arrays.copyOf(touchedIds, touchedCount * 2);
                }
                touchedIds[touchedCount++] = id;
            }
        }
    }

    /** The groups rows reached since the last call, in order of their numbers (first appearance); forgets them. */
    int[] takeTouched()
    {
        final int[] ids = Arrays.copyOf(touchedIds, touchedCount);
        Arrays.sort(ids);
        for (int i = 0; i < touchedCount; i++)
        {
            touched[touchedIds[i]] = false;
        }
        touchedCount = 0;
        return ids;
    }

    /**
     * The keys and results of the groups {@code ids} only, in that order: each group's states are merged into
     * {@code fresh} (empty accumulators of the same aggregates, which the caller closes), so the cost follows the
     * groups asked for, not all groups.
     */
    Batch emitGroups(final int[] ids, final Accumulators[] fresh)
    {
        final int count = ids.length;
        for (final Accumulators accumulator : accumulators)
        {
            if (!accumulator.mergesOneGroupCheaply())
            {
                // states whose merge scans all groups (lists, distinct sets): the whole result, then the rows asked
                final Batch all = emit();
                final Vector[] picked = new Vector[all.width()];
                for (int c = 0; c < picked.length; c++)
                {
                    picked[c] = all.column(c).gather(ids, count);
                }
                return new Batch(picked, count);
            }
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int k = 0; k < keys.length; k++)
        {
            columns[k] = table.keys().column(k).gather(ids, count);
        }
        final int groups = keys.length == 0 ? 1 : table.groups();
        for (int a = 0; a < accumulators.length; a++)
        {
            accumulators[a].groups(groups);
            fresh[a].groups(count);
            for (int i = 0; i < count; i++)
            {
                fresh[a].merge(i, accumulators[a], ids[i]);
            }
            columns[keys.length + a] = fresh[a].result(count, outputTypes.get(keys.length + a));
        }
        return new Batch(columns, count);
    }

    /** Makes room for the table's groups in every state; fails with Code 241 past {@code max_memory_usage}. */
    private void grew()
    {
        for (final Accumulators accumulator : accumulators)
        {
            accumulator.groups(table.groups());
        }
        if (maxMemory > 0 && table.memoryBytes() > maxMemory)
        {
            throw new MuonException(ErrorCodes.MEMORY_LIMIT_EXCEEDED, "Memory limit (for query) exceeded: " +
                "would use " + table.memoryBytes() + " bytes for " + table.groups() + " groups, maximum: " +
                maxMemory + " bytes (max_memory_usage)");
        }
    }

    /** Folds a partial aggregate of the same query (another worker's) into this one. */
    void merge(final AggregateOperator other)
    {
        final int otherGroups = keys.length == 0 ? 1 : other.table.groups();
        final int[] targets = new int[otherGroups];
        if (keys.length == 0)
        {
            for (final Accumulators accumulator : accumulators)
            {
                accumulator.groups(1);
            }
        }
        else
        {
            final Batch otherKeys = other.table.keys();
            final Vector[] keyVectors = new Vector[keys.length];
            for (int k = 0; k < keys.length; k++)
            {
                keyVectors[k] = otherKeys.column(k);
            }
            table.groupIds(keyVectors, otherGroups, targets);
            grew();
        }
        for (int a = 0; a < accumulators.length; a++)
        {
            other.accumulators[a].groups(otherGroups);
            accumulators[a].mergeAll(targets, other.accumulators[a], otherGroups);
        }
        if (tracking)
        {
            touch(targets, otherGroups);
        }
    }

    /** Writes the groups, their states and the groups touched since the last emit of changes (a checkpoint). */
    void write(final StateOutput out)
    {
        final int groups = keys.length == 0 ? 1 : table.groups();
        final List<DataType> keyTypes = new java.util.ArrayList<>();
        for (int k = 0; k < keys.length; k++)
        {
            keyTypes.add(table.keys().column(k).type());
        }
        out.writeInt(groups);
        out.writeBatch(keys.length == 0 || groups == 0 ? null : table.keys(), keyTypes);
        for (final Accumulators accumulator : accumulators)
        {
            accumulator.groups(groups);
            accumulator.write(out, groups);
        }
        out.writeInts(touchedIds == null ? new int[0] : touchedIds, tracking ? touchedCount : 0);
    }

    /** Restores into this empty operator what {@link #write} wrote. */
    void read(final StateInput in)
    {
        final int groups = in.readInt();
        final List<DataType> keyTypes = new java.util.ArrayList<>();
        for (int k = 0; k < keys.length; k++)
        {
            keyTypes.add(table.keys().column(k).type());
        }
        final Batch stored = in.readBatch(keyTypes);
        if (keys.length == 0 ? groups != 1 || stored != null : groups != (stored == null ? 0 : stored.rows()))
        {
            throw StateInput.corrupted(groups + " groups for " + keys.length + " keys");
        }
        table.restore(stored);
        for (final Accumulators accumulator : accumulators)
        {
            accumulator.read(in, groups);
        }
        final int[] ids = in.readInts();
        if (tracking)
        {
            for (final int id : ids)
            {
                if (id < 0 || id >= groups)
                {
                    throw StateInput.corrupted("a touched group " + id + " among " + groups);
                }
            }
            touch(ids, ids.length);
        }
    }

    /**
     * The WITH TOTALS row: the states of every group whose results pass {@code having} (of all groups without one)
     * merged into {@code fresh} (empty accumulators of the same aggregates, which the caller closes), after the keys
     * at their types' defaults. With no groups at all the row holds the aggregates' empty results, as ClickHouse's.
     * Drains the input first if nothing has pulled from this operator.
     */
    Batch totals(final Evaluator having, final Accumulators[] fresh)
    {
        if (!done)
        {
            consume();
        }
        final int groups = keys.length == 0 ? 1 : table.groups();
        // every group goes to slot 0 of the fresh states, or to slot 1 (left out) where HAVING rejects it
        final int[] targets = new int[groups];
        if (having != null && groups > 0)
        {
            final Batch all = emit();
            final Vector mask = having.evaluate(all);
            for (int g = 0; g < groups; g++)
            {
                targets[g] = mask.isNull(g) || Scalars.getDouble(mask, g) == 0 ? 1 : 0;
            }
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int k = 0; k < keys.length; k++)
        {
            columns[k] = Scalars.defaults(outputTypes.get(k), 1);
        }
        for (int a = 0; a < accumulators.length; a++)
        {
            accumulators[a].groups(groups);
            fresh[a].groups(2);
            fresh[a].mergeAll(targets, accumulators[a], groups);
            columns[keys.length + a] = fresh[a].result(1, outputTypes.get(keys.length + a));
        }
        return new Batch(columns, 1);
    }

    /** The groups' keys and results; null when there are no groups. */
    Batch emit()
    {
        final int groups = keys.length == 0 ? 1 : table.groups();
        if (groups == 0)
        {
            return null;
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int k = 0; k < keys.length; k++)
        {
            columns[k] = table.keys().column(k);
        }
        for (int a = 0; a < accumulators.length; a++)
        {
            accumulators[a].groups(groups);
            columns[keys.length + a] = accumulators[a].result(groups, outputTypes.get(keys.length + a));
        }
        return new Batch(columns, groups);
    }

    @Override
    public void close()
    {
        table.close();
        for (final Accumulators accumulator : accumulators)
        {
            accumulator.close();
        }
        input.close();
    }
}
