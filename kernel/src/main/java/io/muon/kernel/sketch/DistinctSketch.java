package io.muon.kernel.sketch;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * Approximate count of distinct values (HyperLogLog, lgK 14: about 0.8 % relative error, exact-ish while small),
 * fed with 64-bit value hashes, mergeable and serializable. Byte-per-register HLL_8: updates are plain stores, about
 * twice as fast as the packed HLL_4 for 16 KiB instead of 8 KiB once dense (small sets stay in compact coupon lists).
 * Not thread-safe: owned by the operator that aggregates.
 */
public final class DistinctSketch
{
    public static final int LG_K = 14;

    private HllSketch sketch;

    public DistinctSketch()
    {
        this(new HllSketch(LG_K, TgtHllType.HLL_8));
    }

    private DistinctSketch(final HllSketch sketch)
    {
        this.sketch = sketch;
    }

    public void update(final long hash)
    {
        sketch.update(hash);
    }

    public void merge(final DistinctSketch other)
    {
        final Union union = new Union(LG_K);
        union.update(sketch);
        union.update(other.sketch);
        sketch = union.getResult(TgtHllType.HLL_8);
    }

    /** The estimated number of distinct values, rounded to the nearest integer. */
    public long estimate()
    {
        return Math.round(sketch.getEstimate());
    }

    public byte[] toBytes()
    {
        return sketch.toCompactByteArray();
    }

    public static DistinctSketch fromBytes(final byte[] bytes)
    {
        return new DistinctSketch(HllSketch.heapify(bytes));
    }
}
