package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;

import java.util.function.Consumer;

/**
 * The state of a join of two streams inside a streaming pipeline: rows come from either side, one batch at a time,
 * and the joined rows they make go out at once. Owned by the pipeline's thread.
 */
public interface StreamingJoin extends AutoCloseable
{
    int LEFT = 0;
    int RIGHT = 1;

    /**
     * Takes {@code batch}, rows of {@code side} ({@link #LEFT} or {@link #RIGHT}), and passes the joined rows it
     * makes to {@code out} (each batch valid during the call only).
     */
    void add(int side, Batch batch, Consumer<Batch> out);

    /** Processing time is {@code nowMs} (once per pipeline cycle): rows held for a time may go out now. */
    default void tick(final long nowMs, final Consumer<Batch> out)
    {
    }

    /** Writes the join's state (the rows each side keeps, and how they are found) for a checkpoint. */
    void write(StateOutput out);

    /** Restores, into this join before it has seen a row, what {@link #write} wrote. */
    void read(StateInput in);

    /** Frees what the state holds. */
    @Override
    void close();
}
