package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.Feed;
import io.muon.sql.exec.Operator;

import java.util.List;
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
    /** The evaluators of the chain that remember rows across batches (lag, lags). */
    private List<io.muon.sql.exec.LookBack> lookBacks = List.of();

    StatelessStage(final Function<Feed, Operator> builder, final boolean perBatch, final StreamingStage next)
    {
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

    /** The chain's evaluators that remember rows across batches: their memory goes into checkpoints. */
    void lookBacks(final List<io.muon.sql.exec.LookBack> evaluators)
    {
        this.lookBacks = List.copyOf(evaluators);
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeInt(lookBacks.size());
        for (final io.muon.sql.exec.LookBack lookBack : lookBacks)
        {
            lookBack.write(out);
        }
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        final int count = in.readInt();
        if (count != lookBacks.size())
        {
            throw io.muon.sql.exec.StateInput.corrupted(count + " look-back states for " + lookBacks.size());
        }
        for (final io.muon.sql.exec.LookBack lookBack : lookBacks)
        {
            lookBack.read(in);
        }
    }
}
