package io.muon.perf.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.perf.nexmark.CpuTime;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.util.List;
import java.util.Locale;

/**
 * Keyed streams and the enrichment join, in process: upserts into a versioned_kv stream of 1M keys (each key written
 * twice), {@code table()} resolving its latest rows, and a stream of orders joined with it as a streaming query
 * (the state loaded first, then every order looked up), each timed by wall clock and process CPU. Prints a table.
 */
public final class KeyedJoinHarness
{
    private static final int BATCH_ROWS = 65_536;

    private KeyedJoinHarness()
    {
    }

    public static void run(final boolean quick) throws Exception
    {
        final int keys = quick ? 100_000 : 1_000_000;
        final int orders = quick ? 500_000 : 5_000_000;
        try (EmbeddedEngine embedded = new EmbeddedEngine("muon-keyed"))
        {
            final SqlEngine engine = embedded.engine;
            final Session session = new Session(true);
            engine.execute("CREATE STREAM dim (k int64, v int64) PRIMARY KEY k SETTINGS mode = 'versioned_kv'",
                session);
            engine.execute("CREATE STREAM orders (k int64, qty int64)", session);
            System.out.println("| step | rows | s | CPU s | rows/s | rows/s per core |");
            System.out.println("|---|---|---|---|---|---|");
            long cpu = CpuTime.process();
            long start = System.nanoTime();
            final long mapStart = start;
            // every key twice: the second version replaces the first
            append(engine, session, "INSERT INTO dim (k, v) FORMAT Native", 2L * keys, i -> i % keys, i -> i);
            row("versioned_kv upserts (" + keys + " keys, 2 versions)", 2L * keys, start, cpu);
            cpu = CpuTime.process();
            start = System.nanoTime();
            final String resolved = engine.execute("SELECT count(), sum(v) FROM table(dim)", session).toTsv();
            row("table(dim): latest row per key, from every version", 2L * keys, start, cpu);
            if (!resolved.startsWith(keys + "\t"))
            {
                throw new IllegalStateException("table(dim) gave " + resolved);
            }
            // the keyed-state thread has been applying the upserts to the stream's Chronicle Map meanwhile
            final long end = 2L * keys;
            final long deadline = System.nanoTime() + 600_000_000_000L;
            while (engine.latestRowsApplied("default", "dim") < end)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("the latest-row map of dim did not catch up in 10 min");
                }
                Thread.sleep(10);
            }
            final double mapSeconds = (System.nanoTime() - mapStart) / 1e9;
            final double mapCpuSeconds = threadCpuNanos("muon-keyed-state") / 1e9;
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %,.0f | %,.0f |%n",
                "Chronicle Map: every upsert applied (wall: from the first insert; CPU: its thread's)", 2L * keys,
                mapSeconds, mapCpuSeconds, 2L * keys / mapSeconds, 2L * keys / mapCpuSeconds);
            cpu = CpuTime.process();
            start = System.nanoTime();
            final String fromMap = engine.execute("SELECT count(), sum(v) FROM table(dim)", session).toTsv();
            row("table(dim): latest row per key, from the Chronicle Map", keys, start, cpu);
            if (!fromMap.equals(resolved))
            {
                throw new IllegalStateException("table(dim) from the map gave " + fromMap + ", from the history " +
                    resolved);
            }
            append(engine, session, "INSERT INTO orders (k, qty) FORMAT Native", orders,
                i -> Long.remainderUnsigned(i * 0x9E3779B97F4A7C15L, keys), i -> 1);
            cpu = CpuTime.process();
            start = System.nanoTime();
            long seen = 0;
            try (Execution execution = engine.start("SELECT o.qty * d.v FROM orders AS o JOIN dim AS d " +
                "ON o.k = d.k LIMIT " + orders + " SETTINGS seek_to = 'earliest'", session, null, "default"))
            {
                final QueryCursor cursor = execution.cursor();
                Batch batch;
                while (seen < orders && (batch = cursor.next()) != null)
                {
                    seen += batch.rows();
                }
            }
            if (seen != orders)
            {
                throw new IllegalStateException("the join gave " + seen + " rows, expected " + orders);
            }
            row("orders ⋈ versioned_kv, streaming (state of " + keys + " keys loaded first)", orders, start, cpu);
        }
    }

    /** CPU time of the live thread named {@code name} (0 when there is none). */
    private static long threadCpuNanos(final String name)
    {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (final java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds()))
        {
            if (info != null && info.getThreadName().equals(name))
            {
                return threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return 0;
    }

    private static void row(final String step, final long rows, final long startNanos, final long cpuBefore)
    {
        final double seconds = (System.nanoTime() - startNanos) / 1e9;
        final double cpu = (CpuTime.process() - cpuBefore) / 1e9;
        System.out.printf(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %,.0f | %,.0f |%n", step, rows, seconds, cpu,
            rows / seconds, rows / cpu);
    }

    private static void append(final SqlEngine engine, final Session session, final String insert, final long rows,
        final java.util.function.LongUnaryOperator first, final java.util.function.LongUnaryOperator second)
    {
        final List<DataType> types = List.of(DataType.INT64, DataType.INT64);
        for (long from = 0; from < rows; from += BATCH_ROWS)
        {
            final int count = (int)Math.min(BATCH_ROWS, rows - from);
            final Batch batch = Batch.of(types, count);
            for (int r = 0; r < count; r++)
            {
                ((LongVector)batch.column(0)).append(first.applyAsLong(from + r));
                ((LongVector)batch.column(1)).append(second.applyAsLong(from + r));
            }
            batch.rows(count);
            try (Execution execution = engine.start(insert, session, null, "default"))
            {
                execution.insert().add(batch);
                execution.insert().commit();
            }
        }
    }
}
