package io.muon.kernel.sketch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SketchTest
{
    @Test
    void quantilesAreExactAndInterpolatedWhileSmallAndWithinErrorWhenLarge()
    {
        final QuantileSketch small = new QuantileSketch();
        for (int i = 1; i <= 4; i++)
        {
            small.update(i);
        }
        assertEquals(2.5, small.quantile(0.5));
        assertEquals(1, small.quantile(0));
        assertEquals(4, small.quantile(1));
        assertTrue(Double.isNaN(new QuantileSketch().quantile(0.5)));

        final QuantileSketch large = new QuantileSketch();
        final QuantileSketch other = new QuantileSketch();
        for (int i = 0; i < 1_000_000; i++)
        {
            (i % 2 == 0 ? large : other).update(i);
        }
        large.merge(other);
        assertEquals(1_000_000, large.count());
        assertEquals(900_000, large.quantile(0.9), 1_000_000 * 0.02);
        final QuantileSketch copy = QuantileSketch.fromBytes(large.toBytes());
        assertEquals(large.quantile(0.5), copy.quantile(0.5));
    }

    @Test
    void distinctCountsAreCloseAndMerge()
    {
        final DistinctSketch a = new DistinctSketch();
        final DistinctSketch b = new DistinctSketch();
        for (long i = 0; i < 100; i++)
        {
            a.update(i * 0x9E3779B97F4A7C15L);
        }
        assertEquals(100, a.estimate());
        for (long i = 0; i < 200_000; i++)
        {
            (i % 3 == 0 ? a : b).update(i * 0x9E3779B97F4A7C15L);
        }
        a.merge(b);
        assertEquals(200_000, a.estimate(), 200_000 * 0.03);
        assertEquals(a.estimate(), DistinctSketch.fromBytes(a.toBytes()).estimate());
    }

    @Test
    void frequentItemsAreExactForSmallInputsAndOrderedByCount()
    {
        final FrequentItems items = new FrequentItems(3);
        final long[] stream = {5, 1, 5, 2, 5, 1, 9, 9, 7};
        for (final long item : stream)
        {
            items.update(item);
        }
        final long[] top = new long[3];
        final long[] counts = new long[3];
        assertEquals(3, items.top(3, top, counts));
        assertArrayEquals(new long[] {5, 1, 9}, top);
        assertArrayEquals(new long[] {3, 2, 2}, counts);
        final FrequentItems copy = FrequentItems.fromBytes(items.toBytes());
        copy.merge(items);
        assertEquals(2, copy.top(2, top, counts));
        assertArrayEquals(new long[] {5, 1}, new long[] {top[0], top[1]});
        assertArrayEquals(new long[] {6, 4}, new long[] {counts[0], counts[1]});
    }
}
