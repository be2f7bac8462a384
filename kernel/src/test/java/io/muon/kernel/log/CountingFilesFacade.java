package io.muon.kernel.log;

import io.muon.kernel.io.DefaultFilesFacade;
import io.muon.kernel.io.MappedRegion;

import java.util.concurrent.atomic.AtomicInteger;

/** The real file system, counting how often segment data is forced to disk. */
final class CountingFilesFacade extends DefaultFilesFacade
{
    final AtomicInteger segmentForces = new AtomicInteger();
    private final int segmentLength;

    CountingFilesFacade(final int segmentLength)
    {
        this.segmentLength = segmentLength;
    }

    @Override
    public void force(final MappedRegion region, final int offset, final int length)
    {
        if (region.length() == segmentLength && length > 0)
        {
            segmentForces.incrementAndGet();
        }
        super.force(region, offset, length);
    }
}
