package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.exec.Feed;
import io.muon.sql.exec.Operator;

/**
 * Feeds a streaming query from a random stream: every {@code interval_time} it makes the rows due by then at
 * {@code eps} rows per second since the query started (so fractions add up: eps 0.5 is a row every two seconds),
 * evaluating the columns' DEFAULT expressions over a batch of row numbers. With eps 0 it makes a full batch every
 * poll, as fast as the pipeline takes them. Owned by the query's agent.
 */
final class RandomSource implements StreamingSource
{
    /** Rows made per poll at most, so a high rate still reaches the client in steady batches. */
    static final int MAX_BATCH_ROWS = Batch.DEFAULT_ROWS;

    private final Feed feed;
    private final Operator rows;
    private final double eps;
    private final long intervalMs;
    private final StreamingStage next;
    private long startMs = -1;
    private long nextDueMs;
    private long made;
    /** Rows made before this run of the query (by the run a checkpoint was taken in). */
    private long madeBefore;

    /** {@code rows}: the random stream's row expressions over {@code feed}, a feed of row numbers. */
    RandomSource(final Feed feed, final Operator rows, final double eps, final long intervalMs,
        final StreamingStage next)
    {
        this.feed = feed;
        this.rows = rows;
        this.eps = eps;
        this.intervalMs = intervalMs;
        this.next = next;
    }

    @Override
    public void start(final Runnable wakeup)
    {
        // the agent polls at least every millisecond when idle, finer than any interval_time
    }

    @Override
    public int poll(final long nowMs)
    {
        if (startMs < 0)
        {
            startMs = nowMs;
            nextDueMs = nowMs;
        }
        if (nowMs < nextDueMs)
        {
            return 0;
        }
        final long due = eps == 0 ? made + MAX_BATCH_ROWS :
            madeBefore + (long)Math.floor(eps * (nowMs - startMs) / 1000.0);
        final int count = (int)Math.min(MAX_BATCH_ROWS, due - made);
        if (eps > 0 && count < MAX_BATCH_ROWS)
        {
            nextDueMs = nowMs + intervalMs;
        }
        if (count <= 0)
        {
            return 0;
        }
        final LongVector numbers = (LongVector)Vector.create(DataType.UINT64, count);
        for (int i = 0; i < count; i++)
        {
            numbers.append(made + i);
        }
        made += count;
        feed.push(new Batch(new Vector[] {numbers}, count));
        Batch batch;
        while ((batch = rows.next()) != null)
        {
            next.onBatch(batch);
        }
        return 1;
    }

    @Override
    public void barrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void close()
    {
        rows.close();
    }

    /**
     * Random rows are not replayed: a query restored from a checkpoint goes on from the number of rows made by then,
     * with new random values at the same rate, so the state restored is the state of the rows that reached it.
     */
    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeLong(made);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        made = in.readLong();
        if (made < 0)
        {
            throw io.muon.sql.exec.StateInput.corrupted("a random stream's " + made + " rows");
        }
        madeBefore = made;
    }
}
