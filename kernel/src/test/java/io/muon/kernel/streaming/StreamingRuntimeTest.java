package io.muon.kernel.streaming;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingRuntimeTest
{
    /** A pipeline that does one unit of work per pending item, owned by whichever agent runs it. */
    private static final class CountingPipeline implements StreamingPipeline
    {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch closed = new CountDownLatch(1);
        volatile Runnable wakeup;
        volatile boolean finish;
        volatile boolean explode;
        private boolean ended;

        @Override
        public void start(final Runnable wakeup)
        {
            this.wakeup = wakeup;
        }

        @Override
        public int doWork(final long nowMs)
        {
            thread.compareAndSet(null, Thread.currentThread());
            assertEquals(thread.get(), Thread.currentThread(), "a pipeline stays on its agent");
            if (explode)
            {
                throw new IllegalStateException("boom");
            }
            int work = 0;
            while (pending.get() > 0)
            {
                pending.decrementAndGet();
                done.incrementAndGet();
                work++;
            }
            ended |= finish;
            return work;
        }

        @Override
        public boolean isDone()
        {
            return ended;
        }

        @Override
        public void fail(final Throwable cause)
        {
            failure.set(cause);
            ended = true;
        }

        @Override
        public void close()
        {
            closed.countDown();
        }
    }

    private static void await(final java.util.function.BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(1);
        }
    }

    @Test
    void pipelinesAreSpreadRunAndClosedWhenDone() throws Exception
    {
        try (StreamingRuntime runtime = new StreamingRuntime(2, 0, 2, 1000))
        {
            final CountingPipeline first = new CountingPipeline();
            final CountingPipeline second = new CountingPipeline();
            runtime.submit(first);
            runtime.submit(second);
            await(() -> first.wakeup != null && second.wakeup != null);
            assertEquals(2, runtime.running());
            first.pending.set(5);
            first.wakeup.run();
            await(() -> first.done.get() == 5);
            second.pending.set(3);
            await(() -> second.done.get() == 3);
            assertTrue(first.thread.get() != second.thread.get(), "two pipelines go to two idle agents");
            assertTrue(first.thread.get().getName().startsWith("muon-streaming-"));

            first.finish = true;
            first.wakeup.run();
            assertTrue(first.closed.await(10, TimeUnit.SECONDS));
            await(() -> runtime.running() == 1);

            second.explode = true;
            assertTrue(second.closed.await(10, TimeUnit.SECONDS));
            assertEquals("boom", second.failure.get().getMessage());
            await(() -> runtime.running() == 0);
        }
    }

    @Test
    void closingTheRuntimeFailsAndClosesRunningPipelinesAndStopsItsThreads() throws Exception
    {
        final CountingPipeline pipeline = new CountingPipeline();
        final StreamingRuntime runtime = new StreamingRuntime(1, 0, 2, 1000);
        runtime.submit(pipeline);
        await(() -> pipeline.thread.get() != null);
        final Thread agent = pipeline.thread.get();
        runtime.close();
        assertTrue(pipeline.closed.await(10, TimeUnit.SECONDS));
        assertTrue(pipeline.failure.get().getMessage().contains("shutting down"));
        agent.join(10_000);
        assertFalse(agent.isAlive());
    }

    @Test
    void aWakeEndsAParkAtOnce() throws Exception
    {
        // a park of a minute: only the wake-up can make the agent run the new work in time
        try (StreamingRuntime runtime = new StreamingRuntime(1, 0, 0, 60_000_000))
        {
            final CountingPipeline pipeline = new CountingPipeline();
            runtime.submit(pipeline);
            await(() -> pipeline.wakeup != null);
            // the agent has nothing to do and parks for a minute
            await(() -> pipeline.thread.get() != null &&
                pipeline.thread.get().getState() == Thread.State.TIMED_WAITING);
            pipeline.pending.set(1);
            pipeline.wakeup.run();
            await(() -> pipeline.done.get() == 1);
            pipeline.finish = true;
            pipeline.wakeup.run();
            assertTrue(pipeline.closed.await(10, TimeUnit.SECONDS));
        }
    }
}
