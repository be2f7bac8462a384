package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.DedupFilter;

/**
 * {@code dedup(...)} in a streaming query: passes on the first row of every key, dropping repeats until the key times
 * out (processing time, read at the pipeline's last tick) or is evicted by the key limit.
 */
final class DedupStage implements StreamingStage
{
    private final DedupFilter filter;
    private final StreamingStage next;
    private int[] kept = new int[Batch.DEFAULT_ROWS];
    private long nowMs = System.currentTimeMillis();

    DedupStage(final DedupFilter filter, final StreamingStage next)
    {
        this.filter = filter;
        this.next = next;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        if (kept.length < batch.rows())
        {
            kept = new int[batch.rows()];
        }
        final int count = filter.keep(batch, nowMs, kept);
        if (count == batch.rows())
        {
            next.onBatch(batch);
        }
        else if (count > 0)
        {
            next.onBatch(StreamingStage.gathered(batch, kept, count));
        }
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long watermark)
    {
        next.onWatermark(watermark);
    }

    @Override
    public void onTick(final long nowMs)
    {
        this.nowMs = nowMs;
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        filter.write(out);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        filter.read(in);
    }
}
