package io.muon.sql.streaming;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.Batch;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over between a streaming query's agent (the producer) and the front-end thread that writes its results
 * to the client (the consumer). Bounded by rows: when it is full the producer stops reading its sources, so a slow
 * client slows its query down instead of making it buffer without bound. The producer ends it with {@link #finish}
 * (LIMIT reached) or {@link #fail}; the consumer ends it with {@link #abandon} (it closed the cursor).
 */
final class ResultQueue
{
    /** What {@link #takeItem} returns when its time ran out. */
    static final Object NOTHING_YET = new Object();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final ArrayDeque<Object> batches = new ArrayDeque<>();
    private final long capacityRows;
    private long rows;
    private boolean finished;
    private volatile boolean abandoned;
    private RuntimeException failure;
    private volatile Runnable onTaken = () -> { };

    ResultQueue(final long capacityRows)
    {
        this.capacityRows = capacityRows;
    }

    /** Called after the consumer took a batch: wakes the producer, which may have stopped on a full queue. */
    void onTaken(final Runnable action)
    {
        this.onTaken = action;
    }

    /** Whether the producer should wait before reading more input. */
    boolean isFull()
    {
        lock.lock();
        try
        {
            return rows >= capacityRows;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Rows handed over and not taken yet. */
    long queuedRows()
    {
        lock.lock();
        try
        {
            return rows;
        }
        finally
        {
            lock.unlock();
        }
    }

    /** Hands a batch to the consumer; it may overfill the queue by one batch. */
    void put(final Batch batch)
    {
        lock.lock();
        try
        {
            if (abandoned || finished)
            {
                return;
            }
            batches.add(batch);
            rows += batch.rows();
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A checkpoint's marker, after the rows emitted before its barrier: the consumer of {@link #takeItem} sees it in
     * order; {@link #take} skips it.
     */
    void putCheckpoint(final StreamingQuery.Checkpoint checkpoint)
    {
        lock.lock();
        try
        {
            if (abandoned || finished)
            {
                return;
            }
            batches.add(checkpoint);
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The producer is done: the consumer gets what is queued, then the end. */
    void finish()
    {
        lock.lock();
        try
        {
            finished = true;
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The producer failed: the consumer gets what is queued, then {@code cause}. */
    void fail(final RuntimeException cause)
    {
        lock.lock();
        try
        {
            if (failure == null)
            {
                failure = cause;
            }
            finished = true;
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** The consumer went away: drop what is queued; the producer sees {@link #isAbandoned()} and ends. */
    void abandon()
    {
        lock.lock();
        try
        {
            abandoned = true;
            batches.clear();
            rows = 0;
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    boolean isAbandoned()
    {
        return abandoned;
    }

    /** Wakes a consumer blocked in {@link #take} so it looks at its cancel flag. */
    void interrupt()
    {
        lock.lock();
        try
        {
            available.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The next batch, blocking until one is there; null once the producer finished and everything was taken.
     * Throws the producer's failure, or Code 394 when {@code cancelled} says so.
     */
    Batch take(final java.util.function.BooleanSupplier cancelled)
    {
        Object item;
        while ((item = takeItem(cancelled, Long.MAX_VALUE)) instanceof StreamingQuery.Checkpoint)
        {
            // only a consumer of takeItem cares
        }
        return (Batch)item;
    }

    /**
     * The next batch or checkpoint marker, blocking up to {@code timeoutMs}: {@link #NOTHING_YET} when none came in
     * that time, null once the producer finished and everything was taken. Throws as {@link #take}.
     */
    Object takeItem(final java.util.function.BooleanSupplier cancelled, final long timeoutMs)
    {
        Object batch;
        final long deadline = timeoutMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() +
            TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try
        {
            while ((batch = batches.poll()) == null)
            {
                if (failure != null)
                {
                    throw failure;
                }
                if (finished || abandoned)
                {
                    return null;
                }
                if (cancelled.getAsBoolean())
                {
                    throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled");
                }
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0)
                {
                    return NOTHING_YET;
                }
                available.await(Math.min(100, Math.max(1, timeoutMs)), TimeUnit.MILLISECONDS);
            }
            if (batch instanceof Batch rowsOut)
            {
                rows -= rowsOut.rows();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled (interrupted)");
        }
        finally
        {
            lock.unlock();
        }
        onTaken.run();
        return batch;
    }
}
