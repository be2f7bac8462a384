package io.muon.perf.aeron;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.replication.cluster.MuonClusterNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Replicated appends: batches of 1000 rows (or as many as the second argument says) of 64 bytes appended by 4 writer threads to a stream with
 * {@code replication_factor=3}, through a 1-member and a 3-member Muon cluster (all members in this JVM, each with
 * its own media driver, archive and consensus module, as {@code muon server --cluster} runs them), next to the same
 * batches appended to a single node without a cluster. Per setup: rows/s and the commit latency of a batch (from the
 * call until the cluster committed it and this node applied it), p50 and p99. Then the failover time of the 3-member
 * cluster: its leader is closed and the time until a survivor's next append commits is measured (Aeron Cluster's
 * leader heartbeat timeout bounds it from below).
 * <p>
 * {@code mvn -Preplication -pl perf test-compile exec:exec [-Dreplication.seconds=N] [-Dreplication.rows=ROWS_PER_BATCH]}
 */
public final class ReplicationBenchmark
{
    private static int ROWS_PER_BATCH = 1000;
    private static final int WRITERS = 4;

    private ReplicationBenchmark()
    {
    }

    /** A node: its catalog, store and (in a cluster) member. */
    private record Node(Catalog catalog, StreamStore store, MuonClusterNode member, Path dir) implements AutoCloseable
    {
        @Override
        public void close()
        {
            if (member != null)
            {
                member.close();
            }
            store.close();
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ROWS_PER_BATCH = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        final Path root = Files.createTempDirectory("muon-replication-bench");
        final StringBuilder table = new StringBuilder();
        table.append("| setup | rows/s | batches/s | commit p50 µs | commit p99 µs | ÷ single node |\n");
        table.append("|---|---|---|---|---|---|\n");
        String failover = "";
        try
        {
            double single = 0;
            for (final int members : new int[] {0, 1, 3})
            {
                final List<Node> nodes = start(root.resolve("setup-" + members), members);
                try
                {
                    final CatalogObject stream = createStream(nodes);
                    // warm-up, then the measured run
                    run(nodes.get(0), stream, Math.max(2, seconds / 3), null);
                    final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                    final double rate = run(nodes.get(0), stream, seconds, latency);
                    if (members == 0)
                    {
                        single = rate;
                    }
                    table.append(String.format("| %s | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
                        members == 0 ? "single node, no cluster" : members + "-member cluster", rate,
                        rate / ROWS_PER_BATCH, latency.getValueAtPercentile(50) / 1e3,
                        latency.getValueAtPercentile(99) / 1e3, rate / single));
                    if (members == 3)
                    {
                        failover = failover(nodes, stream);
                    }
                }
                finally
                {
                    nodes.forEach(Node::close);
                }
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(root))
            {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("Replicated appends, " + WRITERS + " writers, batches of " + ROWS_PER_BATCH +
            " rows of 64 bytes, " + seconds + " s per setup, " + Runtime.getRuntime().availableProcessors() +
            " cores, Java " + System.getProperty("java.version"));
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println(failover);
    }

    private static List<Node> start(final Path dir, final int members) throws IOException
    {
        final List<Node> nodes = new ArrayList<>();
        final List<InetSocketAddress> addresses = new ArrayList<>();
        int base = 21_000 + (int)(Math.random() * 2_000) * 10;
        while (addresses.size() < members)
        {
            if (udpPortsFree(base))
            {
                addresses.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), base));
            }
            base += 10;
        }
        for (int i = 0; i < Math.max(1, members); i++)
        {
            final Path nodeDir = dir.resolve("node" + i);
            Files.createDirectories(nodeDir);
            final Catalog catalog = Catalog.open(nodeDir.resolve("catalog"), FilesFacade.DEFAULT);
            final StreamStore store = new StreamStore(nodeDir, FilesFacade.DEFAULT);
            MuonClusterNode member = null;
            if (members > 0)
            {
                member = MuonClusterNode.start(i, addresses, nodeDir.resolve("cluster"), catalog, store,
                    // the benchmark creates its stream on every node itself and sends no DDL through the cluster
                    (sql, database) -> { });
                store.replicator(member);
            }
            nodes.add(new Node(catalog, store, member, nodeDir));
        }
        return nodes;
    }

    /** The same stream (same id on every node: each catalog is fresh) created on every node directly. */
    private static CatalogObject createStream(final List<Node> nodes)
    {
        final List<ColumnEntry> columns = new ArrayList<>();
        for (final String name : List.of("id", "a", "b", "c", "d", "e", "f"))
        {
            columns.add(ColumnEntry.of(name, name.equals("b") || name.equals("c") ? DataType.FLOAT64 : DataType.INT64));
        }
        columns.add(ColumnEntry.of("_tp_time", DataType.TP_TIME));
        final CatalogObject stream = CatalogObject.stream("default", "ticks", columns);
        CatalogObject created = null;
        for (final Node node : nodes)
        {
            created = node.catalog().create(new CatalogObject(stream.kind(), stream.database(), stream.name(), 0, 1,
                stream.columns(), stream.mode(), null, null, null, null, Map.of("replication_factor", "3"), null,
                null, null), false, false);
        }
        return created;
    }

    /** Appends from {@link #WRITERS} threads for {@code seconds}; returns rows/s, recording batch latencies. */
    private static double run(final Node node, final CatalogObject stream, final int seconds, final Histogram latency)
        throws InterruptedException
    {
        final AtomicLong rows = new AtomicLong();
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        final List<Thread> threads = new ArrayList<>();
        final long start = System.nanoTime();
        for (int w = 0; w < WRITERS; w++)
        {
            final Thread thread = new Thread(() ->
            {
                final Batch batch = batch(stream);
                while (System.nanoTime() < end)
                {
                    final long t0 = System.nanoTime();
                    node.store().append(stream, batch, 7);
                    final long took = System.nanoTime() - t0;
                    if (latency != null)
                    {
                        synchronized (latency)
                        {
                            latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
                        }
                    }
                    rows.addAndGet(ROWS_PER_BATCH);
                }
            }, "writer-" + w);
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Closes the leader and times a survivor's first committed append after it. */
    private static String failover(final List<Node> nodes, final CatalogObject stream) throws InterruptedException
    {
        int leader = -1;
        for (final MuonClusterNode.MemberStatus member : nodes.get(0).member().status())
        {
            leader = member.leaderId();
        }
        if (leader < 0)
        {
            return "failover: no leader known";
        }
        final Node survivor = nodes.get((leader + 1) % nodes.size());
        final Batch batch = batch(stream);
        final long killed = System.nanoTime();
        nodes.get(leader).member().close();
        final long deadline = killed + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline)
        {
            try
            {
                survivor.store().append(stream, batch, 7);
                return String.format("Failover: leader (member %d) closed; first append committed through member " +
                    "%d after %.2f s", leader, (leader + 1) % nodes.size(), (System.nanoTime() - killed) / 1e9);
            }
            catch (final RuntimeException e)
            {
                Thread.sleep(10);
            }
        }
        return "failover: no append committed within 120 s";
    }

    private static Batch batch(final CatalogObject stream)
    {
        final Batch batch = Batch.of(StreamStore.types(stream), ROWS_PER_BATCH);
        final long now = System.currentTimeMillis();
        for (int r = 0; r < ROWS_PER_BATCH; r++)
        {
            for (int c = 0; c < 8; c++)
            {
                if (c == 2 || c == 3)
                {
                    ((DoubleVector)batch.column(c)).append(r * 0.5);
                }
                else
                {
                    ((LongVector)batch.column(c)).append(c == 7 ? now : r * (c + 1L));
                }
            }
        }
        batch.rows(ROWS_PER_BATCH);
        return batch;
    }

    private static boolean udpPortsFree(final int from)
    {
        for (int port = from; port < from + 6; port++)
        {
            try (DatagramSocket socket = new DatagramSocket(port))
            {
                socket.getLocalPort();
            }
            catch (final IOException e)
            {
                return false;
            }
        }
        return true;
    }
}
