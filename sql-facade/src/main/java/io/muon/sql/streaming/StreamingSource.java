package io.muon.sql.streaming;

/**
 * Where a streaming pipeline's rows come from: a stream's log, or a random stream's generator. Every call comes
 * from the pipeline's agent thread.
 */
interface StreamingSource
{
    /** Called once when the agent adopts the query; {@code wakeup} wakes the agent when rows are ready. */
    void start(Runnable wakeup);

    /** Pushes what is ready to the next stage; returns the work done (0 when idle). */
    int poll(long nowMs);

    /** Whether the source is still delivering its starting state (a backfill), before the rows that come live. */
    default boolean settling()
    {
        return false;
    }

    /** Sends checkpoint barrier {@code checkpoint} after every row already pushed (between two polls). */
    void barrier(long checkpoint);

    /** Writes where the source is between two polls (what it reads next), for a checkpoint. */
    default void snapshot(final io.muon.sql.exec.StateOutput out)
    {
    }

    /** Before {@link #start}: resume from what {@link #snapshot} wrote instead of the query's start point. */
    default void restore(final io.muon.sql.exec.StateInput in)
    {
    }

    /** Frees what the source holds; called once when the query ends, or when it fails to plan. */
    void close();
}
