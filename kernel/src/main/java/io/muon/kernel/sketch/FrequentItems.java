package io.muon.kernel.sketch;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.LongsSketch;
import org.apache.datasketches.memory.Memory;

import java.util.Arrays;

/**
 * The most frequent items of a stream of longs (item ids or values), a DataSketches frequent-items sketch: counts are
 * exact while fewer distinct items than about three quarters of its map were seen, otherwise within the sketch's
 * documented error. Mergeable and serializable. Not thread-safe: owned by the operator that aggregates.
 */
public final class FrequentItems
{
    private final LongsSketch sketch;

    /** A sketch sized for answering the top {@code k}: its map holds many more items than k so small inputs are exact. */
    public FrequentItems(final int k)
    {
        this(new LongsSketch(Integer.highestOneBit(Math.max(64, k * 64) - 1) << 1));
    }

    private FrequentItems(final LongsSketch sketch)
    {
        this.sketch = sketch;
    }

    public void update(final long item)
    {
        sketch.update(item);
    }

    public void merge(final FrequentItems other)
    {
        sketch.merge(other.sketch);
    }

    /**
     * Fills {@code items} and {@code counts} with up to {@code k} items, most frequent first (ties: smaller item
     * first) and returns how many.
     */
    public int top(final int k, final long[] items, final long[] counts)
    {
        final LongsSketch.Row[] rows = sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
        final long[][] pairs = new long[rows.length][];
        for (int i = 0; i < rows.length; i++)
        {
            pairs[i] = new long[] {rows[i].getItem(), rows[i].getEstimate()};
        }
        Arrays.sort(pairs, (a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
        final int n = Math.min(k, pairs.length);
        for (int i = 0; i < n; i++)
        {
            items[i] = pairs[i][0];
            counts[i] = pairs[i][1];
        }
        return n;
    }

    public byte[] toBytes()
    {
        return sketch.toByteArray();
    }

    public static FrequentItems fromBytes(final byte[] bytes)
    {
        return new FrequentItems(LongsSketch.getInstance(Memory.wrap(bytes)));
    }
}
