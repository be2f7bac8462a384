package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
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
    static final long TOP_N_MAX = 100_000;

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

    /** Up to this LIMIT the candidates are merged batch by batch; above it, through a buffer of a few times n. */
    private static final int SMALL_LIMIT = 1024;

    /**
     * ORDER BY … LIMIT n: memory stays O(n) and the work about O(rows) instead of sorting everything. For small n each
     * batch first selects its own best n rows with a heap (rows no better than the current n-th candidate are
     * skipped by one comparison), which are then merged with the candidates; for larger n a buffer of candidates is
     * sorted and cut back to n whenever it grows past a few times n. Ties keep arrival order, as a stable sort would.
     */
    private Batch topN()
    {
        return limit <= SMALL_LIMIT ? smallTopN((int)limit) : bufferedTopN((int)limit);
    }

    private Batch smallTopN(final int keep)
    {
        Batch candidates = null;
        Vector[] candidateKeys = null;
        int[] heap = new int[keep];
        Batch batch;
        while ((batch = input.next()) != null)
        {
            final int rows = batch.rows();
            final Vector[] batchKeys = evaluateKeys(batch);
            final boolean full = candidates != null && candidates.rows() == keep;
            final int worst = full ? keep - 1 : -1;
            int size = 0;
            final double[] doubles = singleDoubles(batchKeys);
            final double[] worstDoubles = full && doubles != null ? singleDoubles(candidateKeys) : null;
            for (int r = 0; r < rows; r++)
            {
                if (full && (worstDoubles != null ? compareDoubles(doubles[r], worstDoubles[worst]) >= 0 :
                    compare(batchKeys, r, candidateKeys, worst) >= 0))
                {
                    continue;
                }
                if (size < keep)
                {
                    heap[size] = r;
                    siftUp(heap, size++, batchKeys, doubles);
                }
                else if (worse(heap[0], r, batchKeys, doubles))
                {
                    heap[0] = r;
                    siftDown(heap, size, batchKeys, doubles);
                }
            }
            if (size == 0)
            {
                continue;
            }
            Arrays.sort(heap, 0, size);
            final Batch merged = Batch.of(types, (candidates == null ? 0 : candidates.rows()) + size);
            for (int c = 0; c < types.size(); c++)
            {
                final Vector target = merged.column(c);
                for (int i = 0; candidates != null && i < candidates.rows(); i++)
                {
                    target.appendFrom(candidates.column(c), i);
                }
                for (int i = 0; i < size; i++)
                {
                    target.appendFrom(batch.column(c), heap[i]);
                }
            }
            merged.rows((candidates == null ? 0 : candidates.rows()) + size);
            candidates = sorted(merged, keep);
            candidateKeys = evaluateKeys(candidates);
        }
        return candidates;
    }

    /** The values of a single non-NULL floating key, for comparisons without calls; else null. */
    private double[] singleDoubles(final Vector[] keyVectors)
    {
        return keyVectors.length == 1 && keyVectors[0] instanceof DoubleVector d && !d.hasNulls() ? d.values() : null;
    }

    private int compareDoubles(final double a, final double b)
    {
        final int c = a < b ? -1 : a > b ? 1 : 0;
        return descending[0] ? -c : c;
    }

    /** Whether batch row {@code a} sorts after row {@code b} (by keys, then by arrival). */
    private boolean worse(final int a, final int b, final Vector[] keyVectors, final double[] doubles)
    {
        final int c = doubles != null ? compareDoubles(doubles[a], doubles[b]) : compare(keyVectors, a, keyVectors, b);
        return c > 0 || c == 0 && a > b;
    }

    /** A max-heap of batch rows: the worst candidate on top. */
    private void siftUp(final int[] heap, final int at, final Vector[] keyVectors, final double[] doubles)
    {
        int i = at;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (!worse(heap[i], heap[parent], keyVectors, doubles))
            {
                return;
            }
            final int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void siftDown(final int[] heap, final int size, final Vector[] keyVectors, final double[] doubles)
    {
        int i = 0;
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= size)
            {
                return;
            }
            final int right = left + 1;
            final int child = right < size && worse(heap[right], heap[left], keyVectors, doubles) ? right : left;
            if (!worse(heap[child], heap[i], keyVectors, doubles))
            {
                return;
            }
            final int t = heap[i];
            heap[i] = heap[child];
            heap[child] = t;
            i = child;
        }
    }

    private Vector[] evaluateKeys(final Batch batch)
    {
        final Vector[] keyVectors = new Vector[keys.length];
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = keys[k].evaluate(batch);
        }
        return keyVectors;
    }

    /** Row {@code a} of keys {@code x} against row {@code b} of keys {@code y} in ORDER BY order (0: equal keys). */
    private int compare(final Vector[] x, final int a, final Vector[] y, final int b)
    {
        for (int k = 0; k < x.length; k++)
        {
            final boolean an = x[k].isNull(a);
            final boolean bn = y[k].isNull(b);
            if (an || bn)
            {
                if (an != bn)
                {
                    return an == nullsFirst[k] ? -1 : 1;
                }
                continue;
            }
            final int c = x[k].compareAt(a, y[k], b);
            if (c != 0)
            {
                return descending[k] ? -c : c;
            }
        }
        return 0;
    }

    private Batch bufferedTopN(final int keep)
    {
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
        final Vector[] keyVectors = evaluateKeys(all);
        final int[] order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }
        IntSort.sort(order, rows, (a, b) -> compare(keyVectors, a, keyVectors, b));
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
