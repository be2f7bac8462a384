package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;
import io.muon.sql.external.ExternalReader;

/**
 * Feeds a streaming query from an external stream: the stream type's reader fetches and parses on its own thread,
 * and this hands the batches it has ready to the pipeline. Owned by the query's agent.
 */
final class ExternalSource implements StreamingSource
{
    /** Batches pushed per duty cycle at most, so one busy topic cannot starve the agent's other queries. */
    private static final int BATCHES_PER_POLL = 16;

    private final ExternalReader reader;
    private final StreamingStage next;
    private final StreamingQuery.Counters counters;

    ExternalSource(final ExternalReader reader, final StreamingStage next, final StreamingQuery.Counters counters)
    {
        this.reader = reader;
        this.next = next;
        this.counters = counters;
    }

    @Override
    public void start(final Runnable wakeup)
    {
        reader.start(wakeup);
    }

    /** Until the reader knows its start, a checkpoint could not say where the query is: it waits. */
    @Override
    public boolean settling()
    {
        return !reader.positioned();
    }

    @Override
    public int poll(final long nowMs)
    {
        int work = 0;
        Batch batch;
        while (work < BATCHES_PER_POLL && (batch = reader.next(0)) != null)
        {
            work++;
            if (batch.rows() > 0)
            {
                next.onBatch(batch);
            }
        }
        counters.skippedMessages = reader.skippedMessages();
        return work;
    }

    @Override
    public void barrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void snapshot(final StateOutput out)
    {
        reader.snapshot(out);
    }

    @Override
    public void restore(final StateInput in)
    {
        reader.restore(in);
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
