package io.muon.kernel.part;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The size-tiered choice of the parts a background merge takes. */
class MergePolicyTest
{
    private static CompactionSettings settings(final int minParts, final int maxParts, final long maxRows)
    {
        return CompactionSettings.DEFAULTS.with(Map.of(CompactionSettings.MERGE_MIN_PARTS, Integer.toString(minParts),
            CompactionSettings.MERGE_MAX_PARTS, Integer.toString(maxParts), CompactionSettings.MERGE_MAX_ROWS,
            Long.toString(maxRows)));
    }

    @Test
    void equalPartsMergeInTheSmallestRunThatQualifies()
    {
        final CompactionSettings s = settings(3, 10, 1_000_000);
        assertNull(StreamCompaction.tieredRun(new long[] {100, 100}, s));
        assertArrayEquals(new int[] {0, 3}, StreamCompaction.tieredRun(new long[] {100, 100, 100}, s));
        assertArrayEquals(new int[] {0, 3}, StreamCompaction.tieredRun(new long[] {100, 100, 100, 100, 100}, s));
        // the cheapest run, wherever it is
        assertArrayEquals(new int[] {2, 5}, StreamCompaction.tieredRun(new long[] {500, 400, 100, 100, 100}, s));
    }

    @Test
    void aPartLargerThanTheRestOfItsRunIsLeftAlone()
    {
        final CompactionSettings s = settings(3, 10, 1_000_000);
        // a merged part next to new small ones: only the small ones merge
        assertArrayEquals(new int[] {1, 4}, StreamCompaction.tieredRun(new long[] {900, 100, 100, 100}, s));
        assertNull(StreamCompaction.tieredRun(new long[] {900, 100, 100}, s));
        // tiers that shrink geometrically never merge: the rewrite count per row stays logarithmic
        assertNull(StreamCompaction.tieredRun(new long[] {8100, 2700, 900, 300, 100}, s));
        // until a tier fills up
        assertArrayEquals(new int[] {2, 5}, StreamCompaction.tieredRun(new long[] {8100, 2700, 900, 900, 900}, s));
    }

    @Test
    void runsStayWithinTheRowAndPartLimits()
    {
        assertNull(StreamCompaction.tieredRun(new long[] {100, 100, 100}, settings(2, 2, 150)));
        assertArrayEquals(new int[] {1, 3}, StreamCompaction.tieredRun(new long[] {100, 70, 70}, settings(2, 2, 150)));
        assertArrayEquals(new int[] {0, 2}, StreamCompaction.tieredRun(new long[] {1, 1, 1, 1, 1}, settings(2, 2, 100)));
        // merge_max_parts below merge_min_parts means runs of exactly merge_min_parts
        assertArrayEquals(new int[] {0, 4}, StreamCompaction.tieredRun(new long[] {5, 5, 5, 5, 5}, settings(4, 2, 100)));
    }
}
