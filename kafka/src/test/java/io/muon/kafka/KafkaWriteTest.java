package io.muon.kafka;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing topics with Muon SQL (INSERT, materialized views) and reading them back with the Kafka client. */
class KafkaWriteTest extends KafkaTestBase
{
    private String create(final String name, final String columns, final String more) throws Exception
    {
        final String topic = topic(1);
        run("CREATE EXTERNAL STREAM " + name + " (" + columns + ") SETTINGS type='kafka', brokers='" +
            broker.brokers() + "', topic='" + topic + "'" + more);
        return topic;
    }

    private static List<String> values(final List<ConsumerRecord<byte[], byte[]>> records)
    {
        final List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(text(r.value())));
        return values;
    }

    @Test
    void insertWritesAMessagePerRowInEveryFormat() throws Exception
    {
        final String raw = create("raw_out", "raw string", "");
        run("INSERT INTO raw_out VALUES ('first'), ('second line')");
        assertEquals(List.of("first", "second line"), values(consume(raw, 2)));

        final String json = create("json_out", "id int32, name string, at datetime64(3, 'UTC')",
            ", data_format='JSONEachRow', one_message_per_row=true");
        run("INSERT INTO json_out VALUES (1, 'a', '2024-01-02 03:04:05.678'), (2, 'b\"q', '2024-01-02 03:04:06')");
        assertEquals(List.of("{\"id\":1,\"name\":\"a\",\"at\":\"2024-01-02 03:04:05.678\"}",
            "{\"id\":2,\"name\":\"b\\\"q\",\"at\":\"2024-01-02 03:04:06.000\"}"), values(consume(json, 2)));

        final String csv = create("csv_out", "n uint8, s string", ", data_format='CSV', one_message_per_row=true");
        run("INSERT INTO csv_out VALUES (1, 'x, y'), (2, 'plain')");
        assertEquals(List.of("1,\"x, y\"", "2,\"plain\""), values(consume(csv, 2)));

        final String tsv = create("tsv_out", "n uint8, s string", ", data_format='TSV', one_message_per_row=true");
        run("INSERT INTO tsv_out VALUES (1, 'a\tb')");
        assertEquals(List.of("1\ta\\tb"), values(consume(tsv, 1)));

        // what Muon writes, Muon reads back the same
        assertEquals("1\ta\t2024-01-02 03:04:05.678\n2\tb\"q\t2024-01-02 03:04:06.000\n",
            run("SELECT * FROM table(json_out) ORDER BY id"));
        assertEquals("1\tx, y\n2\tplain\n", run("SELECT * FROM table(csv_out) ORDER BY n"));
        assertEquals("1\ta\\tb\n", run("SELECT * FROM table(tsv_out)"));
    }

    @Test
    void rowsShareMessagesUnlessOneMessagePerRow() throws Exception
    {
        final String topic = create("batched", "id int32", ", data_format='JSONEachRow', kafka_max_message_size=20");
        run("INSERT INTO batched SELECT number FROM numbers(5)");
        // at most 20 bytes a message: two rows of 8 bytes and a line break fit, a third does not
        assertEquals(List.of("{\"id\":0}\n{\"id\":1}", "{\"id\":2}\n{\"id\":3}", "{\"id\":4}"),
            values(consume(topic, 3)));
        assertEquals("0\n1\n2\n3\n4\n", run("SELECT id FROM table(batched) ORDER BY id"));
    }

    @Test
    void keyAndHeadersComeFromTheirColumns() throws Exception
    {
        final String topic = create("keyed", "id int32, name string, _tp_message_key nullable(string), " +
            "_tp_message_headers map(string, string)", ", data_format='JSONEachRow'");
        run("INSERT INTO keyed (id, name, _tp_message_key, _tp_message_headers) VALUES " +
            "(1, 'John', 'some-key', map('trace', 't1', 'app', 'muon')), (2, 'Jane', NULL, map())");
        final List<ConsumerRecord<byte[], byte[]>> records = consume(topic, 2);
        assertEquals(List.of("{\"id\":1,\"name\":\"John\"}", "{\"id\":2,\"name\":\"Jane\"}"), values(records));
        assertEquals("some-key", text(records.get(0).key()));
        assertNull(records.get(1).key());
        assertEquals("t1", text(records.get(0).headers().lastHeader("trace").value()));
        assertEquals("muon", text(records.get(0).headers().lastHeader("app").value()));
        assertEquals(0, records.get(1).headers().toArray().length);
        assertEquals("1\tJohn\tsome-key\t{'trace':'t1','app':'muon'}\n2\tJane\t\t{}\n",
            run("SELECT id, name, _tp_message_key, _tp_message_headers FROM table(keyed) ORDER BY id"));
    }

    @Test
    void aBrokerThatIsAwayFailsTheInsertAndReadsGoOnWhenItIsBack() throws Exception
    {
        final String topic = create("bouncing", "raw string", "");
        run("INSERT INTO bouncing VALUES ('before')");
        try (Tail tail = new Tail("SELECT raw FROM bouncing SETTINGS seek_to='earliest'"))
        {
            assertEquals(List.of("before"), tail.await(1));
            broker.kill();
            final io.muon.kernel.MuonException error = org.junit.jupiter.api.Assertions.assertThrows(
                io.muon.kernel.MuonException.class, () -> run("INSERT INTO bouncing VALUES ('lost')"));
            assertEquals(ErrorCodes.NETWORK_ERROR, error.code(), error.getMessage());
            broker.startProcess();
            run("INSERT INTO bouncing VALUES ('after')");
            assertEquals(List.of("before", "after"), tail.await(2));
            assertNull(tail.failure.get());
        }
        // the failed INSERT wrote nothing the topic kept past its error
        assertEquals(List.of("before", "after"), values(consume(topic, 2)));
    }

    @Test
    void aMaterializedViewWritesToATopicAndResumesFromItsCheckpointWithoutGaps() throws Exception
    {
        run("CREATE STREAM source (id int64)");
        final String topic = create("sink", "id int64, doubled int64", ", data_format='JSONEachRow', " +
            "one_message_per_row=true");
        run("CREATE MATERIALIZED VIEW to_kafka INTO sink AS SELECT id, id * 2 AS doubled FROM source " +
            "SETTINGS checkpoint_interval=1");
        waitFor(() -> engine.runningStreamingQueries() == 1, "the view to run");
        run("INSERT INTO source SELECT number FROM numbers(100)");
        waitFor(() -> consume(topic, 100).size() >= 100, "100 messages");
        // the server goes down and comes back; rows inserted meanwhile reach the topic after the restart
        engine.close();
        store.close();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        final StreamStore reopened = store;
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), reopened);
        run("INSERT INTO source SELECT number + 100 FROM numbers(100)");
        waitFor(() -> engine.runningStreamingQueries() == 1, "the view to run again");
        final Set<Long> ids = new TreeSet<>();
        waitFor(() ->
        {
            ids.clear();
            consume(topic, 200).forEach(r -> ids.add(Long.parseLong(text(r.value()).replaceAll(
                "\\{\"id\":\"?(\\d+)\"?,.*", "$1"))));
            return ids.size() == 200;
        }, "every id in the topic");
        assertEquals(0L, ids.iterator().next());
        assertTrue(ids.contains(199L));
        assertEquals("200\t39800\n", run("SELECT count(DISTINCT id), sum(DISTINCT doubled) FROM table(sink)"));
        run("DROP VIEW to_kafka");
    }
}
