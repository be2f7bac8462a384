package io.muon.sql.external;

import io.muon.kernel.vector.Batch;

/**
 * Writes rows into an external stream. {@link #write} may send asynchronously; {@link #flush} returns once everything
 * written has been acknowledged by the external system, or throws the first delivery failure. One thread at a time.
 */
public interface ExternalWriter extends AutoCloseable
{
    /** Sends the rows of {@code batch}, whose columns are the stream's declared columns in order. */
    void write(Batch batch);

    /** Waits until every row written so far is acknowledged; throws a ClickHouse-style error when one was not. */
    void flush();

    @Override
    void close();
}
