package io.muon.replication.cluster;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A one-member cluster in this JVM: appends to a replicated stream go through the cluster log into the stream's
 * NativeLog, other streams stay local, DDL reaches the applier (and its failure the sender), and a restart from a
 * snapshot, replaying the log after it, appends nothing twice and runs no statement twice.
 */
class MuonClusterNodeTest
{
    @TempDir
    Path dir;

    private static List<InetSocketAddress> oneMember() throws IOException
    {
        for (int base = 24_000 + (int)(Math.random() * 1_000) * 10; ; base += 10)
        {
            boolean free = true;
            for (int port = base; port < base + 6 && free; port++)
            {
                try (DatagramSocket socket = new DatagramSocket(port))
                {
                    free = socket.getLocalPort() == port;
                }
                catch (final IOException e)
                {
                    free = false;
                }
            }
            if (free)
            {
                return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), base));
            }
        }
    }

    private static Batch rows(final CatalogObject stream, final long first, final int count)
    {
        final Batch batch = Batch.of(StreamStore.types(stream), count);
        for (int r = 0; r < count; r++)
        {
            ((LongVector)batch.column(0)).append(first + r);
            ((LongVector)batch.column(1)).append(1_700_000_000_000L + r);
        }
        batch.rows(count);
        return batch;
    }

    private static CatalogObject stream(final Catalog catalog, final String name, final String factor)
    {
        final CatalogObject plain = CatalogObject.stream("default", name, List.of(ColumnEntry.of("id",
            DataType.INT64), ColumnEntry.of("_tp_time", DataType.TP_TIME)));
        return catalog.create(new CatalogObject(plain.kind(), plain.database(), plain.name(), 0, 1, plain.columns(),
            plain.mode(), null, null, null, null, factor == null ? Map.of() : Map.of("replication_factor", factor),
            null, null, null), false, false);
    }

    @Test
    void appendsAndStatementsGoThroughTheLogOnceEvenAcrossASnapshotAndARestart() throws Exception
    {
        final List<InetSocketAddress> members = oneMember();
        final List<String> statements = new CopyOnWriteArrayList<>();
        final MuonClusterNode.CatalogApplier applier = (sql, database) ->
        {
            statements.add(database + ": " + sql);
            if (sql.startsWith("FAIL"))
            {
                throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "no such thing");
            }
        };
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        final CatalogObject replicated = stream(catalog, "replicated", "3");
        final CatalogObject local = stream(catalog, "local", null);
        StreamStore store = new StreamStore(dir, FilesFacade.DEFAULT);
        MuonClusterNode node = MuonClusterNode.start(0, members, dir.resolve("cluster"), catalog, store, applier);
        try
        {
            store.replicator(node);
            node.awaitCaughtUp();
            assertTrue(node.replicates(replicated));
            assertTrue(!node.replicates(local));
            assertEquals(100, store.append(replicated, rows(replicated, 0, 100), 1));
            assertEquals(300, store.append(replicated, rows(replicated, 100, 200), 1));
            store.append(local, rows(local, 0, 10), 1);
            node.replicateDdl("CREATE STREAM x (a int8)", "db1");
            final MuonClusterNode first = node;
            final MuonException failed = assertThrows(MuonException.class, () -> first.replicateDdl("FAIL", "db1"));
            assertEquals(ErrorCodes.UNKNOWN_TABLE, failed.code());
            assertEquals(List.of("db1: CREATE STREAM x (a int8)", "db1: FAIL"), statements);
            assertTrue(store.lastProducerSequence(replicated, MuonClusteredService.CLUSTER_PRODUCER) > 0,
                "records are tagged with their cluster log position");
            assertEquals(-1, store.lastProducerSequence(local, MuonClusteredService.CLUSTER_PRODUCER));
            assertEquals("member 0 leader", "member " + node.status().get(0).id() + " " + node.status().get(0).role());

            // a snapshot: the logs are forced to disk and a restart replays only what came after it
            assertTrue(node.snapshot());
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (node.snapshotsTaken() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            assertEquals(1, node.snapshotsTaken());
            assertEquals(350, store.append(replicated, rows(replicated, 300, 50), 1));
            node.replicateDdl("CREATE STREAM y (a int8)", "db2");
        }
        finally
        {
            node.close();
            store.close();
        }

        // the restarted member replays its whole log: nothing is applied twice
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        node = MuonClusterNode.start(0, members, dir.resolve("cluster"), catalog, store, applier);
        try
        {
            store.replicator(node);
            node.awaitCaughtUp();
            assertTrue(node.startedFromSnapshot());
            assertEquals(350, store.log(replicated).nextSequence());
            assertEquals(3, statements.size());
            assertEquals(360, store.append(replicated, rows(replicated, 350, 10), 1));
            assertEquals(10, store.log(local).nextSequence());
        }
        finally
        {
            node.close();
            store.close();
        }
    }

    @Test
    void aMemberRunsOnAnExternalMediaDriver() throws Exception
    {
        final io.aeron.driver.MediaDriver external = io.aeron.driver.MediaDriver.launch(
            new io.aeron.driver.MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("external-aeron").toString())
                .threadingMode(io.aeron.driver.ThreadingMode.SHARED)
                .spiesSimulateConnection(true)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        final CatalogObject replicated = stream(catalog, "replicated", "2");
        final StreamStore store = new StreamStore(dir, FilesFacade.DEFAULT);
        try (external;
            MuonClusterNode node = MuonClusterNode.start(0, oneMember(), dir.resolve("cluster"), catalog, store,
                (sql, database) -> { }, external.aeronDirectoryName()))
        {
            store.replicator(node);
            node.awaitCaughtUp();
            assertEquals(25, store.append(replicated, rows(replicated, 0, 25), 1));
            assertTrue(store.lastProducerSequence(replicated, MuonClusteredService.CLUSTER_PRODUCER) > 0);
            assertTrue(!java.nio.file.Files.exists(dir.resolve("cluster").resolve("aeron")),
                "no embedded driver's directory");
        }
        finally
        {
            store.close();
        }
    }
}
