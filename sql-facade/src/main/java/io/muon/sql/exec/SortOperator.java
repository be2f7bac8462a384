package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * ORDER BY: gathers the whole input, sorts row positions by the key vectors (several keys, ASC/DESC, NULLS FIRST/LAST,
 * byte-wise string order) with a stable merge sort over primitive ints, and emits the rows in order, at most
 * {@code limit} of them when the query has a LIMIT.
 */
final class SortOperator implements Operator
{
    private final Operator input;
    private final Evaluator[] keys;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final long limit;
    private final List<io.muon.kernel.type.DataType> types;
    private boolean done;

    /** Above this LIMIT the whole input is sorted at once. */
    private static final long TOP_N_MAX = 100_000;

    SortOperator(final Operator input, final List<io.muon.kernel.type.DataType> types, final Evaluator[] keys,
        final boolean[] descending, final boolean[] nullsFirst, final long limit)
    {
        this.input = input;
        this.types = types;
        this.keys = keys;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
        this.limit = limit;
    }

    @Override
    public Batch next()
    {
        if (done)
        {
            return null;
        }
        done = true;
        final Batch out;
        if (limit > 0 && limit <= TOP_N_MAX)
        {
            out = topN();
        }
        else
        {
            out = sorted(Gather.all(input, types), limit);
        }
        return out == null || out.rows() == 0 ? null : out;
    }

    /**
     * ORDER BY … LIMIT n for small n: keeps a buffer of candidates that is sorted and cut back to n rows whenever it
     * grows past a few times n, so memory stays O(n) and the work O(rows · log n) instead of sorting everything.
     */
    private Batch topN()
    {
        final int keep = (int)limit;
        final int threshold = Math.max(4 * keep, 4 * Batch.DEFAULT_ROWS);
        Batch buffer = Batch.of(types, threshold);
        Batch batch;
        while ((batch = input.next()) != null)
        {
            for (int c = 0; c < buffer.width(); c++)
            {
                final Vector target = buffer.column(c);
                final Vector source = batch.column(c);
                target.ensureCapacity(target.size() + batch.rows());
                for (int r = 0; r < batch.rows(); r++)
                {
                    target.appendFrom(source, r);
                }
            }
            buffer.rows(buffer.rows() + batch.rows());
            if (buffer.rows() >= threshold)
            {
                final Batch top = sorted(buffer, keep);
                buffer = Batch.of(types, threshold);
                for (int c = 0; c < buffer.width(); c++)
                {
                    for (int r = 0; r < top.rows(); r++)
                    {
                        buffer.column(c).appendFrom(top.column(c), r);
                    }
                }
                buffer.rows(top.rows());
            }
        }
        return sorted(buffer, keep);
    }

    /** The rows of {@code all} in key order, at most {@code max} of them ({@code max} < 0: all). */
    private Batch sorted(final Batch all, final long max)
    {
        final int rows = all.rows();
        if (rows == 0)
        {
            return all;
        }
        final Vector[] keyVectors = new Vector[keys.length];
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = keys[k].evaluate(all);
        }
        final int[] order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        IntSort.sort(order, rows, (a, b) ->
        {
            for (int k = 0; k < keyVectors.length; k++)
            {
                final Vector v = keyVectors[k];
                final boolean an = v.isNull(a);
                final boolean bn = v.isNull(b);
                if (an || bn)
                {
                    if (an != bn)
                    {
                        return an == nullsFirst[k] ? -1 : 1;
                    }
                    continue;
                }
                final int c = v.compareAt(a, v, b);
                if (c != 0)
                {
                    return descending[k] ? -c : c;
                }
            }
            return 0;
        });
        final int count = max >= 0 ? (int)Math.min(rows, max) : rows;
        final Vector[] columns = new Vector[all.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = all.column(c).gather(order, count);
        }
        return new Batch(columns, count);
    }

    @Override
    public void close()
    {
        input.close();
    }

    /** A comparator of row positions. */
    interface IntComparator
    {
        int compare(int a, int b);
    }

    /** Stable merge sort of an int array by a comparator, without boxing. */
    static final class IntSort
    {
        private IntSort()
        {
        }

        static void sort(final int[] values, final int length, final IntComparator comparator)
        {
            sort(values, 0, length, comparator);
        }

        /** Sorts {@code values[from, to)}. */
        static void sort(final int[] values, final int from, final int to, final IntComparator comparator)
        {
            sort(values, from, to, comparator, new int[to]);
        }

        /** Sorts {@code values[from, to)} using {@code scratch} (at least {@code to} long). */
        static void sort(final int[] values, final int from, final int to, final IntComparator comparator,
            final int[] scratch)
        {
            if (to - from > 1)
            {
                mergeSort(values, scratch, from, to, comparator);
            }
        }

        private static void mergeSort(final int[] a, final int[] tmp, final int from, final int to,
            final IntComparator c)
        {
            if (to - from <= 16)
            {
                for (int i = from + 1; i < to; i++)
                {
                    final int v = a[i];
                    int j = i - 1;
                    while (j >= from && c.compare(a[j], v) > 0)
                    {
                        a[j + 1] = a[j];
                        j--;
                    }
                    a[j + 1] = v;
                }
                return;
            }
            final int mid = (from + to) >>> 1;
            mergeSort(a, tmp, from, mid, c);
            mergeSort(a, tmp, mid, to, c);
            if (c.compare(a[mid - 1], a[mid]) <= 0)
            {
                return;
            }
            System.arraycopy(a, from, tmp, from, to - from);
            int i = from;
            int j = mid;
            int k = from;
            while (i < mid && j < to)
            {
                a[k++] = c.compare(tmp[j], tmp[i]) < 0 ? tmp[j++] : tmp[i++];
            }
            while (i < mid)
            {
                a[k++] = tmp[i++];
            }
            while (j < to)
            {
                a[k++] = tmp[j++];
            }
        }
    }
}
