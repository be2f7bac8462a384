package io.muon.sql.exec;

import io.muon.kernel.sketch.QuantileSketch;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;

/**
 * Numeric statistics with ClickHouse's semantics: variance, standard deviation, skewness and kurtosis from power sums
 * (as ClickHouse computes them), covariance and correlation, approximate quantiles over a {@link QuantileSketch} per
 * group, exact quantiles, and moving sums. States are arrays indexed by group id.
 */
final class StatisticAccumulators
{
    private StatisticAccumulators()
    {
    }

    /** Variance, standard deviation, skewness and kurtosis (population and sample): power sums m0..m4 per group. */
    static final class Moments extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final String function;
        private double[][] m = new double[5][16];

        Moments(final String function)
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
                    final int g = ids[r];
                    final double x = Scalars.getDouble(arg, r);
                    m[0][g] += 1;
                    m[1][g] += x;
                    m[2][g] += x * x;
                    m[3][g] += x * x * x;
                    m[4][g] += x * x * x * x;
                }
            }
        }

        @Override
        void groups(final int count)
        {
            for (int i = 0; i < m.length; i++)
            {
                m[i] = grown(m[i], count);
            }
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            for (int i = 0; i < m.length; i++)
            {
                m[i][group] += ((Moments)other).m[i][otherGroup];
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final DoubleVector out = (DoubleVector)Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                out.append(value(m[0][g], m[1][g], m[2][g], m[3][g], m[4][g]));
            }
            return out;
        }

        private double value(final double n, final double s1, final double s2, final double s3, final double s4)
        {
            final double mean = s1 / n;
            final double centralSum2 = s2 - s1 * mean;
            final double pop = n == 0 ? Double.NaN : Math.max(0, centralSum2 / n);
            final double samp = n <= 1 ? Double.NaN : Math.max(0, centralSum2 / (n - 1));
            return switch (function)
            {
                case "var_pop" -> pop;
                case "var_samp" -> samp;
                case "stddev_pop" -> Math.sqrt(pop);
                case "stddev_samp" -> Math.sqrt(samp);
                case "skew_pop", "skew_samp" ->
                {
                    final double third = (s3 - 3 * s2 * mean + 3 * s1 * mean * mean - n * mean * mean * mean) / n;
                    yield third / Math.pow(function.equals("skew_pop") ? pop : samp, 1.5);
                }
                default ->
                {
                    final double fourth = (s4 - 4 * s3 * mean + 6 * s2 * mean * mean - 4 * s1 * mean * mean * mean +
                        n * mean * mean * mean * mean) / n;
                    final double variance = function.equals("kurt_pop") ? pop : samp;
                    yield fourth / (variance * variance);
                }
            };
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            for (final double[] sums : m)
            {
                out.writeDoubles(sums, count);
            }
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            for (final double[] sums : m)
            {
                final double[] stored = in.readDoubles();
                checkCount(stored.length, count);
                System.arraycopy(stored, 0, sums, 0, count);
            }
        }
    }

    /** covar_pop/covar_samp/corr: sums of x, y, xy, x², y² per group. */
    static final class Covariance extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final String function;
        private double[][] s = new double[6][16];

        Covariance(final String function)
        {
            this.function = function;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector xs = arguments[0];
            final Vector ys = arguments[1];
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !xs.isNull(r) && !ys.isNull(r))
                {
                    final int g = ids[r];
                    final double x = Scalars.getDouble(xs, r);
                    final double y = Scalars.getDouble(ys, r);
                    s[0][g] += 1;
                    s[1][g] += x;
                    s[2][g] += y;
                    s[3][g] += x * y;
                    s[4][g] += x * x;
                    s[5][g] += y * y;
                }
            }
        }

        @Override
        void groups(final int count)
        {
            for (int i = 0; i < s.length; i++)
            {
                s[i] = grown(s[i], count);
            }
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            for (int i = 0; i < s.length; i++)
            {
                s[i][group] += ((Covariance)other).s[i][otherGroup];
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final DoubleVector out = (DoubleVector)Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                final double n = s[0][g];
                final double coSum = s[3][g] - s[1][g] * s[2][g] / n;
                final double value = switch (function)
                {
                    case "covar_pop" -> n == 0 ? Double.NaN : coSum / n;
                    case "covar_samp" -> n <= 1 ? Double.NaN : coSum / (n - 1);
                    default -> coSum / Math.sqrt((s[4][g] - s[1][g] * s[1][g] / n) * (s[5][g] - s[2][g] * s[2][g] / n));
                };
                out.append(value);
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            for (final double[] sums : s)
            {
                out.writeDoubles(sums, count);
            }
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            for (final double[] sums : s)
            {
                final double[] stored = in.readDoubles();
                checkCount(stored.length, count);
                System.arraycopy(stored, 0, sums, 0, count);
            }
        }
    }

    /** quantile/median/p90…/quantiles: one {@link QuantileSketch} per group; Float64 or Array(Float64). */
    static final class Quantiles extends Accumulators
    {
        private final double[] levels;
        private final boolean array;
        private QuantileSketch[] sketches = new QuantileSketch[16];

        Quantiles(final double[] levels, final boolean array)
        {
            this.levels = levels;
            this.array = array;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            final double[] doubles = arg instanceof DoubleVector d && arg.nulls() == null ? d.values() : null;
            if (doubles != null && condition == null)
            {
                // runs of rows of one group go to its sketch in one bulk update
                int from = 0;
                while (from < rows)
                {
                    int to = from + 1;
                    while (to < rows && ids[to] == ids[from])
                    {
                        to++;
                    }
                    sketch(ids[from]).update(doubles, from, to - from);
                    from = to;
                }
                return;
            }
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arg.isNull(r))
                {
                    sketch(ids[r]).update(doubles != null ? doubles[r] : Scalars.getDouble(arg, r));
                }
            }
        }

        private QuantileSketch sketch(final int group)
        {
            QuantileSketch sketch = sketches[group];
            if (sketch == null)
            {
                sketch = new QuantileSketch();
                sketches[group] = sketch;
            }
            return sketch;
        }

        @Override
        void groups(final int count)
        {
            sketches = grown(sketches, count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final QuantileSketch from = ((Quantiles)other).sketches[otherGroup];
            if (from != null)
            {
                sketch(group).merge(from);
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final Vector out = Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                final QuantileSketch sketch = sketches[g];
                if (!array)
                {
                    ((DoubleVector)out).append(sketch == null ? Double.NaN : sketch.quantile(levels[0]));
                    continue;
                }
                final ArrayVector arrays = (ArrayVector)out;
                for (final double level : levels)
                {
                    ((DoubleVector)arrays.elements()).append(sketch == null ? Double.NaN : sketch.quantile(level));
                }
                arrays.endRow();
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            writeSketches(out, sketches, count, QuantileSketch::toBytes);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSketches(in, sketches, count, QuantileSketch::fromBytes);
        }
    }

    /**
     * quantile_exact/median_exact/quantiles_exact: every value kept (value vector plus owning group), sorted per
     * group at the end; the answer is the value at {@code floor(level · n)} (the last one for level 1), as ClickHouse.
     */
    static final class QuantileExact extends Collected
    {
        private final double[] levels;
        private final boolean array;

        QuantileExact(final double[] levels, final boolean array)
        {
            this.levels = levels;
            this.array = array;
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final Vector out = Vector.create(type, count);
            final int[] order = orderByGroupThenValue(false);
            final Vector source = converted(array ? ((ArrayVector)out).elements().type() : type);
            int at = 0;
            for (int g = 0; g < count; g++)
            {
                final int from = at;
                while (at < size() && owners[order[at]] == g)
                {
                    at++;
                }
                final int n = at - from;
                if (!array)
                {
                    appendAt(out, source, order, from, n, levels[0]);
                    continue;
                }
                final ArrayVector arrays = (ArrayVector)out;
                for (final double level : levels)
                {
                    appendAt(arrays.elements(), source, order, from, n, level);
                }
                arrays.endRow();
            }
            return out;
        }

        private static void appendAt(final Vector out, final Vector source, final int[] order, final int from,
            final int n, final double level)
        {
            if (n == 0)
            {
                out.appendNull();
                return;
            }
            final int index = level < 1 ? (int)(level * n) : n - 1;
            out.appendFrom(source, order[from + index]);
        }
    }

    /** group_array_moving_sum / moving_sum: the running sums of each group's values, in arrival order. */
    static final class MovingSum extends Collected
    {
        private final long window;

        MovingSum(final long window)
        {
            this.window = window;
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final ArrayVector out = (ArrayVector)Vector.create(type, count);
            final int[] order = orderByGroup();
            final Vector elements = out.elements();
            int at = 0;
            for (int g = 0; g < count; g++)
            {
                final int from = at;
                long longSum = 0;
                double doubleSum = 0;
                while (at < size() && owners[order[at]] == g)
                {
                    final int row = order[at];
                    if (elements instanceof DoubleVector d)
                    {
                        doubleSum += Scalars.getDouble(values, row);
                        if (window > 0 && at - from >= window)
                        {
                            doubleSum -= Scalars.getDouble(values, order[at - (int)window]);
                        }
                        d.append(doubleSum);
                    }
                    else
                    {
                        longSum += Scalars.getLong(values, row);
                        if (window > 0 && at - from >= window)
                        {
                            longSum -= Scalars.getLong(values, order[at - (int)window]);
                        }
                        ((LongVector)elements).append(longSum);
                    }
                    at++;
                }
                out.endRow();
            }
            return out;
        }
    }

    /** Base of the aggregates that keep every (group, value) pair: one value vector, one owner array. */
    abstract static class Collected extends Accumulators
    {
        protected Vector values;
        protected int[] owners = new int[1024];

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final Vector arg = arguments[0];
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arg.isNull(r))
                {
                    append(ids[r], arg, r);
                }
            }
        }

        protected final void append(final int group, final Vector source, final int row)
        {
            if (values == null)
            {
                values = Vector.create(source.type().unwrapped(), 1024);
            }
            if (owners.length == values.size())
            {
                owners = Arrays.copyOf(owners, owners.length * 2);
            }
            owners[values.size()] = group;
            values.appendFrom(source, row);
        }

        protected final int size()
        {
            return values == null ? 0 : values.size();
        }

        @Override
        void groups(final int count)
        {
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final Collected from = (Collected)other;
            for (int i = 0; i < from.size(); i++)
            {
                if (from.owners[i] == otherGroup)
                {
                    append(group, from.values, i);
                }
            }
        }

        /** Positions of the kept values, grouped by owner, arrival order within a group. */
        protected final int[] orderByGroup()
        {
            final int n = size();
            final int[] order = identity(n);
            SortOperator.IntSort.sort(order, n, (a, b) -> Integer.compare(owners[a], owners[b]));
            return order;
        }

        /** Positions grouped by owner, ascending (or descending) by value within a group, NaN last. */
        protected final int[] orderByGroupThenValue(final boolean descending)
        {
            final int n = size();
            final int[] order = identity(n);
            SortOperator.IntSort.sort(order, n, (a, b) ->
            {
                final int byOwner = Integer.compare(owners[a], owners[b]);
                if (byOwner != 0)
                {
                    return byOwner;
                }
                final int c = values.compareAt(a, values, b);
                return descending ? -c : c;
            });
            return order;
        }

        protected final Vector converted(final DataType type)
        {
            return values == null || values.type().equals(type) ? values :
                Conversions.convert(values, values.size(), type, Conversions.Mode.CAST);
        }

        static int[] identity(final int n)
        {
            final int[] order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }
            return order;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            final int n = size();
            out.writeInts(owners, n);
            out.writeVector(values, n);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            final int[] storedOwners = in.readInts();
            values = in.readVector();
            if ((values == null ? 0 : values.size()) != storedOwners.length)
            {
                throw StateInput.corrupted("collected values and owners differ in length");
            }
            for (final int owner : storedOwners)
            {
                if (owner < 0 || owner >= count)
                {
                    throw StateInput.corrupted("a value of group " + owner + " among " + count);
                }
            }
            owners = storedOwners.length == 0 ? new int[1024] : storedOwners;
        }
    }
}
