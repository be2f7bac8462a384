package io.muon.perf.aeron;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.type.DataType;
import io.muon.kernel.stream.StreamStore;
import io.muon.replication.AeronMedia;
import io.muon.replication.ingest.IngestEndpoint;
import io.muon.replication.ingest.MuonPublisher;
import io.muon.replication.ingest.RowBatch;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Aeron ingest throughput: 64-byte rows (eight 8-byte columns, {@code _tp_time} included) built row by row with
 * {@link RowBatch}, sent by {@link MuonPublisher} over IPC and over UDP (loopback) to the {@link IngestEndpoint},
 * validated and appended to a NativeLog, timed until the last batch is committed. Next to it, in the same run, raw
 * Aeron: messages of the same size offered to a subscriber that only counts them, the transport's own ceiling on
 * this machine. Each transport runs twice: as the server runs (the compaction thread turns the log into parts at the
 * same time, on the same 2 cores) and with compaction deferred past the end of the run. A last row sends the same
 * batches over IPC into a replicated stream, each batch committed by a one-member Aeron Cluster before it is
 * answered (the raw figure beside it is raw IPC again). Everything in one JVM with an embedded media driver in shared threading mode, as the server runs it.
 * <p>
 * {@code mvn -Paeron-ingest -pl perf test-compile exec:exec [-Daeron.rows=N] [-Daeron.transport=IPC|UDP]}
 */
public final class AeronIngestComparison
{
    private static final int BATCH_ROWS = 16_384;
    private static final int ROW_BYTES = 64;

    private AeronIngestComparison()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final long rows = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        final String only = args.length > 1 ? args[1] : "";
        final Path data = Files.createTempDirectory("muon-aeron-bench");
        final Path shm = Path.of("/dev/shm");
        final String aeronDir = (Files.isDirectory(shm) ? shm : data).resolve("muon-aeron-bench-" +
            ProcessHandle.current().pid()).toString();
        final StringBuilder table = new StringBuilder();
        table.append("| transport | Muon rows/s | Muon MB/s | raw Aeron rows/s (same bytes) | raw Aeron MB/s | Muon ÷ raw |\n");
        table.append("|---|---|---|---|---|---|\n");
        try (AeronMedia media = AeronMedia.embedded(aeronDir))
        {
            final String udp = "aeron:udp?endpoint=127.0.0.1:" + freePort();
            for (final String[] transport : new String[][] {{"IPC", "aeron:ipc", "aeron:ipc", "on"},
                {"IPC, compaction deferred", "aeron:ipc", "aeron:ipc", "off"},
                {"UDP (loopback)", udp, "aeron:udp?endpoint=127.0.0.1:0", "on"},
                {"UDP (loopback), compaction deferred", udp, "aeron:udp?endpoint=127.0.0.1:0", "off"},
                {"IPC into a replicated stream, 1-member cluster", "aeron:ipc", "aeron:ipc", "cluster"}})
            {
                if (!transport[0].startsWith(only))
                {
                    continue;
                }
                // warm-up on a fifth of the rows, then measure; the raw run first so both see a warm JVM
                raw(media.aeron(), transport[1], rows / 5);
                final double rawRate = raw(media.aeron(), transport[1], rows);
                final String name = transport[0].replaceAll("[^A-Za-z]", "");
                muon(media.aeron(), data.resolve("warm-" + name), transport, rows / 5);
                final double muonRate = muon(media.aeron(), data.resolve("run-" + name), transport, rows);
                table.append(String.format("| %s | %.0f | %.1f | %.0f | %.1f | %.2f |%n", transport[0], muonRate,
                    muonRate * ROW_BYTES / 1e6, rawRate, rawRate * ROW_BYTES / 1e6, muonRate / rawRate));
            }
        }
        finally
        {
            try (Stream<Path> files = Files.walk(data))
            {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("Aeron ingest, " + rows + " rows of " + ROW_BYTES + " bytes, batches of " + BATCH_ROWS +
            " rows, " + Runtime.getRuntime().availableProcessors() + " cores, Java " +
            System.getProperty("java.version"));
        System.out.println();
        System.out.print(table);
    }

    /** Rows per second through the ingest endpoint into a fresh stream, until the last batch is committed. */
    private static double muon(final Aeron aeron, final Path data, final String[] transport, final long rows)
        throws IOException
    {
        Files.createDirectories(data);
        final Catalog catalog = Catalog.open(data.resolve("catalog"), FilesFacade.DEFAULT);
        final StreamStore store = new StreamStore(data, FilesFacade.DEFAULT);
        final List<String> names = List.of("id", "a", "b", "c", "d", "e", "f");
        final List<ColumnEntry> columns = new java.util.ArrayList<>();
        for (final String name : names)
        {
            columns.add(ColumnEntry.of(name, name.equals("b") || name.equals("c") ? DataType.FLOAT64 :
                DataType.INT64));
        }
        columns.add(ColumnEntry.of("_tp_time", DataType.TP_TIME));
        // compaction deferred: no part is due before the run ends, so the compaction thread stays idle
        final java.util.Map<String, String> settings = switch (transport[3])
        {
            case "on" -> java.util.Map.of();
            case "cluster" -> java.util.Map.of("replication_factor", "3");
            default -> java.util.Map.of("compaction_max_rows", "1000000000", "compaction_max_bytes",
                "1000000000000", "compaction_max_age_ms", "100000000000");
        };
        final CatalogObject stream = CatalogObject.stream("default", "ticks", columns);
        catalog.create(new CatalogObject(stream.kind(), stream.database(), stream.name(), 0, 1, stream.columns(),
            stream.mode(), null, null, null, null, settings, null, null, null), false, false);
        // the replicated case: every batch goes through a one-member Aeron Cluster before it is answered
        final io.muon.replication.cluster.MuonClusterNode member = transport[3].equals("cluster") ?
            io.muon.replication.cluster.MuonClusterNode.start(0, List.of(new java.net.InetSocketAddress(
                java.net.InetAddress.getLoopbackAddress(), freeBasePort())), data.resolve("cluster"), catalog, store,
                (sql, database) -> { }) : null;
        if (member != null)
        {
            store.replicator(member);
            member.awaitCaughtUp();
        }
        final IngestEndpoint endpoint = new IngestEndpoint(aeron, catalog, store,
            List.of(transport[1].startsWith("aeron:udp") ? transport[1] : "aeron:ipc"), 1001);
        final AgentRunner runner = new AgentRunner(AeronMedia.idle(), Throwable::printStackTrace, null, endpoint);
        AgentRunner.startOnThread(runner);
        try (MuonPublisher publisher = MuonPublisher.connect(aeron, transport[1], 1001, transport[2], 3001,
            Duration.ofSeconds(60), 256))
        {
            final MuonPublisher.StreamSchema schema = publisher.describe("ticks");
            final String[] rejection = {null};
            publisher.listener(new MuonPublisher.Listener()
            {
                @Override
                public void onCommitted(final long correlation, final long committed, final long sequence)
                {
                }

                @Override
                public void onRejected(final long correlation, final int code, final String message)
                {
                    rejection[0] = "Code: " + code + ". " + message;
                }
            });
            final RowBatch batch = publisher.batch(schema);
            final long start = System.nanoTime();
            for (long row = 0; row < rows; row++)
            {
                batch.addRow().setLong(0, row).setLong(1, row * 3).setDouble(2, row * 0.5).setDouble(3, 1.25)
                    .setLong(4, row & 0xFFFF).setLong(5, -row).setLong(6, 42).setLong(7, 1_700_000_000_000L + row);
                if (batch.rows() == BATCH_ROWS)
                {
                    publisher.send(batch);
                }
            }
            if (batch.rows() > 0)
            {
                publisher.send(batch);
            }
            if (!publisher.awaitAnswers() || publisher.committedRows() != rows)
            {
                throw new IllegalStateException("committed " + publisher.committedRows() + " of " + rows + " rows; " +
                    (rejection[0] == null ? "answers missing" : rejection[0]));
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        }
        finally
        {
            runner.close();
            if (member != null)
            {
                member.close();
            }
            store.close();
        }
    }

    /** A base port with the five ports after it free (UDP), for a cluster member. */
    private static int freeBasePort()
    {
        for (int base = 26_000 + (int)(Math.random() * 1_000) * 10; ; base += 10)
        {
            boolean free = true;
            for (int port = base; port < base + 6 && free; port++)
            {
                try (java.net.DatagramSocket socket = new java.net.DatagramSocket(port))
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
                return base;
            }
        }
    }

    /** Rows per second of raw Aeron: messages as large as a batch, counted by a subscriber thread. */
    private static double raw(final Aeron aeron, final String channel, final long rows) throws InterruptedException
    {
        final int messageLength = BATCH_ROWS * ROW_BYTES + 256;
        final long messages = (rows + BATCH_ROWS - 1) / BATCH_ROWS;
        final AtomicLong received = new AtomicLong();
        try (Subscription subscription = aeron.addSubscription(channel, 1002);
            ExclusivePublication publication = aeron.addExclusivePublication(channel, 1002))
        {
            final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) ->
                received.lazySet(received.get() + 1));
            final Thread reader = new Thread(() ->
            {
                final var idle = AeronMedia.idle();
                while (received.get() < messages)
                {
                    idle.idle(subscription.poll(assembler, 64));
                }
            }, "raw-aeron-reader");
            reader.start();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[messageLength]);
            final var idle = AeronMedia.idle();
            final long start = System.nanoTime();
            for (long m = 0; m < messages; m++)
            {
                message.putLong(0, m);
                while (publication.offer(message, 0, messageLength) < 0)
                {
                    idle.idle();
                }
                idle.reset();
            }
            reader.join();
            return messages * (double)BATCH_ROWS / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static int freePort() throws IOException
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
