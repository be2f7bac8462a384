package io.muon.sql.testing;

import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.QueryResult;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running streaming query whose rows a reader thread collects as TSV lines, for the tests of streaming queries
 * (sql-facade's and the external streams' alike).
 */
public class StreamingTail implements AutoCloseable
{
    public final Execution execution;
    public final QueryCursor cursor;
    public final List<String> lines = new ArrayList<>();
    public final AtomicReference<Throwable> failure = new AtomicReference<>();
    public volatile boolean ended;
    private final Thread reader;

    public StreamingTail(final SqlEngine engine, final Session session, final String sql)
    {
        execution = engine.start(sql, session, null, "default");
        cursor = execution.cursor();
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
                        lines.addAll(List.of(tsv.split("\n")));
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

    /** Waits until at least {@code count} lines arrived (or the query ended) and returns them all. */
    public List<String> await(final int count)
    {
        waitFor(() -> size() >= count || ended, count + " rows (have " + size() + ")");
        synchronized (lines)
        {
            return new ArrayList<>(lines);
        }
    }

    /** Whether a line equal to {@code line} arrived. */
    public boolean has(final String line)
    {
        synchronized (lines)
        {
            return lines.contains(line);
        }
    }

    public int size()
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

    /** Polls {@code condition} every 2 ms; fails the test after 30 s. */
    public static void waitFor(final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
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
}
