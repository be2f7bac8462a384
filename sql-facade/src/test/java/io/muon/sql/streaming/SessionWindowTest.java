package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Session windows: scripted rows with chosen event times and the exact sessions each query emits. */
class SessionWindowTest extends StreamingTestBase
{
    private static final String DAY = "2024-01-01 00:00:";

    @Test
    void aSessionPerKeyClosesAfterItsTimeoutWhenEventTimeMovesOn() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, k, count(), sum(v) FROM session(s, 5s) " +
            "GROUP BY window_start, window_end, k"))
        {
            at("01", "a", 1);
            at("02", "b", 10);
            at("03", "a", 2);
            at("06.5", "a", 3);
            // a's row at 10 extends a's session (10 < 6.5 + 5s); b's ended at 07, which the event time has passed
            at("10", "a", 4);
            assertEquals(List.of(DAY + "02.000\t" + DAY + "07.000\tb\t1\t10"), tail.await(1));
            // a row 5s or more after a's last row closes a's session at last row + timeout and opens a new one
            at("15", "a", 5);
            assertEquals(List.of(DAY + "02.000\t" + DAY + "07.000\tb\t1\t10",
                DAY + "01.000\t" + DAY + "15.000\ta\t4\t10"), tail.await(2));
            at("14", "a", 100);
            at("21", "b", 1);
            assertEquals(List.of(DAY + "02.000\t" + DAY + "07.000\tb\t1\t10",
                DAY + "01.000\t" + DAY + "15.000\ta\t4\t10", DAY + "15.000\t" + DAY + "20.000\ta\t1\t5"),
                tail.await(3));
            assertEquals("1\n", run("SELECT late_rows FROM system.processes WHERE is_streaming"));
        }
    }

    @Test
    void aSessionEndsAtItsMaximumLength() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, count() FROM session(s, 2s, 5s) " +
            "GROUP BY window_start, window_end"))
        {
            for (int second = 0; second <= 6; second++)
            {
                at("0" + second, "a", second);
            }
            assertEquals(List.of(DAY + "00.000\t" + DAY + "05.000\t5"), tail.await(1));
            at("20", "a", 1);
            assertEquals(List.of(DAY + "00.000\t" + DAY + "05.000\t5", DAY + "05.000\t" + DAY + "08.000\t2"),
                tail.await(2));
        }
    }

    @Test
    void startAndEndConditionsBoundASession() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, count(), group_array(v) FROM " +
            "session(s, 10s, 1m, v = 1, v = 9) GROUP BY window_start, window_end"))
        {
            at("00", "a", 0);
            at("01", "a", 1);
            at("02", "a", 5);
            at("03", "a", 9);
            at("04", "a", 7);
            at("05", "a", 1);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "03.001\t3\t[1,5,9]"), tail.await(1));
            at("06", "a", 9);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "03.001\t3\t[1,5,9]",
                DAY + "05.000\t" + DAY + "06.001\t2\t[1,9]"), tail.await(2));
        }
    }

    @Test
    void aProcessingTimeTimeoutClosesOpenSessions() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, k, count() FROM session(s, 1m) " +
            "GROUP BY window_start, window_end, k EMIT AFTER WINDOW CLOSE AND TIMEOUT 200ms"))
        {
            at("01", "a", 1);
            at("02", "a", 1);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "02.001\ta\t2"), tail.await(1));
        }
    }

    @Test
    void onUpdateSendsOpenSessionsUpToTheirLastRow() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, k, count() FROM session(s, 5s) " +
            "GROUP BY window_start, window_end, k EMIT ON UPDATE"))
        {
            at("01", "a", 1);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "01.001\ta\t1"), tail.await(1));
            run("INSERT INTO s (_tp_time, k, v) VALUES ('" + DAY + "02', 'a', 1), ('" + DAY + "03', 'b', 1)");
            assertEquals(List.of(DAY + "01.000\t" + DAY + "01.001\ta\t1", DAY + "01.000\t" + DAY + "02.001\ta\t2",
                DAY + "03.000\t" + DAY + "03.001\tb\t1"), tail.await(3));
        }
        startFails("SELECT window_start, count() FROM session(s, 5s) GROUP BY window_start EMIT AFTER WINDOW CLOSE " +
            "WITH DELAY 1s", 36, "not supported for session");
    }

    @Test
    void sessionsDoNotDependOnHowRowsAreCutIntoBatches() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        final String query = "SELECT window_start, window_end, k, count() FROM session(s, 5s) " +
            "GROUP BY window_start, window_end, k";
        final List<String> expected = List.of(DAY + "00.000\t" + DAY + "05.000\ta\t1");
        try (Tail tail = new Tail(query))
        {
            // one batch: b's row moves the event time past a's session, so a's later row at 3 is late
            run("INSERT INTO s (_tp_time, k, v) VALUES ('" + DAY + "00', 'a', 1), ('" + DAY + "10', 'b', 1), ('" +
                DAY + "03', 'a', 1)");
            assertEquals(expected, tail.await(1));
            assertEquals("1\n", run("SELECT late_rows FROM system.processes WHERE is_streaming"));
        }
        run("TRUNCATE STREAM s");
        try (Tail tail = new Tail(query))
        {
            at("00", "a", 1);
            at("10", "b", 1);
            at("03", "a", 1);
            assertEquals(expected, tail.await(1));
            waitFor(() -> run("SELECT late_rows FROM system.processes WHERE is_streaming").equals("1\n"),
                "the late row to be counted");
            assertEquals(1, tail.size());
        }
    }

    @Test
    void aSessionOverProcessingTimeClosesOnTheClock() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT k, count() FROM session(s, now64(3, 'UTC'), 300ms) GROUP BY " +
            "window_start, k"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('a', 2), ('b', 3)");
            // no row follows: the clock passes the timeout and closes both sessions
            final List<String> rows = new java.util.ArrayList<>(tail.await(2));
            java.util.Collections.sort(rows);
            assertEquals(List.of("a\t2", "b\t1"), rows);
        }
    }

    @Test
    void aSessionChangelogRetractsRowsWithTheBoundsTheyWereSentWith() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, k, max(v) FROM session(s, 5s) " +
            "GROUP BY window_start, window_end, k EMIT CHANGELOG ON UPDATE"))
        {
            at("01", "a", 5);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "01.001\ta\t5\t1"), tail.await(1));
            // the max stays 5, but the session now ends later: the old row goes, the new one comes
            at("02", "a", 3);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "01.001\ta\t5\t1",
                DAY + "01.000\t" + DAY + "01.001\ta\t5\t-1", DAY + "01.000\t" + DAY + "02.001\ta\t5\t1"),
                tail.await(3));
            // a row of another group moves the event time past a's end (2 + 5s): a closes at 07
            at("09", "b", 1);
            assertEquals(List.of(DAY + "01.000\t" + DAY + "02.001\ta\t5\t-1",
                DAY + "01.000\t" + DAY + "07.000\ta\t5\t1", DAY + "09.000\t" + DAY + "09.001\tb\t1\t1"),
                tail.await(6).subList(3, 6));
        }
    }

    @Test
    void sessionsOverAUnionOfStreamsFollowTheSlowerStream() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM t (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, k, count() FROM session((SELECT _tp_time, k " +
            "FROM s UNION ALL SELECT _tp_time, k FROM t), 5s) GROUP BY window_start, window_end, k"))
        {
            run("INSERT INTO t (_tp_time, k, v) VALUES ('" + DAY + "00', 'a', 1)");
            run("INSERT INTO s (_tp_time, k, v) VALUES ('" + DAY + "20', 'x', 1)");
            // t is behind s: its row at 03 still joins a's session
            run("INSERT INTO t (_tp_time, k, v) VALUES ('" + DAY + "03', 'a', 1)");
            run("INSERT INTO t (_tp_time, k, v) VALUES ('" + DAY + "30', 'b', 1)");
            assertEquals(List.of(DAY + "00.000\t" + DAY + "08.000\ta\t2"), tail.await(1));
            assertEquals("0\n", run("SELECT late_rows FROM system.processes WHERE is_streaming"));
        }
    }
}
