package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;

/**
 * A step of a bounded query, pulled batch by batch by the step above it: {@link #next()} returns the next non-empty
 * batch or null at the end. A returned batch is valid until the next call. Owned by the query's thread.
 */
public interface Operator extends AutoCloseable
{
    Batch next();

    @Override
    default void close()
    {
    }
}
