package io.muon.kernel.streaming;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochClock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pool of event-loop threads that run streaming queries: {@code agents} {@link PipelineAgent}s (one per core by
 * default), each on its own daemon thread {@code muon-streaming-<i>}. A submitted pipeline goes to the agent with
 * the fewest and stays there for its whole life. Idle agents park (at most {@link #DEFAULT_MAX_PARK_MICROS} between
 * looks at the clock) and are woken by new data; they spin only when configured to.
 */
public final class StreamingRuntime implements AutoCloseable
{
    /** Longest park of an idle agent: bounds how late a timer (a periodic emit, a window timeout) fires. */
    public static final long DEFAULT_MAX_PARK_MICROS = 1000;

    private final List<PipelineAgent> agents = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Starts {@code agents} threads (0: one per available core). {@code spins} and {@code yields}: how many empty
     * cycles an idle agent spins and then yields before it parks (0 and a few by default; spinning is for latency
     * benchmarks on machines with cores to spare).
     */
    public StreamingRuntime(final int agents, final int spins, final int yields, final long maxParkMicros)
    {
        final int count = agents > 0 ? agents : Math.max(1, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < count; i++)
        {
            final WakeableIdleStrategy idle = new WakeableIdleStrategy(spins, yields,
                TimeUnit.MICROSECONDS.toNanos(maxParkMicros));
            final PipelineAgent agent = new PipelineAgent("muon-streaming-" + i, SystemEpochClock.INSTANCE, idle);
            final AgentRunner runner = new AgentRunner(idle, Throwable::printStackTrace, null, agent);
            final String threadName = agent.roleName();
            AgentRunner.startOnThread(runner, r ->
            {
                final Thread thread = new Thread(r, threadName);
                thread.setDaemon(true);
                return thread;
            });
            this.agents.add(agent);
            runners.add(runner);
        }
    }

    /** One agent per core, no spinning. */
    public StreamingRuntime()
    {
        this(0, 0, 10, DEFAULT_MAX_PARK_MICROS);
    }

    /** Hands a pipeline to the least loaded agent; it starts within one duty cycle. */
    public void submit(final StreamingPipeline pipeline)
    {
        if (closed)
        {
            throw new IllegalStateException("the streaming runtime is closed");
        }
        PipelineAgent chosen = agents.get(0);
        for (final PipelineAgent agent : agents)
        {
            if (agent.load() < chosen.load())
            {
                chosen = agent;
            }
        }
        chosen.add(pipeline);
    }

    /** Pipelines running or about to start. */
    public int running()
    {
        int total = 0;
        for (final PipelineAgent agent : agents)
        {
            total += agent.load();
        }
        return total;
    }

    public int agents()
    {
        return agents.size();
    }

    /** Stops every agent; pipelines still running fail ("the server is shutting down") and are closed. */
    @Override
    public void close()
    {
        closed = true;
        runners.forEach(AgentRunner::close);
    }
}
