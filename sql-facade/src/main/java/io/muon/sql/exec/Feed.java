package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;

/**
 * The leaf of a pull pipeline that a push pipeline drives: the owner {@link #push}es a batch, then drains the steps
 * above, which see it once and then the end. How the streaming engine runs the bounded steps (filters, projections,
 * per-emit sorts) between its stateful operators. Owned by one thread.
 */
public final class Feed implements Operator
{
    private Batch pending;

    /** Offers one batch to the next {@link #next()}. */
    public void push(final Batch batch)
    {
        pending = batch;
    }

    @Override
    public Batch next()
    {
        final Batch batch = pending;
        pending = null;
        return batch == null || batch.rows() == 0 ? null : batch;
    }
}
