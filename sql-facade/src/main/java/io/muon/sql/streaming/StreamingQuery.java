package io.muon.sql.streaming;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.streaming.StreamingPipeline;
import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.Operator;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.exec.QueryExecutor;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running streaming query: its sources, its stages and the sink that hands results to the front end's
 * thread. Run by one agent of the streaming runtime (see {@link StreamingPipeline}); the front end reads it through
 * {@link #results()}, an operator whose {@link Operator#next()} blocks until rows are emitted and whose close ends
 * the query. A full result queue stops the reading of sources (back-pressure); if the client reads nothing for
 * {@code streaming_backpressure_timeout_ms} while it is full, the query fails with Code 159.
 */
public final class StreamingQuery implements StreamingPipeline
{
    /** Default of {@code streaming_backpressure_timeout_ms}. */
    static final long DEFAULT_BACKPRESSURE_TIMEOUT_MS = 60_000;

    /** Default of {@code max_emit_delay_ms}: how long a busy query's rows may wait to go out in one block. */
    static final long DEFAULT_MAX_EMIT_DELAY_MS = 2;

    /** Default of {@code max_streaming_pending_rows}: rows emitted and not yet taken by the client. */
    static final long DEFAULT_PENDING_ROWS = 100_000;

    /** What a running query counts, read by other threads for {@code system.processes}. */
    static final class Counters
    {
        volatile long lateRows;
        /** Malformed messages the query's external sources skipped. */
        volatile long skippedMessages;
        /**
         * The source being polled (its position among the query's sources), or -1 between polls: what a stage
         * receives during a poll came from that source. Agent thread only.
         */
        int polling = -1;
    }

    private final List<StreamingSource> sources;
    private final List<StreamingStage> stages;
    private final ResultSink sink;
    private final ResultQueue queue;
    private final QueryContext context;
    private final QueryExecutor executor;
    private final Counters counters;
    private final long backpressureTimeoutMs;
    private long blockedSinceMs = -1;
    private boolean done;
    /** Checkpoints asked for (by any thread), and the last one whose barriers went out. */
    private final AtomicLong requestedCheckpoint = new AtomicLong();
    private long injectedCheckpoint;
    private boolean emitCheckpoints;

    StreamingQuery(final List<StreamingSource> sources, final List<StreamingStage> stages, final ResultSink sink,
        final ResultQueue queue, final QueryContext context, final QueryExecutor executor, final Counters counters,
        final long backpressureTimeoutMs)
    {
        this.sources = List.copyOf(sources);
        this.stages = List.copyOf(stages);
        this.sink = sink;
        this.queue = queue;
        this.context = context;
        this.executor = executor;
        this.counters = counters;
        this.backpressureTimeoutMs = backpressureTimeoutMs;
        sink.expectBarriersFrom(this.sources.size());
    }

    /**
     * Asks for a checkpoint (from any thread): at the agent's next duty cycle a barrier goes from every source
     * through the stages. Returns its number; {@link #completedCheckpoint()} reaches it when the rows before it were
     * all handed to the client.
     */
    public long requestCheckpoint()
    {
        return requestedCheckpoint.incrementAndGet();
    }

    /** A completed checkpoint: its number and the snapshot of every source and stage at its barrier. */
    public record Checkpoint(long id, byte[] state)
    {
    }

    /** What {@link #nextItem} returns when nothing came in time. */
    public static final Object NOTHING_YET = ResultQueue.NOTHING_YET;

    /**
     * Makes the query snapshot its sources and stages at every checkpoint and put a {@link Checkpoint} into its
     * results after the rows emitted before the barrier, for a consumer of {@link #nextItem} (a materialized view).
     * Call before the query starts.
     */
    public void emitCheckpoints()
    {
        this.emitCheckpoints = true;
    }

    /**
     * Before the query starts: restores every source and stage from a checkpoint's state. Fails with Code 246 when
     * the state is not this query's (another plan, or damaged).
     */
    public void restore(final byte[] state)
    {
        final io.muon.sql.exec.StateInput in = new io.muon.sql.exec.StateInput(state);
        final int sourceCount = in.readInt();
        final int stageCount = in.readInt();
        if (sourceCount != sources.size() || stageCount != stages.size())
        {
            throw io.muon.sql.exec.StateInput.corrupted(sourceCount + " sources and " + stageCount + " stages where " +
                "the query has " + sources.size() + " and " + stages.size());
        }
        for (final StreamingSource source : sources)
        {
            expectKind(in, source);
            source.restore(in);
        }
        for (final StreamingStage stage : stages)
        {
            expectKind(in, stage);
            stage.restore(in);
        }
        expectKind(in, sink);
        sink.restore(in);
        in.expectEnd();
    }

    private static void expectKind(final io.muon.sql.exec.StateInput in, final Object part)
    {
        final String kind = in.readString();
        if (!kind.equals(part.getClass().getSimpleName()))
        {
            throw io.muon.sql.exec.StateInput.corrupted("state of a " + kind + " where the query has a " +
                part.getClass().getSimpleName());
        }
    }

    /** The snapshot of every source, stage and the sink, between two polls. */
    private byte[] snapshot()
    {
        final io.muon.sql.exec.StateOutput out = new io.muon.sql.exec.StateOutput();
        out.writeInt(sources.size()).writeInt(stages.size());
        for (final StreamingSource source : sources)
        {
            out.writeString(source.getClass().getSimpleName());
            source.snapshot(out);
        }
        for (final StreamingStage stage : stages)
        {
            out.writeString(stage.getClass().getSimpleName());
            stage.snapshot(out);
        }
        out.writeString(sink.getClass().getSimpleName());
        sink.snapshot(out);
        return out.toBytes();
    }

    /**
     * For the consumer of a query that {@link #emitCheckpoints()}: the next {@link Batch} or {@link Checkpoint},
     * waiting up to {@code timeoutMs}; {@link #NOTHING_YET} when none came, null when the query ended.
     */
    public Object nextItem(final long timeoutMs)
    {
        return queue.takeItem(context::isCancelled, timeoutMs);
    }

    /** Rows emitted and handed to the client's side, not taken yet. */
    long queuedRows()
    {
        return queue.queuedRows();
    }

    /** The last checkpoint the whole pipeline passed (0: none yet). */
    public long completedCheckpoint()
    {
        return sink.completedCheckpoint();
    }

    @Override
    public void start(final Runnable wakeup)
    {
        queue.onTaken(wakeup);
        context.onCancel(() ->
        {
            wakeup.run();
            queue.interrupt();
        });
        for (final StreamingSource source : sources)
        {
            source.start(wakeup);
        }
    }

    @Override
    public int doWork(final long nowMs)
    {
        if (queue.isAbandoned() || context.isCancelled())
        {
            done = true;
            queue.finish();
            return 1;
        }
        context.checkAlive();
        int work = 0;
        if (queue.isFull())
        {
            if (blockedSinceMs < 0)
            {
                blockedSinceMs = nowMs;
            }
            else if (nowMs - blockedSinceMs > backpressureTimeoutMs)
            {
                throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "The client read no results for " +
                    backpressureTimeoutMs + " ms while its result queue was full " +
                    "(streaming_backpressure_timeout_ms, max_streaming_pending_rows); the query was stopped");
            }
        }
        else
        {
            blockedSinceMs = -1;
            for (int s = 0; s < sources.size(); s++)
            {
                counters.polling = s;
                work += sources.get(s).poll(nowMs);
                if (sink.isFinished())
                {
                    break;
                }
            }
            counters.polling = -1;
        }
        final boolean quiet = work == 0;
        final long checkpoint = requestedCheckpoint.get();
        // a checkpoint waits until no source is still delivering its starting state
        final boolean barrier = checkpoint > injectedCheckpoint && !settling() && !sink.isFinished();
        if (barrier)
        {
            // between two polls: every row before the barrier has been pushed, none after it
            injectedCheckpoint = checkpoint;
            for (final StreamingSource source : sources)
            {
                source.barrier(checkpoint);
            }
            if (emitCheckpoints)
            {
                final byte[] state = snapshot();
                // the rows before the barrier go out first, then its marker; ticks below belong to the next one
                work += sink.flush();
                queue.putCheckpoint(new Checkpoint(checkpoint, state));
            }
            work++;
        }
        for (final StreamingStage stage : stages)
        {
            stage.onTick(nowMs);
        }
        // rows before a barrier go out with it, so that the checkpoint completes in this cycle
        work += sink.endOfCycle(nowMs, quiet || barrier);
        if (sink.isFinished())
        {
            done = true;
            queue.finish();
        }
        return work;
    }

    private boolean settling()
    {
        for (final StreamingSource source : sources)
        {
            if (source.settling())
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isDone()
    {
        return done;
    }

    @Override
    public void fail(final Throwable cause)
    {
        done = true;
        queue.fail(cause instanceof MuonException e ? e : new MuonException(ErrorCodes.LOGICAL_ERROR,
            "Streaming query failed: " + cause));
    }

    @Override
    public void close()
    {
        for (final StreamingSource source : sources)
        {
            try
            {
                source.close();
            }
            catch (final RuntimeException e)
            {
                System.err.println("closing a streaming source failed: " + e);
            }
        }
        for (final StreamingStage stage : stages)
        {
            try
            {
                stage.close();
            }
            catch (final RuntimeException e)
            {
                System.err.println("closing a streaming stage failed: " + e);
            }
        }
        executor.closeCompiled();
        queue.finish();
    }

    /** Rows dropped because they arrived after their window closed. */
    public long lateRows()
    {
        return counters.lateRows;
    }

    /** For {@code system.processes}: late rows dropped, malformed messages skipped. */
    public long[] counts()
    {
        return new long[] {counters.lateRows, counters.skippedMessages};
    }

    /** The query's rows as the front end pulls them: blocks until some are emitted; closing ends the query. */
    public Operator results()
    {
        return new Operator()
        {
            @Override
            public Batch next()
            {
                return queue.take(context::isCancelled);
            }

            @Override
            public void close()
            {
                queue.abandon();
                context.cancel();
            }
        };
    }
}
