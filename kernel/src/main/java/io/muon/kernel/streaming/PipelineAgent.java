package io.muon.kernel.streaming;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event-loop thread of the {@link StreamingRuntime}: owns the pipelines given to it and runs each in turn, once
 * per duty cycle, reading the clock once per cycle. Other threads only hand it new pipelines (a queue the agent
 * drains at the start of each cycle); a pipeline is closed and dropped by the agent when it reports it is done.
 */
final class PipelineAgent implements Agent
{
    private final String name;
    private final EpochClock clock;
    private final WakeableIdleStrategy idle;
    private final ConcurrentLinkedQueue<StreamingPipeline> added = new ConcurrentLinkedQueue<>();
    private final List<StreamingPipeline> pipelines = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Runnable wakeup;

    PipelineAgent(final String name, final EpochClock clock, final WakeableIdleStrategy idle)
    {
        this.name = name;
        this.clock = clock;
        this.idle = idle;
        this.wakeup = idle::wake;
    }

    /** Hands a pipeline to this agent; it starts running within one duty cycle. */
    void add(final StreamingPipeline pipeline)
    {
        count.incrementAndGet();
        added.add(pipeline);
        idle.wake();
    }

    /** Pipelines owned or about to be. */
    int load()
    {
        return count.get();
    }

    @Override
    public int doWork()
    {
        int work = 0;
        StreamingPipeline pipeline;
        while ((pipeline = added.poll()) != null)
        {
            pipelines.add(pipeline);
            try
            {
                pipeline.start(wakeup);
            }
            catch (final Throwable e)
            {
                pipeline.fail(e);
            }
            work++;
        }
        final long now = clock.time();
        for (int i = 0; i < pipelines.size(); i++)
        {
            final StreamingPipeline current = pipelines.get(i);
            if (!current.isDone())
            {
                try
                {
                    work += current.doWork(now);
                }
                catch (final Throwable e)
                {
                    current.fail(e);
                }
            }
            if (current.isDone())
            {
                remove(i--);
                work++;
            }
        }
        return work;
    }

    private void remove(final int index)
    {
        final StreamingPipeline pipeline = pipelines.remove(index);
        count.decrementAndGet();
        try
        {
            pipeline.close();
        }
        catch (final Throwable e)
        {
            System.err.println(name + ": closing a pipeline failed: " + e);
        }
    }

    @Override
    public void onClose()
    {
        StreamingPipeline pipeline;
        while ((pipeline = added.poll()) != null)
        {
            pipelines.add(pipeline);
        }
        while (!pipelines.isEmpty())
        {
            final StreamingPipeline last = pipelines.get(pipelines.size() - 1);
            if (!last.isDone())
            {
                last.fail(new IllegalStateException("the server is shutting down"));
            }
            remove(pipelines.size() - 1);
        }
    }

    @Override
    public String roleName()
    {
        return name;
    }
}
