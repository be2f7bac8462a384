package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The streaming functions that keep state across batches: lag, lags, dedup and changelog. */
class StreamingFunctionsTest extends StreamingTestBase
{
    @Test
    void lagAndLagsLookBackAcrossBatches() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT v, lag(v), lag(k, 2, 'none'), lags(v, 1, 3) FROM s"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 10)");
            assertEquals(List.of("10\t0\tnone\t[0,0,0]"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('b', 20), ('c', 30)");
            run("INSERT INTO s (k, v) VALUES ('d', 40)");
            assertEquals(List.of("10\t0\tnone\t[0,0,0]", "20\t10\tnone\t[10,0,0]", "30\t20\ta\t[20,10,0]",
                "40\t30\tb\t[30,20,10]"), tail.await(4));
        }
        fails("SELECT lag(v) FROM table(s)", 446, "only available in streaming queries");
        startFails("SELECT lag(v, 0) FROM s", 36, "offsets of lag");
        startFails("SELECT window_start, count() AS c, lag(c) FROM tumble(s, 5s) GROUP BY window_start " +
            "ORDER BY window_start", 48, "look back across emits");
    }

    @Test
    void aLongLagKeepsExactlyTheRowsItNeeds() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT v, lag(v, 5000, -1) FROM s"))
        {
            for (int round = 0; round < 4; round++)
            {
                run("INSERT INTO s (k, v) SELECT 'x', number + " + round * 6000 + " FROM numbers(6000)");
            }
            final List<String> lines = tail.await(24_000);
            assertEquals(24_000, lines.size());
            assertEquals("4999\t-1", lines.get(4999));
            assertEquals("5000\t0", lines.get(5000));
            assertEquals("17999\t12999", lines.get(17_999));
            assertEquals("23999\t18999", lines.get(23_999));
        }
    }

    @Test
    void dedupKeepsTheFirstRowOfEachKeyUntilTheKeyTimesOutOrIsEvicted() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, v FROM dedup(s, k)"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('a', 3)");
            run("INSERT INTO s (k, v) VALUES ('a', 4), ('c', 5)");
            assertEquals(List.of("a\t1", "b\t2", "c\t5"), tail.await(3));
        }
        try (Tail tail = new Tail("SELECT k, v FROM dedup(s, k, 1h, 2)"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('a', 3), ('c', 4), ('a', 5), ('c', 6)");
            // the limit of two keys forgets a when c comes
            assertEquals(List.of("a\t1", "b\t2", "c\t4", "a\t5"), tail.await(4));
        }
        try (Tail tail = new Tail("SELECT k, v FROM dedup(s, k, 200ms)"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("a\t1"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('a', 2)");
            final double seen = elapsed();
            waitFor(() -> elapsed() > seen + 0.4, "the key to time out");
            run("INSERT INTO s (k, v) VALUES ('a', 3)");
            assertEquals(List.of("a\t1", "a\t3"), tail.await(2));
        }
        assertEquals("a\t1\nb\t2\nc\t5\n", run("SELECT k, min(v) FROM dedup(table(s), k) GROUP BY k ORDER BY k"));
    }

    private double elapsed()
    {
        return Double.parseDouble(run("SELECT elapsed FROM system.processes WHERE is_streaming").trim());
    }

    @Test
    void changelogRetractsEachKeysPreviousRow() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, v, _tp_delta FROM changelog(s, k)"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("a\t1\t1"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('a', 2), ('b', 5), ('a', 3)");
            assertEquals(List.of("a\t1\t1", "a\t1\t-1", "a\t2\t1", "b\t5\t1", "a\t2\t-1", "a\t3\t1"), tail.await(6));
        }
        try (Tail tail = new Tail("SELECT k, v, _tp_delta FROM changelog(s, k, v, true)"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 5), ('a', 3)");
            run("INSERT INTO s (k, v) VALUES ('a', 7)");
            assertEquals(List.of("a\t5\t1", "a\t5\t-1", "a\t7\t1"), tail.await(3));
        }
    }
}
