package io.muon.kernel.stream;

import io.muon.kernel.catalog.CatalogObject;
import org.agrona.DirectBuffer;

/**
 * Where appends to replicated streams go instead of the local log: the cluster orders them and every node applies
 * them to its own log ({@link StreamStore#applyReplicated}). Installed on a {@link StreamStore} in cluster mode.
 */
public interface AppendReplicator
{
    /** Whether appends to {@code stream} go through replication. */
    boolean replicates(CatalogObject stream);

    /** Largest record body one {@link #append} takes; larger batches are split into records of at most this. */
    int maxBodyBytes();

    /**
     * Replicates one record body (laid out for the stream's columns) and returns once the cluster committed it and
     * this node applied it.
     *
     * @return the stream's sequence number after the record's rows on this node.
     * @throws io.muon.kernel.MuonException when the cluster did not commit it in time (the caller may retry).
     */
    long append(CatalogObject stream, DirectBuffer body, int offset, int length, int rows, long minEventTime,
        long maxEventTime);

    /**
     * As {@link #append}, without waiting for the commit: the body is copied and sent (waiting only while the cluster
     * back-pressures), and the future completes with the sequence number after the rows once this node applied them,
     * or exceptionally. Lets a producer keep several batches in flight (the Aeron ingest endpoint does).
     */
    java.util.concurrent.CompletableFuture<Long> appendAsync(CatalogObject stream, DirectBuffer body, int offset,
        int length, int rows, long minEventTime, long maxEventTime);
}
