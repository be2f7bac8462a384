package io.muon.sql.streaming;

import io.muon.kernel.MuonException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming queries end to end through the engine: scripted inserts with chosen event times, and the exact rows
 * each query emits, in order.
 */
class StreamingQueryTest extends StreamingTestBase
{
    @Test
    void aTailQueryFiltersProjectsSeesOnlyNewRowsAndEndsAtItsLimit() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("INSERT INTO s (k, v) VALUES ('old', 1)");
        try (Tail tail = new Tail("SELECT k, v * 10 FROM s WHERE v % 2 = 0 LIMIT 3"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 2), ('b', 3)");
            assertEquals(List.of("a\t20"), tail.await(1));
            run("INSERT INTO s (k, v) VALUES ('c', 4), ('d', 6), ('e', 8)");
            waitFor(() -> tail.ended, "the LIMIT to end the query");
            assertEquals(List.of("a\t20", "c\t40", "d\t60"), tail.await(3));
            assertEquals(null, tail.failure.get());
        }
    }

    @Test
    void seekToEarliestReadsHistoryFromPartsAndLogExactlyOnce() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
        run("OPTIMIZE STREAM s");
        run("INSERT INTO s (k, v) VALUES ('c', 3)");
        try (Tail tail = new Tail("SELECT k, v, _tp_sn FROM s SETTINGS seek_to = 'earliest'"))
        {
            assertEquals(List.of("a\t1\t0", "b\t2\t1", "c\t3\t2"), tail.await(3));
            run("INSERT INTO s (k, v) VALUES ('d', 4)");
            assertEquals(List.of("a\t1\t0", "b\t2\t1", "c\t3\t2", "d\t4\t3"), tail.await(4));
        }
        try (Tail tail = new Tail("SELECT k FROM s SETTINGS seek_to = 'earliest', " +
            "enable_backfill_from_historical_store = 0"))
        {
            assertEquals(List.of("a", "b", "c", "d"), tail.await(4));
        }
    }

    @Test
    void aTumbleWindowClosesWhenTheWatermarkReachesItsEndAndDropsLateRows() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, count(), sum(v) FROM tumble(s, 5s) " +
            "GROUP BY window_start, window_end"))
        {
            at("01", "a", 1);
            at("03", "a", 2);
            at("04.999", "b", 3);
            at("05", "a", 4);
            assertEquals(List.of("2024-01-01 00:00:00.000\t2024-01-01 00:00:05.000\t3\t6"), tail.await(1));
            at("04", "late", 100);
            at("12", "a", 5);
            assertEquals(List.of("2024-01-01 00:00:00.000\t2024-01-01 00:00:05.000\t3\t6",
                "2024-01-01 00:00:05.000\t2024-01-01 00:00:10.000\t1\t4"), tail.await(2));
            final String processes = run("SELECT is_streaming, late_rows FROM system.processes WHERE is_streaming");
            assertEquals("1\t1\n", processes);
        }
    }

    @Test
    void keysGroupWithinEachWindowAndOrderByAppliesPerEmit() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, k, sum(v) AS total FROM tumble(s, 10s) " +
            "GROUP BY window_start, k ORDER BY total DESC"))
        {
            at("01", "a", 1);
            at("02", "b", 5);
            at("03", "a", 2);
            at("09", "c", 4);
            at("15", "a", 7);
            assertEquals(List.of("2024-01-01 00:00:00.000\tb\t5", "2024-01-01 00:00:00.000\tc\t4",
                "2024-01-01 00:00:00.000\ta\t3"), tail.await(3));
        }
    }

    @Test
    void hopWindowsShareSlicesAndFireInOrderOfTheirEnds() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, window_end, count() FROM hop(s, 2s, 4s) " +
            "GROUP BY window_start, window_end"))
        {
            at("01", "a", 1);
            at("03", "a", 1);
            at("05", "a", 1);
            at("10", "a", 1);
            assertEquals(List.of(
                "2023-12-31 23:59:58.000\t2024-01-01 00:00:02.000\t1",
                "2024-01-01 00:00:00.000\t2024-01-01 00:00:04.000\t2",
                "2024-01-01 00:00:02.000\t2024-01-01 00:00:06.000\t2",
                "2024-01-01 00:00:04.000\t2024-01-01 00:00:08.000\t1"), tail.await(4));
            assertEquals(4, tail.size());
        }
    }

    @Test
    void aDelayHoldsTheWindowOpenForLateRows() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, count() FROM tumble(s, 5s) GROUP BY window_start " +
            "EMIT AFTER WINDOW CLOSE WITH DELAY 2s"))
        {
            at("01", "a", 1);
            at("06", "a", 1);
            at("04", "a", 1);
            at("07", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\t2"), tail.await(1));
        }
    }

    @Test
    void aTimeoutClosesWindowsWhenNoRowsArrive() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, count() FROM tumble(s, 5s) GROUP BY window_start " +
            "EMIT AFTER WINDOW CLOSE AND TIMEOUT 200ms"))
        {
            at("01", "a", 1);
            at("02", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:00.000\t2"), tail.await(1));
        }
    }

    @Test
    void aGlobalAggregationEmitsItsCumulativeResultPeriodicallyOnlyAfterNewRows() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT count(), sum(v) FROM s EMIT PERIODIC 100ms"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('c', 3)");
            assertEquals(List.of("3\t6"), tail.await(1));
            // three more periods pass on the query's own clock without new rows
            waitFor(() -> Double.parseDouble(run("SELECT elapsed FROM system.processes WHERE is_streaming").trim()) >
                0.4, "three periods without rows");
            assertEquals(1, tail.size(), "no emit without new rows");
            run("INSERT INTO s (k, v) VALUES ('d', 4)");
            assertEquals(List.of("3\t6", "4\t10"), tail.await(2));
        }
    }

    @Test
    void flatHopWindowsRepeatEachRowPerWindow() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT window_start, k FROM hop(s, 1s, 2s)"))
        {
            at("01.5", "a", 1);
            assertEquals(List.of("2024-01-01 00:00:01.000\ta", "2024-01-01 00:00:00.000\ta"), tail.await(2));
        }
    }

    @Test
    void killQueryEndsAStreamingQueryAndFreesIt() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT * FROM s"))
        {
            waitFor(() -> engine.runningStreamingQueries() == 1, "the query to run");
            final String id = run("SELECT query_id FROM system.processes WHERE is_streaming").trim();
            assertTrue(run("KILL QUERY WHERE query_id = '" + id + "'").startsWith("finished\t" + id + "\tdefault\t"));
            waitFor(() -> tail.ended, "the cursor to end");
            assertTrue(tail.failure.get() == null || tail.failure.get() instanceof MuonException,
                String.valueOf(tail.failure.get()));
        }
        assertEquals("", run("SELECT query_id FROM system.processes WHERE is_streaming"));
    }

    @Test
    void manyQueriesStartingAndStoppingWhileRowsFlowLeakNothing() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE RANDOM STREAM r (id int64 DEFAULT rand() % 100) SETTINGS eps = 2000");
        final int threadsBefore = Thread.activeCount();
        final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        final Thread writer = new Thread(() ->
        {
            long i = 0;
            while (writing.get())
            {
                run("INSERT INTO s (k, v) VALUES ('k" + (i % 7) + "', " + i++ + ")");
            }
        }, "soak-writer");
        writer.start();
        final String[] shapes = {"SELECT k, v FROM s WHERE v % 3 = 0",
            "SELECT window_start, k, count() FROM tumble(s, 1s) GROUP BY window_start, k",
            "SELECT window_start, max(v) FROM hop(s, 1s, 3s) GROUP BY window_start",
            "SELECT k, sum(v) FROM s GROUP BY k EMIT PERIODIC 10ms",
            "SELECT k FROM s LIMIT 5",
            "SELECT * FROM s SETTINGS seek_to = 'earliest'",
            "SELECT window_start, k, count() FROM session(s, 1s) GROUP BY window_start, k EMIT ON UPDATE",
            "SELECT k, sum(v), group_array(v) FROM s GROUP BY k EMIT CHANGELOG ON UPDATE",
            "SELECT k, v FROM dedup(s, k, 1s)",
            "SELECT k, v, _tp_delta FROM changelog(s, k)",
            "SELECT v, lag(v), lags(v, 1, 3) FROM s",
            "SELECT count(), unique(id) FROM r EMIT PERIODIC 10ms"};
        try
        {
            for (int round = 0; round < 8; round++)
            {
                final List<Tail> tails = new ArrayList<>();
                for (final String shape : shapes)
                {
                    tails.add(new Tail(shape));
                }
                tails.get(0).await(1);
                tails.get(4).await(5);
                // the changelog emit, changelog(), lag and the random stream all produce rows before they stop
                for (final int shape : new int[] {7, 9, 10, 11})
                {
                    assertTrue(!tails.get(shape).await(1).isEmpty() && tails.get(shape).failure.get() == null,
                        shapes[shape] + ": " + tails.get(shape).failure.get());
                }
                for (final Tail tail : tails)
                {
                    tail.close();
                    assertTrue(tail.failure.get() == null || tail.failure.get() instanceof MuonException,
                        String.valueOf(tail.failure.get()));
                }
            }
        }
        finally
        {
            writing.set(false);
            writer.join(10_000);
        }
        waitFor(() -> engine.runningStreamingQueries() == 0, "every query to end");
        assertEquals("", run("SELECT query_id FROM system.processes WHERE is_streaming"));
        // the agents stay (one per core); no thread per query is left behind
        waitFor(() -> Thread.activeCount() <= threadsBefore + Runtime.getRuntime().availableProcessors(),
            "query threads to end");
    }

    @Test
    void aBadStreamingQueryFailsBeforeItStarts()
    {
        run("CREATE STREAM s (k string, v int64)");
        fails("SELECT k FROM s ORDER BY k", 48, "cannot ORDER BY");
        final MuonException error = org.junit.jupiter.api.Assertions.assertThrows(MuonException.class,
            () -> engine.start("SELECT count() FROM s SETTINGS seek_to = '1h'", session, null, "default"));
        assertTrue(error.getMessage().contains("seek"), error.getMessage());
    }
}
