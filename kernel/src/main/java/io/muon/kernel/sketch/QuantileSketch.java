package io.muon.kernel.sketch;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Approximate quantiles of a stream of doubles (a KLL sketch, rank error about 1.3 % at the default size), mergeable
 * and serializable so that windowed and global aggregates can combine partial states. While it still holds every value
 * it answers exactly, interpolating between neighbours as ClickHouse's {@code quantile} does. Not thread-safe: owned by
 * the operator that aggregates.
 */
public final class QuantileSketch
{
    /** KLL's accuracy parameter: about 1.3 % normalized rank error, a few KiB per sketch. */
    public static final int DEFAULT_K = 256;

    private final KllDoublesSketch sketch;

    public QuantileSketch()
    {
        this(KllDoublesSketch.newHeapInstance(DEFAULT_K));
    }

    private QuantileSketch(final KllDoublesSketch sketch)
    {
        this.sketch = sketch;
    }

    /** Adds one value; NaN is ignored, as ClickHouse's quantiles ignore it. */
    public void update(final double value)
    {
        if (!Double.isNaN(value))
        {
            sketch.update(value);
        }
    }

    /** Adds {@code values[offset, offset + length)}; NaN is ignored. One bulk update when there is none. */
    public void update(final double[] values, final int offset, final int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (Double.isNaN(values[i]))
            {
                for (int j = offset; j < offset + length; j++)
                {
                    update(values[j]);
                }
                return;
            }
        }
        sketch.update(values, offset, length);
    }

    public void merge(final QuantileSketch other)
    {
        sketch.merge(other.sketch);
    }

    public long count()
    {
        return sketch.getN();
    }

    /** The quantile at {@code level} in [0, 1]; NaN when no value was added. */
    public double quantile(final double level)
    {
        if (sketch.isEmpty())
        {
            return Double.NaN;
        }
        if (!sketch.isEstimationMode())
        {
            // every value is retained with weight 1: interpolate between the two neighbours of level * (n - 1)
            final double[] sorted = sketch.getSortedView().getQuantiles();
            final double index = level * (sorted.length - 1);
            final int low = (int)Math.floor(index);
            final double fraction = index - low;
            if (low + 1 >= sorted.length)
            {
                return sorted[sorted.length - 1];
            }
            return sorted[low] + fraction * (sorted[low + 1] - sorted[low]);
        }
        return sketch.getQuantile(level, QuantileSearchCriteria.INCLUSIVE);
    }

    public byte[] toBytes()
    {
        return sketch.toByteArray();
    }

    public static QuantileSketch fromBytes(final byte[] bytes)
    {
        return new QuantileSketch(KllDoublesSketch.heapify(Memory.wrap(bytes)));
    }
}
