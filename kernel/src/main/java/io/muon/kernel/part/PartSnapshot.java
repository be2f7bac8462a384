package io.muon.kernel.part;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of a stream a query reads, and the first sequence number not in them (where its log read starts): taken
 * at once, so compaction and merges running meanwhile change nothing the query sees. Holds a reference on each part
 * until the last holder closes it ({@link #share()} adds a holder, for parallel scans of one query). Thread-safe.
 */
public final class PartSnapshot implements AutoCloseable
{
    private final List<DataPart> parts;
    private final long committed;
    private final Runnable onRelease;
    private final AtomicInteger holders = new AtomicInteger(1);

    PartSnapshot(final List<DataPart> parts, final long committed, final Runnable onRelease)
    {
        this.parts = List.copyOf(parts);
        this.committed = committed;
        this.onRelease = onRelease;
    }

    /** The parts, ordered by partition and block range. */
    public List<DataPart> parts()
    {
        return parts;
    }

    /** The first sequence number not in any part: the log is read from here. */
    public long committed()
    {
        return committed;
    }

    /** Rows in the parts. */
    public long partRows()
    {
        long rows = 0;
        for (final DataPart part : parts)
        {
            rows += part.rows();
        }
        return rows;
    }

    /** Adds a holder; each holder closes once. */
    public PartSnapshot share()
    {
        holders.incrementAndGet();
        return this;
    }

    @Override
    public void close()
    {
        if (holders.decrementAndGet() == 0)
        {
            for (final DataPart part : parts)
            {
                part.release();
            }
            onRelease.run();
        }
    }
}
