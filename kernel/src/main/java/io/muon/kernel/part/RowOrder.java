package io.muon.kernel.part;

import io.muon.kernel.vector.Vector;

/**
 * Stable sorting of row positions by a sort key (one vector per key element, compared element by element, NULLs
 * first), without boxing: a bottom-up merge sort over an int array. Used by compaction and merges. Stateless.
 */
final class RowOrder
{
    private RowOrder()
    {
    }

    /** Sorts {@code rows[0, count)} (positions into the key vectors) by the key; equal keys keep their order. */
    static void sort(final Vector[] keys, final int[] rows, final int count)
    {
        if (count < 2 || keys.length == 0 || isSorted(keys, rows, count))
        {
            return;
        }
        int[] from = rows;
        int[] to = new int[count];
        for (int width = 1; width < count; width *= 2)
        {
            for (int low = 0; low < count; low += 2 * width)
            {
                final int middle = Math.min(low + width, count);
                final int high = Math.min(low + 2 * width, count);
                int i = low;
                int j = middle;
                int k = low;
                while (i < middle && j < high)
                {
                    to[k++] = compare(keys, from[j], from[i]) < 0 ? from[j++] : from[i++];
                }
                while (i < middle)
                {
                    to[k++] = from[i++];
                }
                while (j < high)
                {
                    to[k++] = from[j++];
                }
            }
            final int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != rows)
        {
            System.arraycopy(from, 0, rows, 0, count);
        }
    }

    private static boolean isSorted(final Vector[] keys, final int[] rows, final int count)
    {
        for (int i = 1; i < count; i++)
        {
            if (compare(keys, rows[i], rows[i - 1]) < 0)
            {
                return false;
            }
        }
        return true;
    }

    static int compare(final Vector[] keys, final int left, final int right)
    {
        for (final Vector key : keys)
        {
            final boolean leftNull = key.isNull(left);
            final boolean rightNull = key.isNull(right);
            if (leftNull || rightNull)
            {
                if (leftNull != rightNull)
                {
                    return leftNull ? -1 : 1;
                }
                continue;
            }
            final int order = key.compareAt(left, key, right);
            if (order != 0)
            {
                return order;
            }
        }
        return 0;
    }
}
