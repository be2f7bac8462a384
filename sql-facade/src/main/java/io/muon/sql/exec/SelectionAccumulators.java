package io.muon.sql.exec;

import io.muon.kernel.sketch.DistinctSketch;
import io.muon.kernel.sketch.FrequentItems;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aggregates that select or count values rather than compute with them: arg_min/arg_max, unique (HyperLogLog),
 * top_k (frequent items), min_k/max_k and group_uniq_array, with ClickHouse's semantics.
 */
final class SelectionAccumulators
{
    private SelectionAccumulators()
    {
    }

    /** arg_min(arg, value) / arg_max(arg, value): the arg of the first row holding the smallest/largest value. */
    static final class ArgExtreme extends Accumulators
    {
        @Override
        boolean mergesOneGroupCheaply()
        {
            return true;
        }

        private final boolean max;
        private Vector[] args = new Vector[16];
        private Vector[] values = new Vector[16];

        ArgExtreme(final boolean max)
        {
            this.max = max;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arguments[1].isNull(r))
                {
                    offer(ids[r], arguments[0], arguments[1], r);
                }
            }
        }

        private void offer(final int g, final Vector arg, final Vector value, final int r)
        {
            if (values[g] == null)
            {
                values[g] = Vector.create(value.type(), 1);
                args[g] = Vector.create(arg.type(), 1);
            }
            else
            {
                final int c = value.compareAt(r, values[g], 0);
                if (max ? c <= 0 : c >= 0)
                {
                    return;
                }
                values[g].reset();
                args[g].reset();
            }
            values[g].appendFrom(value, r);
            args[g].appendFrom(arg, r);
        }

        @Override
        void groups(final int count)
        {
            values = grown(values, count);
            args = grown(args, count);
            groups = count;
        }

        @Override
        void merge(final int group, final Accumulators other, final int otherGroup)
        {
            final ArgExtreme from = (ArgExtreme)other;
            if (from.values[otherGroup] != null)
            {
                offer(group, from.args[otherGroup], from.values[otherGroup], 0);
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            return kept(args, count, type);
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeValues(args, count);
            out.writeValues(values, count);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            final Vector[] storedArgs = in.readValues();
            final Vector[] storedValues = in.readValues();
            checkCount(storedArgs.length, count);
            checkCount(storedValues.length, count);
            groups(count);
            System.arraycopy(storedArgs, 0, args, 0, count);
            System.arraycopy(storedValues, 0, values, 0, count);
        }
    }

    /** unique / uniq: a {@link DistinctSketch} per group over the hash of the argument tuple; NULLs skipped. */
    static final class Unique extends Accumulators
    {
        private DistinctSketch[] sketches = new DistinctSketch[16];

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            if (arguments.length == 1 && condition == null && arguments[0] instanceof LongVector longs &&
                !longs.hasNulls())
            {
                // one integer argument without NULLs: the same hash as below, without calls per row
                final long[] values = longs.values();
                DistinctSketch last = null;
                int lastGroup = -1;
                for (int r = 0; r < rows; r++)
                {
                    if (ids[r] != lastGroup)
                    {
                        lastGroup = ids[r];
                        last = sketch(lastGroup);
                    }
                    last.update(0x2545F4914F6CDD1DL * 0x9E3779B97F4A7C15L + Vector.mix(values[r]));
                }
                return;
            }
            for (int r = 0; r < rows; r++)
            {
                if (skip(condition, r))
                {
                    continue;
                }
                long hash = 0x2545F4914F6CDD1DL;
                boolean isNull = false;
                for (final Vector argument : arguments)
                {
                    isNull |= argument.isNull(r);
                    hash = hash * 0x9E3779B97F4A7C15L + argument.hash(r);
                }
                if (!isNull)
                {
                    sketch(ids[r]).update(hash);
                }
            }
        }

        private DistinctSketch sketch(final int group)
        {
            if (sketches[group] == null)
            {
                sketches[group] = new DistinctSketch();
            }
            return sketches[group];
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
            final DistinctSketch from = ((Unique)other).sketches[otherGroup];
            if (from != null)
            {
                sketch(group).merge(from);
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final LongVector out = (LongVector)Vector.create(type, count);
            for (int g = 0; g < count; g++)
            {
                out.append(sketches[g] == null ? 0 : sketches[g].estimate());
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            writeSketches(out, sketches, count, io.muon.kernel.sketch.DistinctSketch::toBytes);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            groups(count);
            readSketches(in, sketches, count, io.muon.kernel.sketch.DistinctSketch::fromBytes);
        }
    }

    /**
     * top_k(x[, k[, with_count]]): values are numbered by a dictionary shared by all groups (a {@link GroupTable}),
     * and each group counts the numbers in a {@link FrequentItems} sketch; the result lists the k most frequent,
     * most frequent first, ties in order of first appearance.
     */
    static final class TopK extends Accumulators
    {
        private final int k;
        private final boolean withCounts;
        private final GroupTable dictionary;
        private FrequentItems[] sketches = new FrequentItems[16];
        private int[] valueIds = new int[Batch.DEFAULT_ROWS];

        TopK(final DataType valueType, final int k, final boolean withCounts)
        {
            this.k = k;
            this.withCounts = withCounts;
            this.dictionary = new GroupTable(List.of(valueType));
        }

        private DataType valueType()
        {
            return dictionary.keys().column(0).type();
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            if (valueIds.length < rows)
            {
                valueIds = new int[rows];
            }
            dictionary.groupIds(new Vector[] {arguments[0]}, rows, valueIds);
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arguments[0].isNull(r))
                {
                    sketch(ids[r]).update(valueIds[r]);
                }
            }
        }

        private FrequentItems sketch(final int group)
        {
            if (sketches[group] == null)
            {
                sketches[group] = new FrequentItems(k);
            }
            return sketches[group];
        }

        @Override
        void close()
        {
            dictionary.close();
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
            final TopK from = (TopK)other;
            final FrequentItems source = from.sketches[otherGroup];
            if (source == null)
            {
                return;
            }
            if (from.dictionary == dictionary)
            {
                sketch(group).merge(source);
                return;
            }
            // another dictionary numbers values differently: re-number the other's items through ours
            final long[] items = new long[from.k];
            final long[] counts = new long[from.k];
            final int n = source.top(from.k, items, counts);
            final Vector values = from.dictionary.keys().column(0);
            final int[] rows = new int[n];
            for (int i = 0; i < n; i++)
            {
                rows[i] = (int)items[i];
            }
            final int[] ids = new int[n];
            dictionary.groupIds(new Vector[] {values.gather(rows, n)}, n, ids);
            for (int i = 0; i < n; i++)
            {
                for (long c = 0; c < counts[i]; c++)
                {
                    sketch(group).update(ids[i]);
                }
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final ArrayVector out = (ArrayVector)Vector.create(type, count);
            final long[] items = new long[k];
            final long[] counts = new long[k];
            final Vector dictionaryValues = dictionary.keys().column(0);
            final TupleVector tuple = withCounts ? (TupleVector)out.elements() : null;
            final Vector target = withCounts ? tuple.field(0) : out.elements();
            final Vector values = dictionaryValues.type().equals(target.type()) ? dictionaryValues :
                Conversions.convert(dictionaryValues, dictionaryValues.size(), target.type(), Conversions.Mode.CAST);
            for (int g = 0; g < count; g++)
            {
                final int n = sketches[g] == null ? 0 : sketches[g].top(k, items, counts);
                for (int i = 0; i < n; i++)
                {
                    target.appendFrom(values, (int)items[i]);
                    if (withCounts)
                    {
                        ((LongVector)tuple.field(1)).append(counts[i]);
                        tuple.endRow();
                    }
                }
                out.endRow();
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            groups(count);
            out.writeBatch(dictionary.groups() == 0 ? null : dictionary.keys(), List.of(valueType()));
            writeSketches(out, sketches, count, FrequentItems::toBytes);
        }

        @Override
        void read(final StateInput in, final int count)
        {
            dictionary.restore(in.readBatch(List.of(valueType())));
            groups(count);
            readSketches(in, sketches, count, FrequentItems::fromBytes);
        }
    }

    /**
     * min_k(x, k[, context…]) / max_k: the k smallest (largest) values of each group, ascending (descending), as an
     * array of values or, with context columns, of tuples (value, context…).
     */
    static final class RankedK extends StatisticAccumulators.Collected
    {
        private final int k;
        private final boolean max;
        private final int contextColumns;

        RankedK(final int k, final boolean max, final int contextColumns)
        {
            this.k = k;
            this.max = max;
            this.contextColumns = contextColumns;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            if (contextColumns == 0)
            {
                super.add(ids, rows, arguments, condition);
                return;
            }
            // value and context travel together as one tuple; arguments[1] is k
            final List<DataType> types = new ArrayList<>();
            final List<Vector> fields = new ArrayList<>();
            types.add(arguments[0].type());
            fields.add(arguments[0]);
            for (int i = 2; i < arguments.length; i++)
            {
                types.add(arguments[i].type());
                fields.add(arguments[i]);
            }
            final TupleVector tuple = (TupleVector)Vector.create(DataType.tuple(types, null), rows);
            for (int r = 0; r < rows; r++)
            {
                for (int f = 0; f < fields.size(); f++)
                {
                    tuple.field(f).appendFrom(fields.get(f), r);
                }
                tuple.endRow();
            }
            for (int r = 0; r < rows; r++)
            {
                if (!skip(condition, r) && !arguments[0].isNull(r))
                {
                    append(ids[r], tuple, r);
                }
            }
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final ArrayVector out = (ArrayVector)Vector.create(type, count);
            final int[] order = orderByGroupThenValue(max);
            final Vector source = converted(out.elements().type());
            int at = 0;
            for (int g = 0; g < count; g++)
            {
                int taken = 0;
                while (at < size() && owners[order[at]] == g)
                {
                    if (taken++ < k)
                    {
                        out.elements().appendFrom(source, order[at]);
                    }
                    at++;
                }
                out.endRow();
            }
            return out;
        }
    }

    /** group_uniq_array(x): the distinct values of each group (exact), in order of first appearance. */
    static final class GroupUniqArray extends StatisticAccumulators.Collected
    {
        private final GroupTable seen;
        private final long maxSize;
        private long[] sizes = new long[16];
        private int[] pairIds = new int[Batch.DEFAULT_ROWS];

        GroupUniqArray(final DataType valueType, final long maxSize)
        {
            this.seen = new GroupTable(List.of(DataType.INT32, valueType));
            this.maxSize = maxSize;
        }

        @Override
        void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
        {
            final LongVector owner = (LongVector)Vector.create(DataType.INT32, rows);
            for (int r = 0; r < rows; r++)
            {
                owner.append(ids[r]);
            }
            if (pairIds.length < rows)
            {
                pairIds = new int[rows];
            }
            int next = seen.groups();
            seen.groupIds(new Vector[] {owner, arguments[0]}, rows, pairIds);
            for (int r = 0; r < rows; r++)
            {
                if (pairIds[r] == next)
                {
                    next++;
                    if (!skip(condition, r) && !arguments[0].isNull(r) && (maxSize <= 0 || sizes[ids[r]] < maxSize))
                    {
                        sizes[ids[r]]++;
                        append(ids[r], arguments[0], r);
                    }
                }
            }
        }

        @Override
        void close()
        {
            seen.close();
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
            final GroupUniqArray from = (GroupUniqArray)other;
            final int[] rows = new int[from.size()];
            int n = 0;
            for (int i = 0; i < from.size(); i++)
            {
                if (from.owners[i] == otherGroup)
                {
                    rows[n++] = i;
                }
            }
            final int[] ids = new int[n];
            Arrays.fill(ids, group);
            add(ids, n, new Vector[] {from.values.gather(rows, n)}, null);
        }

        @Override
        Vector result(final int count, final DataType type)
        {
            final ArrayVector out = (ArrayVector)Vector.create(type, count);
            final int[] order = orderByGroup();
            final Vector source = converted(out.elements().type());
            int at = 0;
            for (int g = 0; g < count; g++)
            {
                while (at < size() && owners[order[at]] == g)
                {
                    out.elements().appendFrom(source, order[at++]);
                }
                out.endRow();
            }
            return out;
        }

        @Override
        void write(final StateOutput out, final int count)
        {
            super.write(out, count);
            out.writeLongs(sizes, count);
            out.writeBatch(seen.groups() == 0 ? null : seen.keys(), seenTypes());
        }

        @Override
        void read(final StateInput in, final int count)
        {
            super.read(in, count);
            final long[] stored = in.readLongs();
            checkCount(stored.length, count);
            System.arraycopy(stored, 0, sizes, 0, count);
            seen.restore(in.readBatch(seenTypes()));
        }

        private List<DataType> seenTypes()
        {
            return List.of(seen.keys().column(0).type(), seen.keys().column(1).type());
        }
    }
}
