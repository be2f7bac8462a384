package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeArray;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregate states for hash aggregation, one object per aggregate and query holding the state of every group in
 * arrays indexed by group id (no object per row). {@link #create} picks the state for an {@link
 * TypedExpr.AggregateCall}; the {@code -If} condition arrives as a mask vector.
 */
abstract class Accumulators
{
    protected int groups;

    /** Adds rows {@code [0, rows)}: row r belongs to group {@code ids[r]}; skipped where {@code condition} is 0/NULL. */
    abstract void add(int[] ids, int rows, Vector[] arguments, Vector condition);

    /**
     * Adds rows {@code [0, rows)} that all belong to {@code group} (an aggregation without keys); {@code ids} holds
     * that group for each row. States whose update is a running total override it with a loop over the values alone,
     * adding in the same order as {@link #add} does, so results are identical.
     */
    void addToOneGroup(final int group, final int[] ids, final int rows, final Vector[] arguments,
        final Vector condition)
    {
        add(ids, rows, arguments, condition);
    }

    /** Makes room for groups {@code [0, count)}. */
    abstract void groups(int count);

    /** The results of groups {@code [0, count)} as a vector of {@code type}. */
    abstract Vector result(int count, DataType type);

    /**
     * Folds the state of {@code other}'s group {@code otherGroup} (an accumulator of the same aggregate) into this
     * one's {@code group}: how partial states of slices, shards or checkpoints combine.
     */
    abstract void merge(int group, Accumulators other, int otherGroup);

    /**
     * Folds every group of {@code other} into this state: other's group g goes to {@code targets[g]}, for g below
     * {@code otherGroups}. How the partial states of parallel workers combine; states whose merge is costly per group
     * override it with one bulk step.
     */
    void mergeAll(final int[] targets, final Accumulators other, final int otherGroups)
    {
        for (int g = 0; g < otherGroups; g++)
        {
            merge(targets[g], other, g);
        }
    }

    /**
     * Whether {@link #merge} of one group costs the same whatever the number of groups (a slot of an array), so a
     * few groups' results can be made by merging them into a fresh accumulator.
     */
    boolean mergesOneGroupCheaply()
    {
        return false;
    }

    /** Writes the state of groups {@code [0, count)} for a checkpoint. */
    abstract void write(StateOutput out, int count);

    /** Restores into this empty state what {@link #write} wrote for {@code count} groups. */
    abstract void read(StateInput in, int count);

    static void writeSlots(final StateOutput out, final NativeArray slots, final int count)
    {
        slots.ensure(count);
        out.writeInt(count);
        for (int g = 0; g < count; g++)
        {
            out.writeLong(slots.getLong(g));
        }
    }

    static void readSlots(final StateInput in, final NativeArray slots, final int count)
    {
        final int stored = in.readCount(8);
        if (stored != count)
        {
            throw StateInput.corrupted(stored + " slots for " + count + " groups");
        }
        slots.ensure(count);
        for (int g = 0; g < count; g++)
        {
            slots.putLong(g, in.readLong());
        }
    }

    /** Writes one sketch (or none) per group of {@code [0, count)} as bytes. */
    static <T> void writeSketches(final StateOutput out, final T[] sketches, final int count,
        final java.util.function.Function<T, byte[]> bytes)
    {
        out.writeInt(count);
        for (int g = 0; g < count; g++)
        {
            out.writeBoolean(sketches[g] != null);
            if (sketches[g] != null)
            {
                out.writeBytes(bytes.apply(sketches[g]));
            }
        }
    }

    /** Reads what {@link #writeSketches} wrote into {@code sketches[0, count)}. */
    static <T> void readSketches(final StateInput in, final T[] sketches, final int count,
        final java.util.function.Function<byte[], T> parse)
    {
        checkCount(in.readCount(1), count);
        for (int g = 0; g < count; g++)
        {
            if (in.readBoolean())
            {
                try
                {
                    sketches[g] = parse.apply(in.readBytes());
                }
                catch (final RuntimeException e)
                {
                    throw StateInput.corrupted("a damaged sketch: " + e.getMessage());
                }
            }
        }
    }

    static void checkCount(final int stored, final int count)
    {
        if (stored != count)
        {
            throw StateInput.corrupted("state for " + stored + " groups where " + count + " were expected");
        }
    }

    /** Frees what the state holds off the heap (tables of distinct values); the owner calls it once. */
    void close()
    {
    }

    /** One kept value per group (a one-row vector, or null for none: NULL or the default) as a vector of type. */
    static Vector kept(final Vector[] values, final int count, final DataType type)
    {
        final Vector out = Vector.create(type, count);
        for (int g = 0; g < count; g++)
        {
            if (values[g] == null)
            {
                out.appendNull();
            }
            else
            {
                out.appendFrom(values[g].type().equals(type) ? values[g] :
                    Conversions.convert(values[g], 1, type, Conversions.Mode.CAST), 0);
            }
        }
        return out;
    }

    /** {@code a}, or a copy at least {@code count} long (doubling), for per-group state arrays. */
    static long[] grown(final long[] a, final int count)
    {
        return a.length >= count ? a : Arrays.copyOf(a, Math.max(count, a.length * 2));
    }

    static double[] grown(final double[] a, final int count)
    {
        return a.length >= count ? a : Arrays.copyOf(a, Math.max(count, a.length * 2));
    }

    static boolean[] grown(final boolean[] a, final int count)
    {
        return a.length >= count ? a : Arrays.copyOf(a, Math.max(count, a.length * 2));
    }

    static <T> T[] grown(final T[] a, final int count)
    {
        return a.length >= count ? a : Arrays.copyOf(a, Math.max(count, a.length * 2));
    }

    static boolean skip(final Vector condition, final int row)
    {
        return condition != null && (condition.isNull(row) || Scalars.getDouble(condition, row) == 0);
    }

    static Accumulators create(final TypedExpr.AggregateCall call)
    {
        final String name = call.function();
        final List<TypedExpr> args = call.arguments();
        final boolean distinct = call.distinct() || name.equals("uniq_exact") || name.equals("count_distinct") ||
            name.equals("unique_exact");
        switch (name)
        {
            case "count":
            case "count_if":
                if (call.distinct())
                {
                    return new Distinct(argumentTypes(args));
                }
                return new Count();
            case "uniq_exact":
            case "unique_exact":
            case "count_distinct":
                return new Distinct(argumentTypes(args));
            case "unique":
            case "uniq":
            case "uniq_combined":
            case "uniq_combined64":
            case "uniq_hll12":
            case "uniq_theta":
                return new SelectionAccumulators.Unique();
            case "sum":
            case "sum_if":
            case "sum_with_overflow":
                return new Sum(isFloatOrDecimal(call.type()));
            case "group_bit_and":
            case "group_bit_or":
            case "group_bit_xor":
                return new BitFold(name);
            case "avg":
            case "avg_if":
                return new Avg();
            case "avg_weighted":
            case "avg_weighted_if":
                return new WeightedAvg();
            case "changelog_min":
            case "changelog_max":
                return new ChangelogExtreme(name.equals("changelog_max"), args.get(0).type());
            case "changelog_unique_exact":
                return new ChangelogExtreme(false, true, args.get(0).type());
            case "min":
            case "min_if":
                return new Extreme(-1);
            case "max":
            case "max_if":
                return new Extreme(1);
            case "any":
            case "any_if":
            case "first_value":
                return new Extreme(0);
            case "any_last":
            case "last_value":
                return new Extreme(2);
            case "group_array":
                return new GroupArray(call.parameters().isEmpty() ? Long.MAX_VALUE :
                    ((Number)call.parameters().get(0)).longValue());
            case "arg_min":
            case "arg_max":
                return new SelectionAccumulators.ArgExtreme(name.equals("arg_max"));
            case "var_pop":
            case "var_samp":
            case "stddev_pop":
            case "stddev_samp":
            case "skew_pop":
            case "skew_samp":
            case "kurt_pop":
            case "kurt_samp":
                return new StatisticAccumulators.Moments(name);
            case "covar_pop":
            case "covar_samp":
            case "corr":
                return new StatisticAccumulators.Covariance(name);
            case "quantile":
            case "quantile_tdigest":
            case "quantile_timing":
            case "quantile_deterministic":
                return new StatisticAccumulators.Quantiles(new double[] {level(call, 0.5)}, false);
            case "median":
                return new StatisticAccumulators.Quantiles(new double[] {0.5}, false);
            case "p50":
            case "p90":
            case "p95":
            case "p99":
            case "p999":
                return new StatisticAccumulators.Quantiles(new double[] {percentile(name)}, false);
            case "quantiles":
                return new StatisticAccumulators.Quantiles(levels(call), true);
            case "quantile_exact":
                return new StatisticAccumulators.QuantileExact(new double[] {level(call, 0.5)}, false);
            case "median_exact":
                return new StatisticAccumulators.QuantileExact(new double[] {0.5}, false);
            case "quantiles_exact":
                return new StatisticAccumulators.QuantileExact(levels(call), true);
            case "top_k":
            {
                final Object k = !call.parameters().isEmpty() ? call.parameters().get(0) : constant(args, 1);
                final Object withCounts = call.parameters().size() > 1 ? call.parameters().get(1) : constant(args, 2);
                return new SelectionAccumulators.TopK(args.get(0).type(), k == null ? 10 : ((Number)k).intValue(),
                    withCounts instanceof Boolean b ? b : withCounts instanceof Number n && n.longValue() != 0);
            }
            case "min_k":
            case "max_k":
                return new SelectionAccumulators.RankedK(((Number)constant(args, 1)).intValue(), name.equals("max_k"),
                    args.size() - 2);
            case "group_uniq_array":
                return new SelectionAccumulators.GroupUniqArray(args.get(0).type(),
                    call.parameters().isEmpty() ? 0 : ((Number)call.parameters().get(0)).longValue());
            case "group_array_moving_sum":
            case "moving_sum":
                return new StatisticAccumulators.MovingSum(call.parameters().isEmpty() ? 0 :
                    ((Number)call.parameters().get(0)).longValue());
            default:
                if (distinct)
                {
                    return new Distinct(argumentTypes(args));
                }
                throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "Aggregate function " + name +
                    " is known but the query engine does not compute it yet");
        }
    }

    private static Object constant(final List<TypedExpr> args, final int index)
    {
        return args.size() > index && args.get(index) instanceof TypedExpr.Constant c ? c.value() : null;
    }

    /** A quantile's level: its parameter, ClickHouse's way, or Proton's second argument; 0.5 without either. */
    private static double level(final TypedExpr.AggregateCall call, final double otherwise)
    {
        final Object level = !call.parameters().isEmpty() ? call.parameters().get(0) : constant(call.arguments(), 1);
        return level instanceof Number n ? n.doubleValue() : otherwise;
    }

    private static double[] levels(final TypedExpr.AggregateCall call)
    {
        final List<Object> values = new ArrayList<>(call.parameters());
        if (values.isEmpty())
        {
            for (int i = 1; i < call.arguments().size(); i++)
            {
                values.add(constant(call.arguments(), i));
            }
        }
        final double[] levels = new double[values.size()];
        for (int i = 0; i < levels.length; i++)
        {
            levels[i] = ((Number)values.get(i)).doubleValue();
        }
        return levels;
    }

    /** p90 → 0.9, p999 → 0.999. */
    private static double percentile(final String name)
    {
        final String digits = name.substring(1);
        return Integer.parseInt(digits) / Math.pow(10, digits.length());
    }

    private static List<DataType> argumentTypes(final List<TypedExpr> args)
    {
        final List<DataType> types = new ArrayList<>();
        args.forEach(a -> types.add(a.type()));
        return types;
    }

    private static boolean isFloatOrDecimal(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.FLOAT32 || id == TypeId.FLOAT64;
    }

    /** count(), count(x) (non-NULL x), count_if(c): one off-heap counter per group. */
    static final class Count extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final NativeArray counts = new NativeArray(MemoryTag.STATE);

        @Override
        void addToOneGroup(final int group, final int[] ids, final int rows, final Vector[] arguments,
            final Vector condition)
        {
            final Vector arg = arguments.length == 1 ? arguments[0] : null;
            if (condition == null && (arg == null || !arg.hasNulls()))
            {
                counts.addLong(group, rows);
                return;
            }
            add(ids, rows, arguments, condition);
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments.length == 1 ? arguments[0] : null;
            if (condition == null && (arg == null || !arg.hasNulls()))
            {
                for (int r = 0; r < rows; r++)
                {
                    counts.addLong(ids[r], 1);
                }
                return;
            }
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && (arg == null || !arg.isNull(r)))
                {
                    counts.addLong(ids[r], 1);
                }
            }
        }

        @Override
        void groups(final int count)
        {
            counts.ensure(count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            counts.addLong(group, ((Count)other).counts.getLong(otherGroup));
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            counts.ensure(count);
            final LongVector out = (LongVector)Vector.create(type, count);
            final long[] values = out.values();
            for (int g = 0; g < count; g++)
            {
                values[g] = counts.getLong(g);
            }
            out.setSize(count);
            return out;
        }

        @Override
        void close()
        {
            counts.close();
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            writeSlots(out, counts, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSlots(in, counts, count);
        }
    }

    /** sum over integers (wrapping Int64/UInt64 as ClickHouse) or floats. */
    static final class Sum extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final boolean floating;
        private final NativeArray longs = new NativeArray(MemoryTag.STATE);
        private final NativeArray doubles = new NativeArray(MemoryTag.STATE);
        /** 1 once a group has had a value: a Nullable sum of none is NULL. */
        private final NativeArray seen = new NativeArray(MemoryTag.STATE);

        Sum(final boolean floating)
        {
            this.floating = floating;
        }

        @Override
        void addToOneGroup(final int group, final int[] ids, final int rows, final Vector[] arguments,
            final Vector condition)
        {
            final Vector arg = arguments[0];
            if (rows > 0 && condition == null && arg.nulls() == null)
            {
                if (!floating && arg instanceof LongVector l)
                {
                    final long[] values = l.values();
                    long total = longs.getLong(group);
                    for (int r = 0; r < rows; r++)
                    {
                        total += values[r];
                    }
                    longs.putLong(group, total);
                    seen.putLong(group, 1);
                    return;
                }
                if (floating && arg instanceof DoubleVector d)
                {
                    final double[] values = d.values();
                    double total = doubles.getDouble(group);
                    for (int r = 0; r < rows; r++)
                    {
                        total += values[r];
                    }
                    doubles.putDouble(group, total);
                    seen.putLong(group, 1);
                    return;
                }
            }
            add(ids, rows, arguments, condition);
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            if (!floating && arg instanceof LongVector l && condition == null && arg.nulls() == null)
            {
                final long[] values = l.values();
                for (int r = 0; r < rows; r++)
                {
                    longs.addLong(ids[r], values[r]);
                    seen.putLong(ids[r], 1);
                }
                return;
            }
            if (floating && arg instanceof DoubleVector d && condition == null && arg.nulls() == null)
            {
                final double[] values = d.values();
                for (int r = 0; r < rows; r++)
                {
                    doubles.addDouble(ids[r], values[r]);
                    seen.putLong(ids[r], 1);
                }
                return;
            }
            for (int r = 0; r < rows; r++)
            {
                if (skip(condition, r) || arg.isNull(r))
                {
                    continue;
                }
                seen.putLong(ids[r], 1);
                if (floating)
                {
                    doubles.addDouble(ids[r], Scalars.getDouble(arg, r));
                }
                else
                {
                    longs.addLong(ids[r], Scalars.getLong(arg, r));
                }
            }
        }

        @Override
        void groups(final int count)
        {
            longs.ensure(count);
            doubles.ensure(count);
            seen.ensure(count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final Sum from = (Sum)other;
            longs.addLong(group, from.longs.getLong(otherGroup));
            doubles.addDouble(group, from.doubles.getDouble(otherGroup));
            seen.putLong(group, seen.getLong(group) | from.seen.getLong(otherGroup));
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            groups(Math.max(groups, count));
            final Vector out = Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                if (seen.getLong(g) == 0 && type.isNullable())
                {
                    // sum of a Nullable column with no value is NULL, as in ClickHouse
                    out.appendNull();
                }
                else if (out instanceof DoubleVector d)
                {
                    d.append(floating ? doubles.getDouble(g) : longs.getLong(g));
                }
                else
                {
                    ((LongVector)out).append(Conversions.wrap(longs.getLong(g), type.unwrapped()));
                }
            }
            return out;
        }

        @Override
        void close()
        {
            longs.close();
            doubles.close();
            seen.close();
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            writeSlots(out, longs, count);
            writeSlots(out, doubles, count);
            writeSlots(out, seen, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSlots(in, longs, count);
            readSlots(in, doubles, count);
            readSlots(in, seen, count);
        }
    }

    /** avg: Float64 sum and count; NaN for a group without rows (as ClickHouse). */
    static final class Avg extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final NativeArray sums = new NativeArray(MemoryTag.STATE);
        private final NativeArray counts = new NativeArray(MemoryTag.STATE);

        @Override
        void addToOneGroup(final int group, final int[] ids, final int rows, final Vector[] arguments,
            final Vector condition)
        {
            if (arguments[0] instanceof DoubleVector d && condition == null && d.nulls() == null)
            {
                final double[] values = d.values();
                double total = sums.getDouble(group);
                for (int r = 0; r < rows; r++)
                {
                    total += values[r];
                }
                sums.putDouble(group, total);
                counts.addLong(group, rows);
                return;
            }
            add(ids, rows, arguments, condition);
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            if (arg instanceof DoubleVector d && condition == null && arg.nulls() == null)
            {
                final double[] values = d.values();
                for (int r = 0; r < rows; r++)
                {
                    sums.addDouble(ids[r], values[r]);
                    counts.addLong(ids[r], 1);
                }
                return;
            }
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arg.isNull(r))
                {
                    sums.addDouble(ids[r], Scalars.getDouble(arg, r));
                    counts.addLong(ids[r], 1);
                }
            }
        }

        @Override
        void groups(final int count)
        {
            sums.ensure(count);
            counts.ensure(count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            sums.addDouble(group, ((Avg)other).sums.getDouble(otherGroup));
            counts.addLong(group, ((Avg)other).counts.getLong(otherGroup));
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            groups(Math.max(groups, count));
            final Vector out = Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                if (counts.getLong(g) == 0 && type.isNullable())
                {
                    out.appendNull();
                }
                else
                {
                    ((DoubleVector)out).append(sums.getDouble(g) / counts.getLong(g));
                }
            }
            return out;
        }

        @Override
        void close()
        {
            sums.close();
            counts.close();
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            writeSlots(out, sums, count);
            writeSlots(out, counts, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSlots(in, sums, count);
            readSlots(in, counts, count);
        }
    }

    /**
     * avg_weighted(x, w): sum(x * w) / sum(w) in Float64 (NaN when the weights sum to 0, as ClickHouse). Weights may
     * be negative: how an average over a changelog takes rows back.
     */
    static final class WeightedAvg extends Accumulators
    {
        private final NativeArray sums = new NativeArray(MemoryTag.STATE);
        private final NativeArray weights = new NativeArray(MemoryTag.STATE);

        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector value = arguments[0];
            final Vector weight = arguments[1];
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !value.isNull(r) && !weight.isNull(r))
                {
                    final double w = Scalars.getDouble(weight, r);
                    sums.addDouble(ids[r], Scalars.getDouble(value, r) * w);
                    weights.addDouble(ids[r], w);
                }
            }
        }

        @Override
        void groups(final int count)
        {
            sums.ensure(count);
            weights.ensure(count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            sums.addDouble(group, ((WeightedAvg)other).sums.getDouble(otherGroup));
            weights.addDouble(group, ((WeightedAvg)other).weights.getDouble(otherGroup));
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            groups(Math.max(groups, count));
            final Vector out = Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                if (weights.getDouble(g) == 0 && type.isNullable())
                {
                    out.appendNull();
                }
                else
                {
                    ((DoubleVector)out).append(sums.getDouble(g) / weights.getDouble(g));
                }
            }
            return out;
        }

        @Override
        void close()
        {
            sums.close();
            weights.close();
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            writeSlots(out, sums, count);
            writeSlots(out, weights, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSlots(in, sums, count);
            readSlots(in, weights, count);
        }
    }

    /** min (-1), max (1), any (0: first), any_last (2): one value per group kept in a one-row vector. */
    static final class Extreme extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final int mode;
        private Vector[] values = new Vector[16];

        Extreme(final int mode)
        {
            this.mode = mode;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arg.isNull(r))
                {
                    offer(ids[r], arg, r);
                }
            }
        }

        private void offer(final int g, final Vector arg, final int r)
        {
            final Vector current = values[g];
            if (current == null)
            {
                final Vector one = Vector.create(arg.type(), 1);
                one.appendFrom(arg, r);
                values[g] = one;
                return;
            }
            final boolean replace = switch (mode)
            {
                case -1 -> arg.compareAt(r, current, 0) < 0;
                case 1 -> arg.compareAt(r, current, 0) > 0;
                case 2 -> true;
                default -> false;
            };
            if (replace)
            {
                current.reset();
                current.appendFrom(arg, r);
            }
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final Vector value = ((Extreme)other).values[otherGroup];
            if (value != null)
            {
                offer(group, value, 0);
            }
        }

        @Override
        void groups(final int count)
        {
            values = grown(values, count);
            groups = count;
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            return kept(values, count, type);
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeValues(values, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            final Vector[] stored = in.readValues();
            checkCount(stored.length, count);
            groups(count);
            System.arraycopy(stored, 0, values, 0, count);
        }
    }

    /** Exact count of distinct argument tuples per group: one table of (group, value) pairs. */
    static final class Distinct extends Accumulators
    {
        private final GroupTable seen;
        private final List<DataType> types;
        private long[] counts = new long[16];
        private int[] pairIds = new int[1024];

        Distinct(final List<DataType> argumentTypes)
        {
            this.types = new ArrayList<>();
            types.add(DataType.INT32);
            types.addAll(argumentTypes);
            this.seen = new GroupTable(types);
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final LongVector groupColumn = (LongVector)Vector.create(DataType.INT32, rows);
            final Vector[] keys = new Vector[arguments.length + 1];
            keys[0] = groupColumn;
            final int[] keep = new int[rows];
            int kept = 0;
            for (int r = 0; r < rows; r++)
            {
                boolean isNull = false;
                for (final Vector a : arguments)
                {
                    isNull |= a.isNull(r);
                }
                if (!isNull && !skip(condition, r))
                {
                    keep[kept++] = r;
                }
            }
            for (int i = 0; i < kept; i++)
            {
                groupColumn.append(ids[keep[i]]);
            }
            for (int a = 0; a < arguments.length; a++)
            {
                keys[a + 1] = kept == rows ? arguments[a] : arguments[a].gather(keep, kept);
            }
            if (pairIds.length < kept)
            {
                pairIds = new int[kept];
            }
            int firstUnseen = seen.groups();
            seen.groupIds(keys, kept, pairIds);
            for (int i = 0; i < kept; i++)
            {
                // new pairs get consecutive ids in row order: a pair is new at its first row only
                if (pairIds[i] == firstUnseen)
                {
                    firstUnseen++;
                    counts[ids[keep[i]]]++;
                }
            }
        }

        @Override
        void groups(final int count)
        {
            counts = grown(counts, count);
            groups = count;
        }

        @Override
        void close()
        {
            seen.close();
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            // re-add the other group's distinct values as rows of this group
            final io.muon.kernel.vector.Batch pairs = ((Distinct)other).seen.keys();
            final LongVector owners = (LongVector)pairs.column(0);
            final int[] rows = new int[pairs.rows()];
            int n = 0;
            for (int i = 0; i < pairs.rows(); i++)
            {
                if (owners.get(i) == otherGroup)
                {
                    rows[n++] = i;
                }
            }
            final Vector[] values = new Vector[pairs.width() - 1];
            for (int c = 1; c < pairs.width(); c++)
            {
                values[c - 1] = pairs.column(c).gather(rows, n);
            }
            final int[] ids = new int[n];
            Arrays.fill(ids, group);
            add(ids, n, values, null);
        }

        @Override
        void mergeAll(final int[] targets, final Accumulators other, final int otherGroups)
        {
            // every (group, value) pair of the other state, re-added as a row of the target group
            final io.muon.kernel.vector.Batch pairs = ((Distinct)other).seen.keys();
            final LongVector owners = (LongVector)pairs.column(0);
            final int n = pairs.rows();
            final int[] ids = new int[n];
            for (int i = 0; i < n; i++)
            {
                ids[i] = targets[(int)owners.get(i)];
            }
            final Vector[] values = new Vector[pairs.width() - 1];
            for (int c = 1; c < pairs.width(); c++)
            {
                values[c - 1] = pairs.column(c);
            }
            add(ids, n, values, null);
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final LongVector out = (LongVector)Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                out.append(counts[g]);
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeLongs(counts, count);
            out.writeBatch(seen.groups() == 0 ? null : seen.keys(), types);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            final long[] stored = in.readLongs();
            checkCount(stored.length, count);
            groups(count);
            System.arraycopy(stored, 0, counts, 0, count);
            seen.restore(in.readBatch(types));
        }
    }

    /** group_array: (group, value) pairs kept in arrival order, assembled per group at the end. */
    static final class GroupArray extends Accumulators
    {
        private final long maxSize;
        private Vector values;
        private int[] owners = new int[1024];
        private long[] sizes = new long[16];

        GroupArray(final long maxSize)
        {
            this.maxSize = maxSize;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            if (values == null)
            {
                values = Vector.create(arg.type(), rows);
            }
            for (int r = 0; r < rows; r++)
            {
                if (skip(condition, r) || arg.isNull(r) || sizes[ids[r]] >= maxSize)
                {
                    continue;
                }
                sizes[ids[r]]++;
                if (owners.length == values.size())
                {
                    owners = Arrays.copyOf(owners, owners.length * 2);
                }
                owners[values.size()] = ids[r];
                values.appendFrom(arg, r);
            }
        }

        @Override
        void groups(final int count)
        {
            sizes = grown(sizes, count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final GroupArray from = (GroupArray)other;
            final int n = from.values == null ? 0 : from.values.size();
            for (int i = 0; i < n; i++)
            {
                if (from.owners[i] == otherGroup && sizes[group] < maxSize)
                {
                    sizes[group]++;
                    if (values == null)
                    {
                        values = Vector.create(from.values.type(), 16);
                    }
                    if (owners.length == values.size())
                    {
                        owners = Arrays.copyOf(owners, owners.length * 2);
                    }
                    owners[values.size()] = group;
                    values.appendFrom(from.values, i);
                }
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final ArrayVector out = (ArrayVector)Vector.create(type, count);
            final int n = values == null ? 0 : values.size();
            final Vector source = n == 0 || values.type().equals(out.elements().type()) ? values :
                Conversions.convert(values, n, out.elements().type(), Conversions.Mode.CAST);
            final int[] order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }
            SortOperator.IntSort.sort(order, n, (a, b) -> Integer.compare(owners[a], owners[b]));
            int at = 0;
            for (int g = 0; g < count; g++)
            {
                while (at < n && owners[order[at]] == g)
                {
                    out.elements().appendFrom(source, order[at]);
                    at++;
                }
                out.endRow();
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeLongs(sizes, count);
            final int n = values == null ? 0 : values.size();
            out.writeInts(owners, n);
            out.writeVector(values, n);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            final long[] storedSizes = in.readLongs();
            checkCount(storedSizes.length, count);
            groups(count);
            System.arraycopy(storedSizes, 0, sizes, 0, count);
            final int[] storedOwners = in.readInts();
            values = in.readVector();
            if ((values == null ? 0 : values.size()) != storedOwners.length)
            {
                throw StateInput.corrupted("group_array values and owners differ in length");
            }
            owners = storedOwners.length == 0 ? new int[1024] : storedOwners;
        }
    }

    /** group_bit_and / group_bit_or / group_bit_xor over integers (0 for a group without values). */
    static final class BitFold extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final String function;
        private long[] values = new long[16];
        private boolean[] seen = new boolean[16];

        BitFold(final String function)
        {
            this.function = function;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arg.isNull(r))
                {
                    fold(ids[r], Scalars.getLong(arg, r));
                }
            }
        }

        private void fold(final int g, final long x)
        {
            if (!seen[g])
            {
                seen[g] = true;
                values[g] = x;
                return;
            }
            values[g] = switch (function)
            {
                case "group_bit_and" -> values[g] & x;
                case "group_bit_or" -> values[g] | x;
                default -> values[g] ^ x;
            };
        }

        @Override
        void groups(final int count)
        {
            values = grown(values, count);
            seen = grown(seen, count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final BitFold from = (BitFold)other;
            if (from.seen[otherGroup])
            {
                fold(group, from.values[otherGroup]);
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final LongVector out = (LongVector)Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                out.append(Conversions.wrap(values[g], type.unwrapped()));
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeLongs(values, count);
            for (int g = 0; g < count; g++)
            {
                out.writeBoolean(seen[g]);
            }
        }

        @Override
        void read(final StateInput in, final int count)
        {
            final long[] stored = in.readLongs();
            checkCount(stored.length, count);
            groups(count);
            System.arraycopy(stored, 0, values, 0, count);
            for (int g = 0; g < count; g++)
            {
                seen[g] = in.readBoolean();
            }
        }
    }
}
