package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * The last stage of a streaming query: copies emitted rows into the batch being filled and hands it to the
 * {@link ResultQueue} as soon as the pipeline has no more input at hand, when it is full, or once its first row has
 * waited {@code max_emit_delay_ms} (rows keep coming): so a quiet stream's rows go out in the cycle that read them,
 * and a busy one's in blocks that wait a bounded time, never for a full block. Applies the query's LIMIT and OFFSET over all emits together:
 * when the limit is reached the query ends.
 */
final class ResultSink implements StreamingStage
{
    private final ResultQueue queue;
    private final List<DataType> types;
    private long toSkip;
    private long remaining;
    private Batch pending;
    private long pendingSinceMs;
    private final long maxEmitDelayMs;
    private boolean finished;
    /** Sources whose barriers this sink waits for; barriers of the checkpoint in progress seen so far. */
    private int sources = 1;
    private long barrierCheckpoint = -1;
    private int barriers;
    /** A checkpoint whose barriers all arrived, complete once the rows before them are handed over. */
    private long reached;
    private volatile long completed;

    /** {@code limit} -1: none. */
    ResultSink(final ResultQueue queue, final List<DataType> types, final long limit, final long offset,
        final long maxEmitDelayMs)
    {
        this.maxEmitDelayMs = maxEmitDelayMs;
        this.queue = queue;
        this.types = types;
        this.remaining = limit < 0 ? Long.MAX_VALUE : limit;
        this.toSkip = offset;
        this.finished = remaining == 0;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        if (finished)
        {
            return;
        }
        final int rows = batch.rows();
        final int from = (int)Math.min(rows, toSkip);
        toSkip -= from;
        final int to = (int)Math.min(rows, from + remaining);
        if (to > from)
        {
            if (pending == null)
            {
                pending = Batch.of(types, Math.max(to - from, 16));
                pendingSinceMs = -1;
            }
            for (int c = 0; c < types.size(); c++)
            {
                pending.column(c).appendRange(batch.column(c), from, to - from);
            }
            pending.rows(pending.rows() + to - from);
            remaining -= to - from;
        }
        if (remaining == 0)
        {
            finished = true;
        }
        if (pending != null && pending.rows() >= Batch.DEFAULT_ROWS)
        {
            flush();
        }
    }

    @Override
    public void onWatermark(final long watermark)
    {
    }

    /** How many sources feed the query: a checkpoint is complete when a barrier came from each. */
    void expectBarriersFrom(final int sources)
    {
        this.sources = Math.max(1, sources);
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        if (checkpoint != barrierCheckpoint)
        {
            barrierCheckpoint = checkpoint;
            barriers = 0;
        }
        if (++barriers == sources)
        {
            reached = checkpoint;
        }
    }

    /** The last checkpoint whose rows were all handed to the consumer (0: none); read from any thread. */
    long completedCheckpoint()
    {
        return completed;
    }

    /**
     * At the end of a duty cycle: hands the filled batch over when the cycle read no input or a barrier passed
     * ({@code now}), or its first row has waited {@code max_emit_delay_ms}; returns the rows handed over.
     */
    int endOfCycle(final long nowMs, final boolean now)
    {
        if (pending != null && pending.rows() > 0 && !now && !finished)
        {
            if (pendingSinceMs < 0)
            {
                pendingSinceMs = nowMs;
            }
            if (nowMs - pendingSinceMs < maxEmitDelayMs)
            {
                return 0;
            }
        }
        return flush();
    }

    /** Hands the filled batch to the consumer; returns the rows handed over. */
    int flush()
    {
        if (pending == null || pending.rows() == 0)
        {
            completed = reached;
            return 0;
        }
        final int rows = pending.rows();
        queue.put(pending);
        pending = null;
        completed = reached;
        return rows;
    }

    /** Whether the LIMIT was reached. */
    boolean isFinished()
    {
        return finished;
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeLong(toSkip);
        out.writeLong(remaining);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        toSkip = in.readLong();
        remaining = in.readLong();
        finished = remaining == 0;
    }
}
