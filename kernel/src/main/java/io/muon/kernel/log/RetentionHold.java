package io.muon.kernel.log;

/**
 * A consumer's claim on the log from a sequence number on: retention never drops a segment holding rows at or
 * after it. The compactor and materialized views advance their hold as they commit. Thread-safe.
 */
public final class RetentionHold implements AutoCloseable
{
    private final NativeLog log;
    private volatile long sequence;

    RetentionHold(final NativeLog log, final long sequence)
    {
        this.log = log;
        this.sequence = sequence;
    }

    /** The first sequence number still needed. */
    public long sequence()
    {
        return sequence;
    }

    /** Moves the hold forward (never back): rows before {@code sequence} may now be dropped. */
    public void advanceTo(final long sequence)
    {
        if (sequence > this.sequence)
        {
            this.sequence = sequence;
        }
    }

    @Override
    public void close()
    {
        log.removeHold(this);
    }
}
