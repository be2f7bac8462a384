package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.QueryResult;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What streaming query tests share: a session as on the streaming ports, a reader of a running query's rows, inserts
 * with chosen event times, and a check that no query is left running.
 */
abstract class StreamingTestBase extends SqlTestBase
{
    /** A running streaming query whose rows a reader thread collects as TSV lines. */
    final class Tail implements AutoCloseable
    {
        final Execution execution;
        final QueryCursor cursor;
        final List<String> lines = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean ended;
        final Thread reader;

        Tail(final String sql)
        {
            execution = engine.start(sql, session, null, "default");
            cursor = execution.cursor();
            assertTrue(cursor.isStreaming());
            reader = new Thread(() ->
            {
                try
                {
                    Batch batch;
                    while ((batch = cursor.next()) != null)
                    {
                        final String tsv = QueryResult.of(cursor.columns(), batch).toTsv();
                        synchronized (lines)
                        {
                            for (final String line : tsv.split("\n"))
                            {
                                lines.add(line);
                            }
                        }
                    }
                }
                catch (final Throwable e)
                {
                    failure.set(e);
                }
                ended = true;
            }, "tail-reader");
            reader.start();
        }

        /** Waits until at least {@code count} lines arrived and returns them all. */
        List<String> await(final int count)
        {
            waitFor(() -> size() >= count || ended, "rows " + count);
            synchronized (lines)
            {
                return new ArrayList<>(lines);
            }
        }

        /** Whether a line equal to {@code line} arrived. */
        boolean has(final String line)
        {
            synchronized (lines)
            {
                return lines.contains(line);
            }
        }

        int size()
        {
            synchronized (lines)
            {
                return lines.size();
            }
        }

        @Override
        public void close() throws Exception
        {
            execution.close();
            reader.join(10_000);
        }
    }

    static void waitFor(final java.util.function.BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            try
            {
                Thread.sleep(2);
            }
            catch (final InterruptedException e)
            {
                throw new IllegalStateException(e);
            }
        }
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
