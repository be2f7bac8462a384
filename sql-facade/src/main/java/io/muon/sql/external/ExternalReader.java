package io.muon.sql.external;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;

/**
 * Reads an external stream's rows into batches. The reading itself (network, parsing) runs on the reader's own
 * thread; the query's thread takes finished batches with {@link #next}, so an event-loop agent never blocks on the
 * external system. The batches handed out are bounded in number: a query that does not take them slows the reading.
 */
public interface ExternalReader extends AutoCloseable
{
    /** Starts reading; {@code wakeup} is called from the reader's thread whenever a batch is ready or the read ends. */
    void start(Runnable wakeup);

    /**
     * The next batch read, waiting at most {@code timeoutMs} (0: not at all); null when none is ready yet or the read
     * has {@link #finished}. Throws the read's failure (a ClickHouse-style {@code MuonException}).
     */
    Batch next(long timeoutMs);

    /**
     * Whether the reader knows where it reads from (a restored position, or the start it worked out on its thread):
     * a {@link #snapshot} is only taken once it does.
     */
    boolean positioned();

    /** Whether a bounded read has handed out every row it will read. */
    boolean finished();

    /** Messages skipped as malformed so far. */
    long skippedMessages();

    /** Writes where the read is: what {@link #restore} needs to go on right after the last batch handed out. */
    void snapshot(StateOutput out);

    /** Before {@link #start}: read on from what {@link #snapshot} wrote instead of from the query's start point. */
    void restore(StateInput in);

    /** Stops the reader's thread and frees what it holds. */
    @Override
    void close();
}
