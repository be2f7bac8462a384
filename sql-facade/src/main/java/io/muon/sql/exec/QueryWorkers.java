package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that run the parallel parts of bounded queries ({@code max_threads}): daemon threads created on demand
 * and kept while busy. A query's caller thread runs the first part itself and waits for the others, so a query with
 * {@code max_threads = 1} never leaves its thread.
 */
final class QueryWorkers
{
    private static final AtomicInteger NEXT_ID = new AtomicInteger();
    private static final AtomicLong HANDED_OFF = new AtomicLong();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(task ->
    {
        final Thread thread = new Thread(task, "muon-query-worker-" + NEXT_ID.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private QueryWorkers()
    {
    }

    /** How many tasks have run on worker threads since start: tests see that a query did run in parallel. */
    static long handedOff()
    {
        return HANDED_OFF.get();
    }

    /**
     * Runs every task, the first on the calling thread, and returns when all have ended. The first failure cancels
     * the query (so the other tasks stop at their next check) and is rethrown once every task has ended: nothing runs
     * on behalf of the query afterwards, so its operators may free their memory.
     */
    static void runAll(final List<Runnable> tasks, final QueryContext context)
    {
        final List<Future<?>> futures = new ArrayList<>();
        for (int i = 1; i < tasks.size(); i++)
        {
            futures.add(POOL.submit(tasks.get(i)));
        }
        HANDED_OFF.addAndGet(tasks.size() - 1);
        RuntimeException failure = null;
        try
        {
            tasks.get(0).run();
        }
        catch (final RuntimeException e)
        {
            failure = e;
            context.cancel();
        }
        boolean interrupted = false;
        for (final Future<?> future : futures)
        {
            while (true)
            {
                try
                {
                    future.get();
                    break;
                }
                catch (final ExecutionException e)
                {
                    if (failure == null)
                    {
                        failure = e.getCause() instanceof RuntimeException r ? r :
                            new MuonException(ErrorCodes.LOGICAL_ERROR, "A query worker failed: " + e.getCause());
                        context.cancel();
                    }
                    break;
                }
                catch (final InterruptedException e)
                {
                    // the workers still use the query's memory: stop them, then keep waiting
                    interrupted = true;
                    context.cancel();
                }
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
