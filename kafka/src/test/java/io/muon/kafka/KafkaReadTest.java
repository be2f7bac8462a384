package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading topics produced with the Kafka client through Muon SQL. */
class KafkaReadTest extends KafkaTestBase
{
    private void create(final String name, final String columns, final String topic, final String more)
    {
        run("CREATE EXTERNAL STREAM " + name + " (" + columns + ") SETTINGS type='kafka', brokers='" +
            broker.brokers() + "', topic='" + topic + "'" + more);
    }

    @Test
    void tableReadsTheTopicUpToItsEndWithMessageFields() throws Exception
    {
        final String topic = topic(2);
        produce(topic, 0, "k1", "{\"id\":1,\"name\":\"a\",\"extra\":true}", "{\"id\":2,\"name\":\"b\"}");
        produce(topic, 1, null, "{\"id\":3,\"name\":\"c\"}");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties()))
        {
            final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 1, 1_700_000_000_123L,
                "k4".getBytes(StandardCharsets.UTF_8), "{\"id\":4,\"name\":\"d\"}".getBytes(StandardCharsets.UTF_8));
            record.headers().add(new RecordHeader("trace", "t-4".getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
        create("events", "id int32, name string", topic, ", data_format='JSONEachRow'");
        assertEquals("1\ta\n2\tb\n3\tc\n4\td\n", run("SELECT * FROM table(events) ORDER BY id"));
        assertEquals("1\t0\t0\tk1\n2\t0\t1\tk1\n3\t1\t0\t\n4\t1\t1\tk4\n",
            run("SELECT id, _tp_shard, _tp_sn, _tp_message_key FROM table(events) ORDER BY id"));
        assertEquals("4\t2023-11-14 22:13:20.123\tt-4\n", run("SELECT id, _tp_time, _tp_message_headers['trace'] " +
            "FROM table(events) WHERE id = 4"));
        assertEquals("4\n", run("SELECT count() FROM table(events)"));
        assertEquals("2\n", run("SELECT count() FROM table(events) SETTINGS shards='1'"));
    }

    @Test
    void rawBlobIsTheDefaultFormat() throws Exception
    {
        final String topic = topic(1);
        produce(topic, 0, null, "line one", "{\"k\": \"parsed\"}", "");
        create("raw", "raw string", topic, "");
        assertEquals("line one\n{\"k\": \"parsed\"}\n\n", run("SELECT raw FROM table(raw) ORDER BY _tp_sn"));
        assertEquals("parsed\n", run("SELECT raw:k FROM table(raw) WHERE _tp_sn = 1"));
    }

    @Test
    void csvAndTsvMessagesHoldOneOrMoreRows() throws Exception
    {
        final String csv = topic(1);
        produce(csv, 0, null, "1,\"x, y\"", "2,b\n3,c");
        create("csv_in", "n uint8, s string", csv, ", data_format='CSV'");
        assertEquals("1\tx, y\t0\n2\tb\t1\n3\tc\t1\n", run("SELECT n, s, _tp_sn FROM table(csv_in) ORDER BY n"));
        final String tsv = topic(1);
        produce(tsv, 0, null, "1\tx\\ty", "2\tb");
        create("tsv_in", "n uint8, s string", tsv, ", data_format='TSV'");
        assertEquals("1\tx\\ty\n2\tb\n", run("SELECT n, s FROM table(tsv_in) ORDER BY n"));
    }

    @Test
    void streamingQueriesSeekAndTail() throws Exception
    {
        final String topic = topic(2);
        produce(topic, 0, null, "{\"v\":1}", "{\"v\":2}", "{\"v\":3}");
        produce(topic, 1, null, "{\"v\":10}");
        create("s", "v int64", topic, ", data_format='JSONEachRow'");
        try (Tail earliest = new Tail("SELECT v FROM s SETTINGS seek_to='earliest'");
             Tail offsets = new Tail("SELECT v FROM s SETTINGS seek_to='2,0'");
             Tail latest = new Tail("SELECT v, _tp_shard FROM s"))
        {
            assertEquals(List.of("1", "10", "2", "3"), earliest.await(4).stream().sorted().toList());
            assertEquals(List.of("10", "3"), offsets.await(2).stream().sorted().toList());
            // the latest tail starts after what is there: only what comes now reaches it
            waitFor(() -> latestPositioned(), "the tail to start");
            produce(topic, 1, null, "{\"v\":11}");
            assertEquals(List.of("11\t1"), latest.await(1));
            assertEquals(List.of("1", "10", "11", "2", "3"), earliest.await(5).stream().sorted().toList());
        }
        try (Tail limited = new Tail("SELECT v FROM s LIMIT 2 SETTINGS seek_to='earliest', shards='0'"))
        {
            assertEquals(List.of("1", "2"), limited.await(2));
            waitFor(() -> limited.ended, "LIMIT to end the query");
        }
    }

    /** A tail from 'latest' has found its start once a checkpoint-free query sees the topic's end: a short wait. */
    private boolean latestPositioned()
    {
        return run("SELECT count() FROM system.processes WHERE is_streaming").trim().equals("3");
    }

    @Test
    void windowsRunOverTheMessageTime() throws Exception
    {
        final String topic = topic(1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties()))
        {
            final long base = 1_700_000_000_000L;
            for (final long offset : new long[] {0, 1_000, 2_000, 5_500, 6_000, 11_000})
            {
                producer.send(new ProducerRecord<>(topic, 0, base + offset, null,
                    ("{\"v\":" + offset + "}").getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        create("timed", "v int64", topic, ", data_format='JSONEachRow'");
        try (Tail windows = new Tail("SELECT window_start, count(), sum(v) FROM tumble(timed, 5s) " +
            "GROUP BY window_start SETTINGS seek_to='earliest'"))
        {
            assertEquals(List.of("2023-11-14 22:13:20.000\t3\t3000", "2023-11-14 22:13:25.000\t2\t11500"),
                windows.await(2));
        }
    }

    @Test
    void aJoinEnrichesMessagesWithATable() throws Exception
    {
        final String topic = topic(1);
        create("clicks", "user_id int32, page string", topic, ", data_format='JSONEachRow'");
        run("CREATE STREAM users (id int32, name string)");
        run("INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob')");
        try (Tail joined = new Tail("SELECT c.page, u.name FROM clicks AS c JOIN table(users) AS u " +
            "ON c.user_id = u.id SETTINGS seek_to='earliest'"))
        {
            produce(topic, 0, null, "{\"user_id\":2,\"page\":\"/home\"}", "{\"user_id\":3,\"page\":\"/x\"}",
                "{\"user_id\":1,\"page\":\"/buy\"}");
            assertEquals(List.of("/home\tbob", "/buy\tann"), joined.await(2));
        }
    }

    @Test
    void aMaterializedViewReadingATopicResumesFromItsOffsetsAfterARestart() throws Exception
    {
        final String topic = topic(2);
        create("orders", "id int64, amount float64", topic, ", data_format='JSONEachRow'");
        run("CREATE STREAM order_copies (id int64, amount float64, part int32)");
        run("CREATE MATERIALIZED VIEW copy_orders INTO order_copies AS SELECT id, amount, _tp_shard AS part " +
            "FROM orders SETTINGS checkpoint_interval=1, seek_to='earliest'");
        for (int i = 0; i < 50; i++)
        {
            produce(topic, i % 2, null, "{\"id\":" + i + ",\"amount\":" + i + ".5}");
        }
        waitFor(() -> run("SELECT count() FROM table(order_copies)").equals("50\n"), "50 copied rows");
        // a checkpoint after the 50: the view restarts from the offsets it holds
        final long copied = System.currentTimeMillis();
        waitFor(() -> newestCheckpoint() > copied, "a checkpoint after the copies");
        engine.close();
        store.close();
        for (int i = 50; i < 80; i++)
        {
            produce(topic, i % 2, null, "{\"id\":" + i + ",\"amount\":" + i + ".5}");
        }
        store = new io.muon.kernel.stream.StreamStore(dir, io.muon.kernel.io.FilesFacade.DEFAULT);
        engine = new io.muon.sql.engine.SqlEngine(io.muon.kernel.catalog.Catalog.open(dir.resolve("catalog"),
            io.muon.kernel.io.FilesFacade.DEFAULT), store);
        waitFor(() -> run("SELECT count() FROM table(order_copies)").equals("80\n"), "80 copied rows");
        // every message exactly once, none read twice after the restart
        assertEquals("80\t80\t0\t79\n", run("SELECT count(), count(DISTINCT id), min(id), max(id) " +
            "FROM table(order_copies)"));
        assertEquals("0\t40\n1\t40\n", run("SELECT part, count() FROM table(order_copies) GROUP BY part " +
            "ORDER BY part"));
        run("DROP VIEW copy_orders");
    }

    /** When the newest checkpoint file of any materialized view was written (0: none). */
    private long newestCheckpoint()
    {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir.resolve("state")))
        {
            return files.filter(f -> f.getFileName().toString().startsWith("checkpoint-"))
                .mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
        }
        catch (final java.io.IOException | java.io.UncheckedIOException e)
        {
            return 0;
        }
    }

    @Test
    void malformedMessagesAreSkippedAndCountedOrFailTheQuery() throws Exception
    {
        final String topic = topic(1);
        produce(topic, 0, null, "{\"id\":1}", "{\"id\":oops}", "{\"id\":3}", "not json at all");
        create("bad", "id int32", topic, ", data_format='JSONEachRow'");
        assertEquals("1\n3\n", run("SELECT id FROM table(bad) ORDER BY id"));
        final io.muon.kernel.MuonException error = org.junit.jupiter.api.Assertions.assertThrows(
            io.muon.kernel.MuonException.class,
            () -> run("SELECT id FROM table(bad) SETTINGS kafka_skip_broken_messages=1"));
        assertEquals(ErrorCodes.INCORRECT_DATA, error.code());
        assertTrue(error.getMessage().contains("partition 0 offset 3"), error.getMessage());
        try (Tail tail = new Tail("SELECT id FROM bad SETTINGS seek_to='earliest'"))
        {
            assertEquals(List.of("1", "3"), tail.await(2));
            waitFor(() -> run("SELECT skipped_messages FROM system.processes WHERE is_streaming").equals("2\n"),
                "the skipped messages to show in system.processes");
        }
    }

    @Test
    void describeShowCreateAndDrop() throws Exception
    {
        final String topic = topic(1);
        create("described", "id int32, _tp_message_key string", topic, ", data_format='JSONEachRow'");
        assertEquals("id\tint32\t\t\t\t\t\n_tp_message_key\tstring\t\t\t\t\t\n", run("DESCRIBE described"));
        final String shown = run("SHOW CREATE described");
        assertTrue(shown.startsWith("CREATE EXTERNAL STREAM default.described"), shown);
        // (TabSeparated escapes the quotes)
        assertTrue(shown.contains("topic = \\'" + topic + "\\', type = \\'kafka\\'"), shown);
        assertEquals("ExternalStream\n", run("SELECT engine FROM system.tables WHERE name = 'described'"));
        run("DROP STREAM described");
        fails("SELECT * FROM table(described)", ErrorCodes.UNKNOWN_TABLE, "doesn't exist");
    }

    @Test
    void badDefinitionsAreRefusedWhenCreated() throws Exception
    {
        fails("CREATE EXTERNAL STREAM x (raw string) SETTINGS type='kafka', topic='t'", ErrorCodes.BAD_ARGUMENTS,
            "setting brokers is required");
        fails("CREATE EXTERNAL STREAM x (a string, b string) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='t'", ErrorCodes.BAD_ARGUMENTS, "exactly one column");
        fails("CREATE EXTERNAL STREAM x (raw string) SETTINGS type='kafka', brokers='b:1', topic='t', " +
            "data_format='Parquet'", ErrorCodes.BAD_ARGUMENTS, "data_format='Parquet'");
        fails("CREATE EXTERNAL STREAM x (raw string) SETTINGS type='pulsar'", ErrorCodes.INVALID_SETTING_VALUE,
            "'pulsar'");
        create("missing", "raw string", "no_such_topic", "");
        fails("SELECT * FROM table(missing)", ErrorCodes.BAD_ARGUMENTS, "topic 'no_such_topic' does not exist");
        assertEquals("", run("SHOW STREAMS LIKE 'x'"));
    }
}
