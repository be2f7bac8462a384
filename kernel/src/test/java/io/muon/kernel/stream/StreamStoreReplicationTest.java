package io.muon.kernel.stream;

import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seams cluster mode uses: appends of clients to a replicated stream go to the replicator, views' appends and
 * other streams' stay local, records applied from the cluster carry a producer tag that
 * {@link StreamStore#lastProducerSequence} finds again however far back it is.
 */
@ExtendWith(LeakCheck.class)
class StreamStoreReplicationTest
{
    @TempDir
    Path dir;

    private static final CatalogObject REPLICATED = new CatalogObject(io.muon.kernel.catalog.ObjectKind.STREAM,
        "default", "r", 1, 1, List.of(ColumnEntry.of("id", DataType.INT64), ColumnEntry.of("_tp_time",
        DataType.TP_TIME)), null, null, null, null, null, Map.of("replication_factor", "3"), null, null, null);

    private static Batch rows(final int count)
    {
        final Batch batch = Batch.of(StreamStore.types(REPLICATED), count);
        for (int r = 0; r < count; r++)
        {
            ((LongVector)batch.column(0)).append(r);
            ((LongVector)batch.column(1)).append(1_700_000_000_000L + r);
        }
        batch.rows(count);
        return batch;
    }

    @Test
    void clientAppendsGoToTheReplicatorAndTaggedRecordsAreFoundFromTheEnd()
    {
        try (StreamStore store = new StreamStore(dir, FilesFacade.DEFAULT))
        {
            final int[] replicatedRows = {0};
            store.replicator(new AppendReplicator()
            {
                @Override
                public boolean replicates(final CatalogObject stream)
                {
                    return stream.settings().containsKey("replication_factor");
                }

                @Override
                public int maxBodyBytes()
                {
                    return 4096;
                }

                @Override
                public long append(final CatalogObject stream, final DirectBuffer body, final int offset,
                    final int length, final int rows, final long minEventTime, final long maxEventTime)
                {
                    // what a cluster node does with a committed append: apply it, tagged with its log position
                    replicatedRows[0] += rows;
                    return store.applyReplicated(stream, body, offset, length, rows, minEventTime, maxEventTime,
                        77, 1_000 + replicatedRows[0]);
                }

                @Override
                public CompletableFuture<Long> appendAsync(final CatalogObject stream, final DirectBuffer body,
                    final int offset, final int length, final int rows, final long minEventTime,
                    final long maxEventTime)
                {
                    return CompletableFuture.completedFuture(append(stream, body, offset, length, rows,
                        minEventTime, maxEventTime));
                }
            });
            assertEquals(-1, store.lastProducerSequence(REPLICATED, 77));
            // 1000 rows in records of at most 4 KiB: several replicated appends
            assertEquals(1_000, store.append(REPLICATED, rows(1_000), 1));
            assertEquals(1_000, replicatedRows[0]);
            final long last = store.lastProducerSequence(REPLICATED, 77);
            assertEquals(2_000, last, "the last record's tag");
            // a view's appends and a producer's stay local: far more rows after the last tagged record
            for (int i = 0; i < 50; i++)
            {
                store.appendLocal(REPLICATED, rows(10_000), 1);
            }
            assertEquals(1_000, replicatedRows[0]);
            assertEquals(501_000, store.log(REPLICATED).nextSequence());
            assertEquals(2_000, store.lastProducerSequence(REPLICATED, 77));
            assertEquals(-1, store.lastProducerSequence(REPLICATED, 78));
        }
    }
}
