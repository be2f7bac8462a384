package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.sql.plan.TypedExpr;

import java.util.List;

/**
 * The compiled keys and aggregates of one streaming aggregation, and the factory of its group states: one state per
 * window, slice or the whole query, each with its own hash table and accumulators. Evaluators are shared by the
 * states (they run on the query's one thread). Keys here are the aggregation's keys without its window columns.
 */
public final class AggregateStates
{
    private final Evaluator[] keys;
    private final List<DataType> keyTypes;
    private final Evaluator[][] arguments;
    private final Evaluator[] conditions;
    private final List<TypedExpr.AggregateCall> calls;
    private final List<DataType> outputTypes;
    private final long maxMemory;

    AggregateStates(final Evaluator[] keys, final List<DataType> keyTypes, final Evaluator[][] arguments,
        final Evaluator[] conditions, final List<TypedExpr.AggregateCall> calls, final List<DataType> outputTypes,
        final long maxMemory)
    {
        this.keys = keys;
        this.keyTypes = keyTypes;
        this.arguments = arguments;
        this.conditions = conditions;
        this.calls = calls;
        this.outputTypes = outputTypes;
        this.maxMemory = maxMemory;
    }

    /** A new, empty state; its owner closes it. */
    public State create()
    {
        return create(false);
    }

    /**
     * A new, empty state that, with {@code trackChanges}, also remembers which groups rows reached, for
     * {@link State#changes()}; its owner closes it.
     */
    public State create(final boolean trackChanges)
    {
        return create(trackChanges, 1024);
    }

    /** As {@link #create(boolean)}, with room for about {@code expectedGroups} groups at first (one per session). */
    public State create(final boolean trackChanges, final int expectedGroups)
    {
        final Accumulators[] accumulators = new Accumulators[calls.size()];
        for (int a = 0; a < accumulators.length; a++)
        {
            accumulators[a] = Accumulators.create(calls.get(a));
        }
        final Feed feed = new Feed();
        final AggregateOperator groups = new AggregateOperator(feed, keys, keyTypes, arguments, conditions,
            accumulators, outputTypes, maxMemory, expectedGroups);
        if (trackChanges)
        {
            groups.trackTouched();
        }
        return new State(feed, groups);
    }

    /** The groups a state's rows reached since its last {@link State#changes()}: their numbers and results. */
    public record Changes(int[] groups, Batch rows)
    {
    }

    /**
     * A numbering of the groups rows belong to (by the keys without window columns), for stages that keep state per
     * group outside the aggregate states (a session per group). The caller owns and closes it.
     */
    public GroupNumbering groupNumbering()
    {
        return new GroupNumbering(keys, keyTypes);
    }

    /** Key columns in a result (then one column per aggregate). */
    public int keyCount()
    {
        return keys.length;
    }

    /** The types of a result's columns: keys, then aggregates. */
    public List<DataType> resultTypes()
    {
        return outputTypes;
    }

    /** The groups of one window, slice or query, and their aggregate states. */
    public final class State implements AutoCloseable
    {
        private final Feed feed;
        private final AggregateOperator groups;
        private boolean touched;

        private State(final Feed feed, final AggregateOperator groups)
        {
            this.feed = feed;
            this.groups = groups;
        }

        /** Adds the rows of {@code batch} (the aggregation's input columns). */
        public void add(final Batch batch)
        {
            feed.push(batch);
            groups.consume();
            touched = true;
        }

        /** Folds {@code other}'s groups into this state (a slice into its window; the other stays as it is). */
        public void merge(final State other)
        {
            if (other.touched)
            {
                groups.merge(other.groups);
                touched = true;
            }
        }

        /** Whether any row reached this state (directly or merged). */
        public boolean isEmpty()
        {
            return !touched;
        }

        /**
         * The groups rows reached since the last call (a state made with change tracking), with their current
         * results, keys then aggregates; group numbers are stable for the state's life. Null when none.
         */
        public Changes changes()
        {
            final int[] ids = groups.takeTouched();
            if (ids.length == 0)
            {
                return null;
            }
            final Accumulators[] fresh = new Accumulators[calls.size()];
            try
            {
                for (int a = 0; a < fresh.length; a++)
                {
                    fresh[a] = Accumulators.create(calls.get(a));
                }
                return new Changes(ids, groups.emitGroups(ids, fresh));
            }
            finally
            {
                for (final Accumulators accumulator : fresh)
                {
                    if (accumulator != null)
                    {
                        accumulator.close();
                    }
                }
            }
        }

        /**
         * The current result: keys then aggregates, one row per group (one row without keys, even with no rows:
         * {@code count()} of nothing is 0); null when there are keys and no group. The state stays usable.
         */
        public Batch result()
        {
            return groups.emit();
        }

        /** Writes the state for a checkpoint. */
        public void write(final StateOutput out)
        {
            out.writeBoolean(touched);
            groups.write(out);
        }

        /** Restores into this new, empty state what {@link #write} wrote. */
        public void read(final StateInput in)
        {
            touched = in.readBoolean();
            groups.read(in);
        }

        @Override
        public void close()
        {
            groups.close();
        }
    }
}
