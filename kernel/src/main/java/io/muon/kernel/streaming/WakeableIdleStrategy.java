package io.muon.kernel.streaming;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The idle strategy of a {@link PipelineAgent}: after a cycle without work it yields a few times and then parks for
 * at most {@code maxParkNanos} (timers need the agent to look at the clock now and then), unless {@link #wake()} was
 * called meanwhile, which ends the park at once. Sources call {@link #wake()} when new data is published, so an idle
 * agent costs nothing and a new row still reaches its pipeline within microseconds. It never spins unless asked to.
 */
final class WakeableIdleStrategy implements IdleStrategy
{
    private final int maxSpins;
    private final int maxYields;
    private final long maxParkNanos;
    private volatile Thread owner;
    private volatile boolean parked;
    private volatile boolean signalled;
    private int spins;
    private int yields;

    WakeableIdleStrategy(final int maxSpins, final int maxYields, final long maxParkNanos)
    {
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.maxParkNanos = maxParkNanos;
    }

    /** Ends the owner's current or next park; safe from any thread. */
    void wake()
    {
        signalled = true;
        if (parked)
        {
            final Thread thread = owner;
            if (thread != null)
            {
                LockSupport.unpark(thread);
            }
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (signalled)
        {
            signalled = false;
            return;
        }
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
            return;
        }
        if (yields < maxYields)
        {
            yields++;
            Thread.yield();
            return;
        }
        if (owner == null)
        {
            owner = Thread.currentThread();
        }
        parked = true;
        if (!signalled)
        {
            LockSupport.parkNanos(this, maxParkNanos);
        }
        parked = false;
        signalled = false;
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
    }

    @Override
    public String alias()
    {
        return "wakeable";
    }
}
