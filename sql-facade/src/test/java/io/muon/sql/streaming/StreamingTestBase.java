package io.muon.sql.streaming;

import io.muon.sql.testing.SqlTestBase;
import io.muon.sql.testing.StreamingTail;
import org.junit.jupiter.api.AfterEach;


import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What streaming query tests share: a session as on the streaming ports, a reader of a running query's rows, inserts
 * with chosen event times, and a check that no query is left running.
 */
abstract class StreamingTestBase extends SqlTestBase
{
    /** A running streaming query whose rows a reader thread collects as TSV lines. */
    final class Tail extends StreamingTail
    {
        Tail(final String sql)
        {
            super(engine, session, sql);
            assertTrue(cursor.isStreaming());
        }
    }

    static void waitFor(final java.util.function.BooleanSupplier condition, final String what)
    {
        StreamingTail.waitFor(condition, what);
    }

    /** Waits until {@code queries} streaming queries run (materialized views among them). */
    void awaitRunning(final int queries)
    {
        waitFor(() -> engine.runningStreamingQueries() == queries, queries + " running queries");
    }

    /** Waits until the bounded query {@code sql} gives {@code expected}. */
    void awaitRows(final String sql, final String expected)
    {
        waitFor(() -> run(sql).equals(expected), sql + " to give " + expected + " (last: " + run(sql) + ")");
    }

    @org.junit.jupiter.api.BeforeEach
    void streamingSession()
    {
        // as on the streaming ports: a plain SELECT over a stream tails it
        session = new io.muon.sql.engine.Session(true);
    }

    @AfterEach
    void noQueryLeftRunning()
    {
        waitFor(() -> engine.runningStreamingQueries() == 0, "streaming queries to end");
    }

    /** A streaming query that must fail when it is started (planned), with this code and message part. */
    void startFails(final String sql, final int code, final String messagePart)
    {
        final io.muon.kernel.MuonException error = org.junit.jupiter.api.Assertions.assertThrows(
            io.muon.kernel.MuonException.class, () -> engine.start(sql, session, null, "default"));
        org.junit.jupiter.api.Assertions.assertEquals(code, error.code(), error.toClickHouseText());
        assertTrue(error.getMessage().contains(messagePart), error.getMessage());
    }

    void at(final String time, final String key, final long value)
    {
        run("INSERT INTO s (_tp_time, k, v) VALUES ('2024-01-01 00:00:" + time + "', '" + key + "', " + value + ")");
    }
}
