package io.muon.clickhouse.netty;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The query threads of a front end: a cached pool of daemon threads named {@code <prefix>-N} (a thread per busy
 * connection, none kept for idle ones), and its orderly shutdown.
 */
public final class QueryThreads
{
    private QueryThreads()
    {
    }

    public static ExecutorService start(final String prefix)
    {
        final AtomicInteger count = new AtomicInteger();
        return Executors.newCachedThreadPool(r ->
        {
            final Thread thread = new Thread(r, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets running work finish for up to 10 s, then interrupts it. */
    public static void stop(final ExecutorService threads)
    {
        threads.shutdown();
        try
        {
            if (!threads.awaitTermination(10, TimeUnit.SECONDS))
            {
                threads.shutdownNow();
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }
}
