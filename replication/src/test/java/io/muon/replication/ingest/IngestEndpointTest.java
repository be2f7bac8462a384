package io.muon.replication.ingest;

import io.aeron.ExclusivePublication;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.catalog.ColumnEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.log.LogTailer;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import io.muon.kernel.testing.LeakCheck;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.Batch;
import io.muon.replication.AeronMedia;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest endpoint with an embedded media driver, a real catalog and stream store: publishers over IPC and UDP,
 * rows read back from the log, and every way a request can be refused or a message dropped.
 */
@ExtendWith(LeakCheck.class)
class IngestEndpointTest
{
    private static final String UDP = "aeron:udp?endpoint=127.0.0.1:";
    private static AeronMedia media;
    private static int port;

    @TempDir
    Path data;
    private Catalog catalog;
    private StreamStore store;
    private IngestEndpoint endpoint;
    private AgentRunner runner;
    private CatalogObject events;

    @BeforeAll
    static void startMedia() throws Exception
    {
        // outside the temporary directory LeakCheck watches: the driver keeps its files for the whole class
        final Path shm = Path.of("/dev/shm");
        media = AeronMedia.embedded((Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")))
            .resolve("muon-ingest-test-" + ProcessHandle.current().pid()).toString());
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0))
        {
            port = socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopMedia()
    {
        media.close();
    }

    @BeforeEach
    void start()
    {
        catalog = Catalog.open(data.resolve("catalog"), FilesFacade.DEFAULT);
        store = new StreamStore(data, FilesFacade.DEFAULT);
        events = catalog.create(CatalogObject.stream("default", "events", List.of(
            ColumnEntry.of("id", DataType.INT64),
            ColumnEntry.of("name", DataType.STRING),
            ColumnEntry.of("price", TypeParser.parse("Nullable(Float64)")),
            ColumnEntry.of("tags", TypeParser.parse("Array(String)")),
            ColumnEntry.of("small", DataType.UINT16),
            ColumnEntry.of("_tp_time", DataType.TP_TIME))), false, false);
        endpoint = new IngestEndpoint(media.aeron(), catalog, store, List.of(UDP + port, "aeron:ipc"), 1001);
        runner = new AgentRunner(AeronMedia.idle(), Throwable::printStackTrace, null, endpoint);
        AgentRunner.startOnThread(runner);
    }

    @AfterEach
    void stop()
    {
        runner.close();
        store.close();
    }

    private MuonPublisher publisher(final String channel, final String responseChannel, final int responseStreamId)
    {
        return MuonPublisher.connect(media.aeron(), channel, 1001, responseChannel, responseStreamId,
            Duration.ofSeconds(20), 64);
    }

    @Test
    void rowsSentOverIpcAndUdpAreCommittedAndReadBackAsSent()
    {
        final List<Long> committed = new CopyOnWriteArrayList<>();
        try (MuonPublisher ipc = publisher("aeron:ipc", "aeron:ipc", 2001);
            MuonPublisher udp = publisher(UDP + port, UDP + "0", 2002))
        {
            for (final MuonPublisher publisher : List.of(ipc, udp))
            {
                publisher.listener(new MuonPublisher.Listener()
                {
                    @Override
                    public void onCommitted(final long correlation, final long rows, final long sequence)
                    {
                        committed.add(rows);
                    }

                    @Override
                    public void onRejected(final long correlation, final int code, final String message)
                    {
                        throw new AssertionError(message);
                    }
                });
                final MuonPublisher.StreamSchema schema = publisher.describe("events");
                assertEquals(List.of("id", "name", "price", "tags", "small", "_tp_time"), schema.names());
                assertEquals(1, schema.version());
                final RowBatch batch = publisher.batch(schema);
                final int base = publisher == ipc ? 0 : 1_000_000;
                for (int b = 0; b < 20; b++)
                {
                    for (int r = 0; r < 500; r++)
                    {
                        final int id = base + b * 500 + r;
                        batch.addRow().setLong(0, id).setString(1, r % 7 == 0 ? "naïve-" + id : "n" + id);
                        if (r % 3 == 0)
                        {
                            batch.setNull(2);
                        }
                        else
                        {
                            batch.setDouble(2, id / 4.0);
                        }
                        if (r % 2 == 0)
                        {
                            batch.setValue(3, List.of("a" + r, "b"));
                        }
                        batch.setLong(4, 65_535);
                        batch.setLong(schema.column("_tp_time"), 1_700_000_000_000L + id);
                    }
                    assertTrue(publisher.send(batch) > 0);
                }
                assertTrue(publisher.awaitAnswers());
                assertEquals(10_000, publisher.committedRows());
                assertEquals(20, publisher.committedBatches());
            }
        }
        assertEquals(40, committed.size());
        assertEquals(20_000, endpoint.rowsCommitted());

        final List<Object[]> rows = readBack();
        assertEquals(20_000, rows.size());
        final Object[] first = rows.stream().filter(r -> (long)r[0] == 7).findFirst().orElseThrow();
        assertEquals("naïve-7", first[1]);
        assertEquals(7 / 4.0, first[2]);
        assertEquals("[]", first[3]);
        assertEquals(65_535L, first[4]);
        assertEquals(1_700_000_000_007L, first[5]);
        final Object[] udpRow = rows.stream().filter(r -> (long)r[0] == 1_000_003).findFirst().orElseThrow();
        assertEquals(null, udpRow[2]);
        assertEquals("[]", udpRow[3]);
        final Object[] even = rows.stream().filter(r -> (long)r[0] == 1_000_004).findFirst().orElseThrow();
        assertEquals("['a4','b']", even[3]);
    }

    @Test
    void columnsLeftUnsetHoldTheirDefaultsAndTheTimeOfSending()
    {
        final long before = System.currentTimeMillis();
        try (MuonPublisher publisher = publisher("aeron:ipc", "aeron:ipc", 2003))
        {
            final RowBatch batch = publisher.batch(publisher.describe("default.events"));
            batch.addRow().setLong(0, 1);
            batch.addRow().setString(1, "only a name");
            publisher.send(batch);
            assertTrue(publisher.awaitAnswers());
            assertEquals(2, publisher.committedRows());
        }
        final List<Object[]> rows = readBack();
        assertEquals("1||null|[]|0", text(rows.get(0)));
        assertEquals("0|only a name|null|[]|0", text(rows.get(1)));
        assertTrue((long)rows.get(0)[5] >= before && (long)rows.get(0)[5] <= System.currentTimeMillis());
    }

    @Test
    void unknownStreamsAndSchemaMismatchesAreReportedToThePublisher()
    {
        final List<String> rejected = new CopyOnWriteArrayList<>();
        try (MuonPublisher publisher = publisher("aeron:ipc", "aeron:ipc", 2004))
        {
            final MuonException unknown = assertThrows(MuonException.class, () -> publisher.describe("nope"));
            assertEquals(ErrorCodes.UNKNOWN_TABLE, unknown.code());
            assertEquals("Stream default.nope does not exist", unknown.getMessage());

            final MuonPublisher.StreamSchema schema = publisher.describe("events");
            catalog.alter(events);
            publisher.listener(new MuonPublisher.Listener()
            {
                @Override
                public void onCommitted(final long correlation, final long rows, final long sequence)
                {
                    rejected.add("committed " + rows);
                }

                @Override
                public void onRejected(final long correlation, final int code, final String message)
                {
                    rejected.add(code + " " + message);
                }
            });
            final RowBatch batch = publisher.batch(schema);
            batch.addRow().setLong(0, 1);
            publisher.send(batch);
            assertTrue(publisher.awaitAnswers());
            assertEquals(List.of("53 Rows for stream default.events were encoded for schema version 1; its schema " +
                "version is 2 (DESCRIBE it again)"), rejected);
            assertEquals(1, publisher.rejectedBatches());

            final RowBatch again = publisher.batch(publisher.describe("events"));
            again.addRow().setLong(0, 2);
            publisher.send(again);
            assertTrue(publisher.awaitAnswers());
            assertEquals(1, publisher.committedRows());
        }
        assertEquals(1, readBack().size());
    }

    @Test
    void malformedMessagesAreCountedAndNothingOfThemIsAppended()
    {
        final List<String> rejected = new CopyOnWriteArrayList<>();
        try (MuonPublisher publisher = publisher("aeron:ipc", "aeron:ipc", 2005);
            ExclusivePublication raw = media.aeron().addExclusivePublication("aeron:ipc", 1001))
        {
            publisher.listener(new MuonPublisher.Listener()
            {
                @Override
                public void onCommitted(final long correlation, final long rows, final long sequence)
                {
                    rejected.add("committed");
                }

                @Override
                public void onRejected(final long correlation, final int code, final String message)
                {
                    rejected.add(code + " " + message);
                }
            });
            final MuonPublisher.StreamSchema schema = publisher.describe("events");
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
            // too short; another version; a type nobody knows; ROWS from a publisher that never said HELLO
            offer(raw, buffer, 5);
            IngestDescriptor.header(buffer, 0, IngestDescriptor.TYPE_ROWS, 42, 1);
            buffer.putByte(0, (byte)9);
            offer(raw, buffer, 64);
            IngestDescriptor.header(buffer, 0, (byte)17, 42, 1);
            offer(raw, buffer, 64);
            IngestDescriptor.header(buffer, 0, IngestDescriptor.TYPE_ROWS, 42, 1);
            offer(raw, buffer, 64);

            // rows whose string offsets go back, sent by a publisher the endpoint knows: refused with the reason
            final RowBatch batch = publisher.batch(schema);
            batch.addRow().setLong(0, 1).setString(1, "abc");
            batch.addRow().setLong(0, 2).setString(1, "def");
            final UnsafeBuffer body = new UnsafeBuffer(new byte[batch.encoded().capacity()]);
            body.putBytes(0, batch.encoded(), 0, body.capacity());
            body.putInt(io.muon.kernel.log.ColumnBatchDescriptor.offsetsOffset(body, 0, 1) + 4, 100);
            final long publisherId = publisher.publisherId();
            IngestDescriptor.header(buffer, 0, IngestDescriptor.TYPE_ROWS, publisherId, 1_000);
            buffer.putInt(IngestDescriptor.ROWS_SCHEMA_VERSION_OFFSET, 1);
            buffer.putInt(IngestDescriptor.ROWS_COUNT_OFFSET, 2);
            final int nameEnd = IngestDescriptor.putString(buffer, IngestDescriptor.ROWS_STREAM_OFFSET, "events");
            final int start = IngestDescriptor.rowsBodyOffset(nameEnd - IngestDescriptor.ROWS_STREAM_OFFSET - 4);
            buffer.putBytes(start, body, 0, body.capacity());
            offer(raw, buffer, start + body.capacity());
            // the same rows with a row count the body does not have
            buffer.putBytes(start, batch.encoded(), 0, body.capacity());
            buffer.putInt(IngestDescriptor.ROWS_COUNT_OFFSET, 3);
            offer(raw, buffer, start + body.capacity());

            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (rejected.size() < 2 && System.nanoTime() < deadline)
            {
                publisher.poll();
                Thread.onSpinWait();
            }
            assertEquals(2, rejected.size(), rejected.toString());
            assertTrue(rejected.get(0).startsWith("117 Rows for stream default.events do not fit its columns: " +
                "column 1 (String)"), rejected.get(0));
            assertTrue(rejected.get(1).startsWith("117 Rows for stream default.events do not fit its columns: " +
                "column 0: "), rejected.get(1));
            // the four above, then the two refused: raw's messages are taken in order
            assertEquals(6, endpoint.malformedMessages());

            // the publisher goes on as if nothing happened
            publisher.send(batch);
            assertTrue(publisher.awaitAnswers());
            assertEquals(2, publisher.committedRows());
        }
        assertEquals(2, readBack().size());
        assertEquals(2, endpoint.rowsAppended());
    }

    @Test
    void batchesForAReplicatedStreamAreAnsweredInOrderOnceTheClusterAppliedThem() throws Exception
    {
        final CatalogObject plain = CatalogObject.stream("default", "replicated", events.columns());
        final CatalogObject replicated = catalog.create(new CatalogObject(plain.kind(), plain.database(), plain.name(),
            0, 1, plain.columns(), plain.mode(), null, null, null, null, java.util.Map.of("replication_factor", "3"),
            null, null, null), false, false);
        final List<java.util.concurrent.CompletableFuture<Long>> sent = new CopyOnWriteArrayList<>();
        store.replicator(new io.muon.kernel.stream.AppendReplicator()
        {
            @Override
            public boolean replicates(final CatalogObject stream)
            {
                return stream.settings().containsKey("replication_factor");
            }

            @Override
            public int maxBodyBytes()
            {
                return 1 << 20;
            }

            @Override
            public long append(final CatalogObject stream, final org.agrona.DirectBuffer body, final int offset,
                final int length, final int rows, final long minEventTime, final long maxEventTime)
            {
                throw new AssertionError("the endpoint keeps batches in flight");
            }

            @Override
            public java.util.concurrent.CompletableFuture<Long> appendAsync(final CatalogObject stream,
                final org.agrona.DirectBuffer body, final int offset, final int length, final int rows,
                final long minEventTime, final long maxEventTime)
            {
                assertEquals(replicated.id(), stream.id());
                final java.util.concurrent.CompletableFuture<Long> applied = new java.util.concurrent.CompletableFuture<>();
                sent.add(applied);
                return applied;
            }
        });
        final List<String> answers = new CopyOnWriteArrayList<>();
        try (MuonPublisher publisher = publisher("aeron:ipc", "aeron:ipc", 2006))
        {
            publisher.listener(new MuonPublisher.Listener()
            {
                @Override
                public void onCommitted(final long correlation, final long rows, final long sequence)
                {
                    answers.add("committed " + rows + " up to " + sequence);
                }

                @Override
                public void onRejected(final long correlation, final int code, final String message)
                {
                    answers.add(code + " " + message);
                }
            });
            final MuonPublisher.StreamSchema schema = publisher.describe("replicated");
            final RowBatch batch = publisher.batch(schema);
            for (int b = 0; b < 3; b++)
            {
                for (int r = 0; r <= b; r++)
                {
                    batch.addRow().setLong(0, r);
                }
                publisher.send(batch);
            }
            awaitTrue(() -> sent.size() == 3, "three batches sent to the cluster");
            sent.get(1).complete(3L);
            // a barrier: once another publisher's DESCRIBE is answered, the endpoint has looked at every session's
            // answers since the second batch was applied, and had nothing to send this one (the first is not)
            try (MuonPublisher other = publisher("aeron:ipc", "aeron:ipc", 2007))
            {
                other.describe("replicated");
            }
            publisher.poll();
            assertEquals(List.of(), answers, "the first batch is not applied yet");
            sent.get(0).complete(1L);
            sent.get(2).completeExceptionally(new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "no majority"));
            awaitTrue(() ->
            {
                publisher.poll();
                return answers.size() == 3;
            }, "three answers");
            assertEquals(List.of("committed 1 up to 1", "committed 2 up to 3", "159 no majority"), answers);
        }
        assertEquals(3, endpoint.rowsCommitted());
        assertEquals(1, endpoint.refusedRequests());
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private static void offer(final ExclusivePublication publication, final UnsafeBuffer buffer, final int length)
    {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (publication.offer(buffer, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the endpoint never took the message");
            Thread.onSpinWait();
        }
    }

    /** Every row of the events stream's log, as Java values (arrays as ClickHouse text). */
    private List<Object[]> readBack()
    {
        final List<DataType> types = StreamStore.types(events);
        final RecordColumns columns = new RecordColumns(types);
        final Batch batch = Batch.of(types, 1024);
        final AtomicInteger records = new AtomicInteger();
        try (LogTailer tailer = store.log(events).newTailer())
        {
            tailer.seekToStart();
            while (tailer.poll(record ->
            {
                columns.read(record.bodyBuffer(), record.bodyOffset(), record.rowCount(), batch);
                records.incrementAndGet();
            }, 16) > 0)
            {
                // reading on
            }
        }
        final List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < batch.rows(); r++)
        {
            final Object[] row = new Object[types.size()];
            for (int c = 0; c < types.size(); c++)
            {
                row[c] = batch.column(c).isNull(r) ? null : value(batch.column(c), r);
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(final io.muon.kernel.vector.Vector vector, final int row)
    {
        if (vector instanceof io.muon.kernel.vector.LongVector longs)
        {
            return longs.get(row);
        }
        if (vector instanceof io.muon.kernel.vector.DoubleVector doubles)
        {
            return doubles.get(row);
        }
        if (vector instanceof io.muon.kernel.vector.BytesVector bytes)
        {
            return bytes.getString(row);
        }
        final io.muon.kernel.vector.ArrayVector array = (io.muon.kernel.vector.ArrayVector)vector;
        final StringBuilder text = new StringBuilder("[");
        for (int i = array.start(row); i < array.start(row + 1); i++)
        {
            text.append(i > array.start(row) ? "," : "").append('\'')
                .append(((io.muon.kernel.vector.BytesVector)array.elements()).getString(i)).append('\'');
        }
        return text.append(']').toString();
    }

    private static String text(final Object[] row)
    {
        final StringBuilder out = new StringBuilder();
        for (int c = 0; c < 5; c++)
        {
            out.append(c > 0 ? "|" : "").append(row[c]);
        }
        return out.toString();
    }
}
