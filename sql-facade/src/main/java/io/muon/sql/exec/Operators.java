package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayList;
import java.util.List;

/** The row-shaping operators of bounded queries: filter, projection, limit, union, numbers, materialized rows. */
final class Operators
{
    /** Closes every operator, even when one fails; the first failure is rethrown afterwards. */
    static void closeAll(final List<? extends Operator> operators)
    {
        RuntimeException failure = null;
        for (final Operator operator : operators)
        {
            try
            {
                operator.close();
            }
            catch (final RuntimeException e)
            {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private Operators()
    {
    }

    /** Keeps the rows where the predicate is true (non-zero and not NULL). */
    static final class Filter implements Operator
    {
        private final Operator input;
        private final Evaluator predicate;
        private int[] selected = new int[Batch.DEFAULT_ROWS];

        Filter(final Operator input, final Evaluator predicate)
        {
            this.input = input;
            this.predicate = predicate;
        }

        @Override
        public Batch next()
        {
            Batch batch;
            while ((batch = input.next()) != null)
            {
                final Vector mask = predicate.evaluate(batch);
                final long[] maskValues = mask instanceof LongVector l ? l.values() : null;
                final boolean[] maskNulls = mask.nulls();
                final int rows = batch.rows();
                if (selected.length < rows)
                {
                    selected = new int[rows];
                }
                int count = 0;
                for (int r = 0; r < rows; r++)
                {
                    if (maskValues != null ? maskValues[r] != 0 && (maskNulls == null || !maskNulls[r]) :
                        !mask.isNull(r) && Scalars.getDouble(mask, r) != 0)
                    {
                        selected[count++] = r;
                    }
                }
                if (count == rows)
                {
                    return batch;
                }
                if (count > 0)
                {
                    final Vector[] columns = new Vector[batch.width()];
                    for (int c = 0; c < columns.length; c++)
                    {
                        columns[c] = batch.column(c).gather(selected, count);
                    }
                    return new Batch(columns, count);
                }
            }
            return null;
        }

        @Override
        public void close()
        {
            input.close();
        }
    }

    /** Computes the output expressions over each input batch. */
    static final class Project implements Operator
    {
        private final Operator input;
        private final Evaluator[] expressions;
        private final List<DataType> types;

        Project(final Operator input, final Evaluator[] expressions, final List<DataType> types)
        {
            this.input = input;
            this.expressions = expressions;
            this.types = types;
        }

        @Override
        public Batch next()
        {
            final Batch batch = input.next();
            if (batch == null)
            {
                return null;
            }
            final Vector[] columns = new Vector[expressions.length];
            for (int i = 0; i < columns.length; i++)
            {
                Vector v = expressions[i].evaluate(batch);
                if (!v.type().equals(types.get(i)))
                {
                    v = Conversions.convert(v, batch.rows(), types.get(i), Conversions.Mode.CAST);
                }
                columns[i] = v;
            }
            return new Batch(columns, batch.rows());
        }

        @Override
        public void close()
        {
            input.close();
        }
    }

    /** LIMIT n OFFSET m. */
    /** Bounded {@code dedup(...)}: the first row of every key; the clock is the wall clock. */
    static final class Dedup implements Operator
    {
        private final Operator input;
        private final DedupFilter filter;
        private int[] kept = new int[Batch.DEFAULT_ROWS];

        Dedup(final Operator input, final DedupFilter filter)
        {
            this.input = input;
            this.filter = filter;
        }

        @Override
        public Batch next()
        {
            Batch batch;
            while ((batch = input.next()) != null)
            {
                if (kept.length < batch.rows())
                {
                    kept = new int[batch.rows()];
                }
                final int count = filter.keep(batch, System.currentTimeMillis(), kept);
                if (count == batch.rows())
                {
                    return batch;
                }
                if (count > 0)
                {
                    final Vector[] columns = new Vector[batch.width()];
                    for (int c = 0; c < columns.length; c++)
                    {
                        columns[c] = batch.column(c).gather(kept, count);
                    }
                    return new Batch(columns, count);
                }
            }
            return null;
        }

        @Override
        public void close()
        {
            input.close();
        }
    }

    static final class Limit implements Operator
    {
        private final Operator input;
        private long toSkip;
        private long remaining;

        Limit(final Operator input, final long limit, final long offset)
        {
            this.input = input;
            this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
            this.toSkip = offset;
        }

        @Override
        public Batch next()
        {
            while (remaining > 0)
            {
                final Batch batch = input.next();
                if (batch == null)
                {
                    return null;
                }
                final int rows = batch.rows();
                if (toSkip >= rows)
                {
                    toSkip -= rows;
                    continue;
                }
                final int from = (int)toSkip;
                toSkip = 0;
                final int to = (int)Math.min(rows, from + remaining);
                remaining -= to - from;
                if (from == 0 && to == rows)
                {
                    return batch;
                }
                return slice(batch, from, to);
            }
            return null;
        }

        @Override
        public void close()
        {
            input.close();
        }
    }

    /** Passes its input through, counting the rows as ClickHouse's {@code rows_before_limit} (one copy per thread). */
    static final class RowsBeforeLimit implements Operator
    {
        private final Operator input;
        private final QueryContext context;

        RowsBeforeLimit(final Operator input, final QueryContext context)
        {
            this.input = input;
            this.context = context;
        }

        @Override
        public Batch next()
        {
            final Batch batch = input.next();
            if (batch != null)
            {
                context.addRowsBeforeLimit(batch.rows());
            }
            return batch;
        }

        @Override
        public void close()
        {
            input.close();
        }
    }

    static Batch slice(final Batch batch, final int from, final int to)
    {
        final int[] positions = new int[to - from];
        for (int i = 0; i < positions.length; i++)
        {
            positions[i] = from + i;
        }
        final Vector[] columns = new Vector[batch.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = batch.column(c).gather(positions, positions.length);
        }
        return new Batch(columns, positions.length);
    }

    /** UNION ALL: the inputs one after another. */
    static final class Concat implements Operator
    {
        private final List<Operator> inputs;
        private int current;

        Concat(final List<Operator> inputs)
        {
            this.inputs = inputs;
        }

        @Override
        public Batch next()
        {
            while (current < inputs.size())
            {
                final Batch batch = inputs.get(current).next();
                if (batch != null)
                {
                    return batch;
                }
                current++;
            }
            return null;
        }

        @Override
        public void close()
        {
            closeAll(inputs);
        }
    }

    /** {@code numbers(start, count)}: batches of consecutive UInt64. */
    static final class Numbers implements Operator
    {
        private final DataType type;
        private final QueryContext context;
        private long next;
        private final long end;

        Numbers(final DataType type, final long start, final long count, final QueryContext context)
        {
            this.type = type;
            this.context = context;
            this.next = start;
            this.end = count < 0 ? Long.MAX_VALUE : start + count;
        }

        @Override
        public Batch next()
        {
            if (next >= end)
            {
                return null;
            }
            context.checkAlive();
            final int rows = (int)Math.min(Batch.DEFAULT_ROWS * 16L, end - next);
            final LongVector vector = (LongVector)Vector.create(type, rows);
            final long[] values = vector.values();
            for (int i = 0; i < rows; i++)
            {
                values[i] = next + i;
            }
            vector.setSize(rows);
            next += rows;
            context.addRead(rows, rows * 8L);
            return new Batch(new Vector[] {vector}, rows);
        }
    }

    /** Batches computed in advance (system tables, materialized results). */
    static final class Materialized implements Operator
    {
        private final List<Batch> batches;
        private int current;

        Materialized(final List<Batch> batches)
        {
            this.batches = new ArrayList<>(batches);
        }

        @Override
        public Batch next()
        {
            while (current < batches.size())
            {
                final Batch batch = batches.get(current++);
                if (batch.rows() > 0)
                {
                    return batch;
                }
            }
            return null;
        }
    }

    /** LIMIT n [OFFSET m] BY keys: per distinct key tuple, rows m+1 … m+n in input order. */
    static final class LimitBy implements Operator
    {
        private final Operator input;
        private final Evaluator[] keys;
        private final GroupTable table;
        private final long limit;
        private final long offset;
        private long[] seen = new long[1024];
        private int[] ids = new int[Batch.DEFAULT_ROWS];
        private int[] keep = new int[Batch.DEFAULT_ROWS];

        LimitBy(final Operator input, final Evaluator[] keys, final java.util.List<io.muon.kernel.type.DataType> keyTypes,
            final long limit, final long offset)
        {
            this.input = input;
            this.keys = keys;
            this.table = new GroupTable(keyTypes);
            this.limit = limit;
            this.offset = offset;
        }

        @Override
        public Batch next()
        {
            Batch batch;
            while ((batch = input.next()) != null)
            {
                final int rows = batch.rows();
                if (ids.length < rows)
                {
                    ids = new int[rows];
                    keep = new int[rows];
                }
                final Vector[] keyVectors = new Vector[keys.length];
                for (int k = 0; k < keys.length; k++)
                {
                    keyVectors[k] = keys[k].evaluate(batch);
                }
                table.groupIds(keyVectors, rows, ids);
                if (seen.length < table.groups())
                {
                    seen = java.util.Arrays.copyOf(seen, Math.max(table.groups(), seen.length * 2));
                }
                int kept = 0;
                for (int r = 0; r < rows; r++)
                {
                    final long n = seen[ids[r]]++;
                    if (n >= offset && n - offset < limit)
                    {
                        keep[kept++] = r;
                    }
                }
                if (kept == rows)
                {
                    return batch;
                }
                if (kept > 0)
                {
                    final Vector[] columns = new Vector[batch.width()];
                    for (int c = 0; c < columns.length; c++)
                    {
                        columns[c] = batch.column(c).gather(keep, kept);
                    }
                    return new Batch(columns, kept);
                }
            }
            return null;
        }

        @Override
        public void close()
        {
            table.close();
            input.close();
        }
    }
}
