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
        final Batch all = Gather.all(input, types);
        final int rows = all.rows();
        if (rows == 0)
        {
            return null;
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
        final int count = limit >= 0 ? (int)Math.min(rows, limit) : rows;
        final Vector[] columns = new Vector[all.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = all.column(c).gather(order, count);
        }
        return count == 0 ? null : new Batch(columns, count);
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
            final int[] scratch = new int[length];
            mergeSort(values, scratch, 0, length, comparator);
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
