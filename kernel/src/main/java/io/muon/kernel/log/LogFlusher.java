package io.muon.kernel.log;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The group-commit agent: one thread for all open logs. Each duty cycle scans the records published since the last
 * cycle, extends the sparse indexes, and forces segments and indexes to disk once a log has
 * {@code logstore_flush_messages} unflushed records, its oldest unflushed record is {@code logstore_flush_ms} old,
 * or a writer waits for durability; it also preallocates the next segment and applies retention. Writers that wait
 * wake it; otherwise it sleeps up to a millisecond between cycles, never spinning.
 */
public final class LogFlusher implements Agent
{
    private final EpochClock clock;
    private volatile NativeLog[] logs = new NativeLog[0];
    private volatile Thread thread;

    public LogFlusher()
    {
        this(SystemEpochClock.INSTANCE);
    }

    public LogFlusher(final EpochClock clock)
    {
        this.clock = clock;
    }

    /** Starts a flusher on its own daemon thread, sleeping up to {@code idleMs} when there is nothing to do. */
    public static AgentRunner start(final LogFlusher flusher, final long idleMs,
        final org.agrona.ErrorHandler errorHandler)
    {
        final AgentRunner runner = new AgentRunner(
            new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(idleMs)), errorHandler, null, flusher);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, "muon-log-flusher");
            t.setDaemon(true);
            return t;
        });
        return runner;
    }

    /** Starts flushing the log. */
    public synchronized void add(final NativeLog log)
    {
        final NativeLog[] current = logs;
        final NativeLog[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = log;
        logs = grown;
        log.attach(this);
    }

    /** Stops flushing the log; it no longer refers to this flusher once this returns. */
    public synchronized void remove(final NativeLog log)
    {
        final NativeLog[] current = logs;
        int found = -1;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == log)
            {
                found = i;
                break;
            }
        }
        if (found < 0)
        {
            return;
        }
        final NativeLog[] shrunk = new NativeLog[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, found);
        System.arraycopy(current, found + 1, shrunk, found, current.length - found - 1);
        logs = shrunk;
        log.detach(this);
    }

    /** Wakes the flusher thread if it is sleeping. */
    public void wake()
    {
        final Thread t = thread;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void onStart()
    {
        thread = Thread.currentThread();
    }

    @Override
    public int doWork()
    {
        final long now = clock.time();
        int work = 0;
        for (final NativeLog log : logs)
        {
            work += log.flushWork(now);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        thread = null;
    }

    @Override
    public String roleName()
    {
        return "muon-log-flusher";
    }
}
