package io.muon.sql.streaming;

import java.util.List;

/**
 * A source that waits while others deliver their starting state: the left side of an enrichment join (ASOF, LATEST,
 * or with a versioned_kv or changelog_kv stream) is not read until the right side's history (the latest row of each
 * key, or a backfill) has gone into the join, so its first rows find the table complete. Then it is read as it is.
 */
final class GatedSource implements StreamingSource
{
    private final StreamingSource source;
    private final List<StreamingSource> waitFor;
    private boolean open;

    GatedSource(final StreamingSource source, final List<StreamingSource> waitFor)
    {
        this.source = source;
        this.waitFor = List.copyOf(waitFor);
    }

    @Override
    public void start(final Runnable wakeup)
    {
        source.start(wakeup);
    }

    @Override
    public int poll(final long nowMs)
    {
        if (!open)
        {
            for (final StreamingSource other : waitFor)
            {
                if (other.settling())
                {
                    return 0;
                }
            }
            open = true;
        }
        return source.poll(nowMs);
    }

    @Override
    public boolean settling()
    {
        return !open || source.settling();
    }

    @Override
    public void barrier(final long checkpoint)
    {
        source.barrier(checkpoint);
    }

    @Override
    public void close()
    {
        source.close();
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeBoolean(open);
        source.snapshot(out);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        open = in.readBoolean();
        source.restore(in);
    }
}
