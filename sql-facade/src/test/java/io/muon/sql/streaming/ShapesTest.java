package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The query shapes Proton documents: flat over window, window over window, global over window and over global. */
class ShapesTest extends StreamingTestBase
{
    @Test
    void flatQueryOverAWindowedSubquery() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, c * 10 FROM (SELECT window_start, count() AS c " +
            "FROM tumble(s, 5s) GROUP BY window_start) WHERE c > 1"))
        {
            at("01", "a", 1);
            at("02", "a", 1);
            at("06", "a", 1);
            at("11", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\t20"), tail.await(1));
        }
    }

    @Test
    void windowOverWindow() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("WITH w AS (SELECT window_end AS t, count() AS c FROM tumble(s, 5s) " +
            "GROUP BY window_end) SELECT window_start, sum(c), count() FROM tumble(w, t, 10s) GROUP BY window_start"))
        {
            at("01", "a", 1);
            at("06", "a", 1);
            at("07", "a", 1);
            at("11", "a", 1);
            at("16", "a", 1);
            at("21", "a", 1);
            // inner windows end at 05, 10, 15 and 20; the outer closes [0, 10) at 10 and [10, 20) at 20
            assertEquals(List.of("2024-01-01 00:00:00.000\t1\t1", "2024-01-01 00:00:10.000\t3\t2"), tail.await(2));
        }
    }

    @Test
    void globalOverWindow() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT max(c), count() FROM (SELECT window_start, count() AS c " +
            "FROM tumble(s, 5s) GROUP BY window_start) EMIT ON UPDATE"))
        {
            at("01", "a", 1);
            at("02", "a", 1);
            at("06", "a", 1);
            assertEquals(List.of("2\t1"), tail.await(1));
            at("11", "a", 1);
            assertEquals(List.of("2\t1", "2\t2"), tail.await(2));
        }
    }

    @Test
    void globalOverGlobal() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count(), sum(c) FROM (SELECT k, count() AS c FROM s GROUP BY k " +
            "EMIT ON UPDATE) EMIT ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 1)");
            assertEquals(List.of("2\t2"), tail.await(1));
        }
    }

    @Test
    void globalOverAChangelogOfAGlobalAggregationTakesItsOldRowsBack() throws Exception
    {
        // the inner counts per key change; the outer sums the latest count of each key, not every one sent
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count(), sum(c), max(c) FROM (SELECT k, count() AS c FROM s GROUP BY k " +
            "EMIT CHANGELOG ON UPDATE) EMIT ON UPDATE"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 1)");
            assertEquals(List.of("2\t2\t1"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            assertEquals("2\t3\t2", tail.await(2).get(1));
            run("INSERT INTO s (k, v) VALUES ('b', 1), ('b', 1)");
            assertEquals("2\t5\t3", tail.await(3).get(2));
        }
    }

    @Test
    void aWindowOverNow64IsAProcessingTimeWindowThatClosesOnTheClock() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end - window_start, count() FROM " +
            "tumble(s, now64(3, 'UTC'), 1s) GROUP BY window_start, window_end"))
        {
            final long before = System.currentTimeMillis();
            // event times far in the past do not matter: the rows take the time they are read at
            run("INSERT INTO s (_tp_time, k, v) VALUES ('2001-01-01 00:00:00', 'a', 1), ('2001-01-01 00:00:00', " +
                "'b', 2), ('2001-01-01 00:00:00', 'c', 3)");
            // no later row comes: the clock alone closes the window
            final String[] row = tail.await(1).get(0).split("\t");
            assertEquals("1000", row[1]);
            assertEquals("3", row[2]);
            final long start = java.time.LocalDateTime.parse(row[0].replace(' ', 'T'))
                .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            assertEquals(0, start % 1000);
            org.junit.jupiter.api.Assertions.assertTrue(start >= before - 1000 && start <= System.currentTimeMillis(),
                row[0]);
        }
        fails("SELECT count() FROM tumble(table(s), now64(3), 1s) GROUP BY window_start", 36, "processing-time");
    }

    private void into(final String stream, final String time)
    {
        run("INSERT INTO " + stream + " (_tp_time, k, v) VALUES ('2024-01-01 00:00:" + time + "', '" + stream +
            "', 1)");
    }

    @Test
    void aWindowOverAUnionOfStreamsWaitsForTheSlowerStream() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM t (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, count() FROM tumble((SELECT _tp_time, k FROM s UNION ALL " +
            "SELECT _tp_time, k FROM t), 5s) GROUP BY window_start"))
        {
            into("t", "00");
            into("s", "01");
            into("s", "06");
            into("s", "12");
            // t is behind: its rows up to its own latest time are not late, and the window waits for it
            into("t", "03");
            into("t", "07");
            assertEquals(List.of("2024-01-01 00:00:00.000\t3"), tail.await(1));
            into("t", "11");
            assertEquals(List.of("2024-01-01 00:00:00.000\t3", "2024-01-01 00:00:05.000\t2"), tail.await(2));
            assertEquals("0\n", run("SELECT late_rows FROM system.processes WHERE is_streaming"));
        }
    }
}
