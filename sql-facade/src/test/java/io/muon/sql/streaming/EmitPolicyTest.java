package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the emit policies send, row for row: ON UPDATE (only changed groups; WITH BATCH as an interval), EMIT
 * CHANGELOG (retractions before additions, {@code _tp_delta} last) and {@code emit_version()}.
 */
class EmitPolicyTest extends StreamingTestBase
{
    @Test
    void onUpdateEmitsOnlyTheGroupsABatchChanged() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, count(), max(v) FROM s GROUP BY k EMIT ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
            assertEquals(List.of("a\t1\t1", "b\t1\t2"), tail.await(2));
            run("INSERT INTO s (k, v) VALUES ('b', 7)");
            assertEquals(List.of("a\t1\t1", "b\t1\t2", "b\t2\t7"), tail.await(3));
            run("INSERT INTO s (k, v) VALUES ('c', 3), ('a', 0)");
            assertEquals(List.of("a\t1\t1", "b\t1\t2", "b\t2\t7", "a\t2\t1", "c\t1\t3"), tail.await(5));
        }
    }

    @Test
    void onUpdateSendsTheGroupsABatchReachedAmongManyAndAChangelogOnlyThoseWhoseResultChanged() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail update = new Tail("SELECT k, max(v) FROM s GROUP BY k EMIT ON UPDATE");
            Tail changes = new Tail("SELECT k, max(v) FROM s GROUP BY k EMIT CHANGELOG ON UPDATE"))
        {
            run("INSERT INTO s (k, v) SELECT concat('k', to_string(number)), number FROM numbers(1000)");
            assertEquals(1000, update.await(1000).size());
            assertEquals(1000, changes.await(1000).size());
            // k7 is reached but its max stays 7; k500's max rises
            run("INSERT INTO s (k, v) VALUES ('k7', 1), ('k500', 2000)");
            assertEquals(List.of("k7\t7", "k500\t2000"), update.await(1002).subList(1000, 1002));
            assertEquals(List.of("k500\t500\t-1", "k500\t2000\t1"), changes.await(1002).subList(1000, 1002));
            run("INSERT INTO s (k, v) VALUES ('k999', 5000)");
            assertEquals(List.of("k999\t5000"), update.await(1003).subList(1002, 1003));
            assertEquals(List.of("k999\t999\t-1", "k999\t5000\t1"), changes.await(1004).subList(1002, 1004));
        }
    }

    @Test
    void aChangelogRetractsThePreviousResultOfEveryChangedGroupFirst() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, count() AS c, sum(v) FROM s GROUP BY k EMIT CHANGELOG ON UPDATE"))
        {
            assertEquals("k\tc\tsum(v)\t_tp_delta", String.join("\t", tail.cursor.columns().stream()
                .map(c -> c.name()).toList()));
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("a\t1\t1\t1"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('a', 2), ('b', 5)");
            assertEquals(List.of("a\t1\t1\t1", "a\t1\t1\t-1", "a\t2\t3\t1", "b\t1\t5\t1"), tail.await(4));
            run("INSERT INTO s (k, v) VALUES ('c', 0)");
            assertEquals(List.of("a\t1\t1\t1", "a\t1\t1\t-1", "a\t2\t3\t1", "b\t1\t5\t1", "c\t1\t0\t1"),
                tail.await(5));
        }
    }

    @Test
    void aPeriodicChangelogOfAGlobalAggregationSendsNothingWhenNothingChanged() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count() FROM s EMIT CHANGELOG PERIODIC 50ms REPEAT"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("1\t1"), tail.await(1));
            waitFor(() -> Double.parseDouble(run("SELECT elapsed FROM system.processes WHERE is_streaming").trim()) >
                0.3, "periods without rows");
            assertEquals(1, tail.size(), "REPEAT of an unchanged result retracts and adds nothing");
            run("INSERT INTO s (k, v) VALUES ('b', 1), ('c', 1)");
            assertEquals(List.of("1\t1", "1\t-1", "3\t1"), tail.await(3));
        }
    }

    @Test
    void windowsOnUpdateAndChangelogWorkPerWindowAndStopWhenItCloses() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, k, count() FROM tumble(s, 10s) GROUP BY window_start, k " +
            "EMIT CHANGELOG ON UPDATE"))
        {
            at("01", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\ta\t1\t1"), tail.await(1));
            at("02", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\ta\t1\t1", "2024-01-01 00:00:00.000\ta\t1\t-1",
                "2024-01-01 00:00:00.000\ta\t2\t1"), tail.await(3));
            // a row of the next window closes the first: nothing more of it, and the new window starts afresh
            at("12", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\ta\t1\t1", "2024-01-01 00:00:00.000\ta\t1\t-1",
                "2024-01-01 00:00:00.000\ta\t2\t1", "2024-01-01 00:00:10.000\ta\t1\t1"), tail.await(4));
            at("05", "a", 1);
            at("13", "b", 1);
            assertEquals("2024-01-01 00:00:10.000\tb\t1\t1", tail.await(5).get(4));
            assertEquals(5, tail.size(), "the late row changed nothing");
        }
    }

    @Test
    void emitVersionNumbersEveryEmitFromZero() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count(), emit_version() AS version FROM s EMIT ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("1\t0"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
            assertEquals(List.of("1\t0", "3\t1"), tail.await(2));
        }
        try (Tail tail = new Tail("SELECT window_start, count(), emit_version() FROM tumble(s, 5s) " +
            "GROUP BY window_start"))
        {
            at("01", "a", 1);
            at("06", "a", 1);
            at("11", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\t1\t0", "2024-01-01 00:00:05.000\t1\t1"), tail.await(2));
        }
        fails("SELECT k, emit_version() FROM s", 48, "needs a streaming aggregation");
        fails("SELECT count(), emit_version() FROM s EMIT CHANGELOG", 48, "CHANGELOG");
    }

    @Test
    void onUpdateWithBatchChecksForChangesOncePerInterval() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count() FROM s EMIT ON UPDATE WITH BATCH 1s"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals(List.of("1"), tail.await(1));
            // an emit just happened: the next check is about a second away, so these three come out as one
            run("INSERT INTO s (k, v) VALUES ('b', 1)");
            run("INSERT INTO s (k, v) VALUES ('c', 1)");
            run("INSERT INTO s (k, v) VALUES ('d', 1)");
            assertEquals(List.of("1", "4"), tail.await(2));
        }
    }

    /** An INSERT of {@code k} with an event time {@code secondsAgo} before now. */
    private void recent(final String k, final long secondsAgo)
    {
        run("INSERT INTO s (_tp_time, k, v) VALUES (now64(3, 'UTC') - INTERVAL " + secondsAgo + " SECOND, '" + k +
            "', 1)");
    }

    @Test
    void emitLastOnATailReadsTheLastStretchOfEventTimeThenFollows() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        recent("two hours ago", 7200);
        recent("ten minutes ago", 600);
        try (Tail tail = new Tail("SELECT k FROM s EMIT LAST 1h"))
        {
            assertEquals(List.of("ten minutes ago"), tail.await(1));
            recent("now", 0);
            recent("too old", 3 * 3600);
            assertEquals(List.of("ten minutes ago", "now"), tail.await(2));
            run("INSERT INTO s (k, v) VALUES ('later', 1)");
            assertEquals(List.of("ten minutes ago", "now", "later"), tail.await(3));
        }
    }

    @Test
    void emitLastOnAGlobalAggregationAggregatesTheLastStretchEveryPeriod() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        recent("old", 7200);
        recent("a", 0);
        recent("b", 0);
        recent("c", 0);
        try (Tail tail = new Tail("SELECT count() FROM s EMIT PERIODIC 100ms LAST 1s"))
        {
            // a processing-time hop of 1s sliding by 100ms: each closing window counts the rows read in it
            assertEquals("3", tail.await(1).get(0));
        }
        // a LAST shorter than the default period of 2s emits every LAST; the FROM alias stays usable
        try (Tail tail = new Tail("SELECT e.k, count() FROM s AS e GROUP BY e.k EMIT LAST 1s"))
        {
            recent("d", 0);
            waitFor(() -> tail.await(1).contains("d\t1"), "d counted over the last second");
        }
    }

    @Test
    void onUpdateWithListAggregatesSendsTheReachedGroupsWhole() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, group_array(v), count_distinct(v) FROM s GROUP BY k EMIT ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('a', 3)");
            assertEquals(List.of("a\t[1,3]\t2", "b\t[2]\t1"), tail.await(2));
            run("INSERT INTO s (k, v) VALUES ('b', 2)");
            assertEquals(List.of("a\t[1,3]\t2", "b\t[2]\t1", "b\t[2,2]\t1"), tail.await(3));
        }
    }

    @Test
    void aChangelogOfKeysWithoutAggregatesSendsNewKeysOnce() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k FROM s GROUP BY k EMIT CHANGELOG ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 1)");
            assertEquals(List.of("a\t1", "b\t1"), tail.await(2));
            run("INSERT INTO s (k, v) VALUES ('a', 2), ('c', 1)");
            assertEquals(List.of("a\t1", "b\t1", "c\t1"), tail.await(3));
        }
    }

    @Test
    void periodicWindowsSendEveryOpenWindowWholeAndCloseOnTheTickAfterTheWatermark() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, count() FROM tumble(s, 10s) GROUP BY window_start " +
            "EMIT PERIODIC 100ms"))
        {
            run("INSERT INTO s (_tp_time, k, v) VALUES ('2024-01-01 00:00:01', 'a', 1), " +
                "('2024-01-01 00:00:02', 'a', 1)");
            assertEquals(List.of("2024-01-01 00:00:00.000\t2"), tail.await(1));
            // a row of the next window: the tick sends both windows, then the first closes
            at("12", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\t2", "2024-01-01 00:00:00.000\t2",
                "2024-01-01 00:00:10.000\t1"), tail.await(3));
            at("13", "a", 1);
            assertEquals("2024-01-01 00:00:10.000\t2", tail.await(4).get(3));
            at("05", "late", 1);
            final double seen = Double.parseDouble(run("SELECT elapsed FROM system.processes WHERE is_streaming")
                .trim());
            waitFor(() -> Double.parseDouble(run("SELECT elapsed FROM system.processes WHERE is_streaming")
                .trim()) > seen + 0.3, "three periods");
            assertEquals(4, tail.size(), "a late row changes nothing, so nothing is sent");
            assertEquals("1\n", run("SELECT late_rows FROM system.processes WHERE is_streaming"));
        }
    }

    @Test
    void aTumbleWindowOnUpdateSendsTheGroupsRowsReachedInIt() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, k, max(v) FROM tumble(s, 10s) GROUP BY window_start, k " +
            "EMIT ON UPDATE"))
        {
            run("INSERT INTO s (_tp_time, k, v) SELECT '2024-01-01 00:00:01', concat('k', to_string(number)), " +
                "number FROM numbers(500)");
            assertEquals(500, tail.await(500).size());
            // k3 is reached and its max stays 3; k400 rises; nothing else is sent
            run("INSERT INTO s (_tp_time, k, v) VALUES ('2024-01-01 00:00:02', 'k3', 0), " +
                "('2024-01-01 00:00:02', 'k400', 9999)");
            assertEquals(List.of("2024-01-01 00:00:00.000\tk3\t3", "2024-01-01 00:00:00.000\tk400\t9999"),
                tail.await(502).subList(500, 502));
            // the window closes with nothing new to say
            at("15", "k1", 1);
            assertEquals("2024-01-01 00:00:10.000\tk1\t1", tail.await(503).get(502));
            assertEquals(503, tail.size());
        }
    }
}
