package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.Feed;
import io.muon.sql.exec.Operator;

import java.util.function.Function;

/**
 * Runs bounded query steps (filters, projections, array joins, joins with {@code table(...)}, and per emit: sorts,
 * DISTINCT, LIMIT BY) over every batch pushed into it, by driving the query engine's pull operators over a
 * {@link Feed}. A chain of row-by-row steps is built once; a chain with a step that needs its whole input (a sort)
 * is built afresh for every batch, which is one emit of an aggregation.
 */
final class StatelessStage implements StreamingStage
{
    private final Feed feed = new Feed();
    private final Function<Feed, Operator> builder;
    private final boolean perBatch;
    private final StreamingStage next;
    private Operator chain;
    private final boolean looksBack;

    StatelessStage(final Function<Feed, Operator> builder, final boolean perBatch, final StreamingStage next)
    {
        this(builder, perBatch, false, next);
    }

    /** {@code looksBack}: the steps remember rows across batches (lag), which a checkpoint cannot hold. */
    StatelessStage(final Function<Feed, Operator> builder, final boolean perBatch, final boolean looksBack,
        final StreamingStage next)
    {
        this.looksBack = looksBack;
        this.builder = builder;
        this.perBatch = perBatch;
        this.next = next;
        this.chain = perBatch ? null : builder.apply(feed);
    }

    @Override
    public void onBatch(final Batch batch)
    {
        if (perBatch)
        {
            chain = builder.apply(feed);
        }
        try
        {
            feed.push(batch);
            Batch out;
            while ((out = chain.next()) != null)
            {
                next.onBatch(out);
            }
        }
        finally
        {
            if (perBatch)
            {
                chain.close();
                chain = null;
            }
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
    public void close()
    {
        if (chain != null)
        {
            chain.close();
            chain = null;
        }
    }

    @Override
    public boolean checkpointable()
    {
        return !looksBack;
    }
}
