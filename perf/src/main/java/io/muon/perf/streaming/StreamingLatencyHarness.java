package io.muon.perf.streaming;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.tcp.NativeServer;
import io.muon.clickhouse.tcp.NativeSettings;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latency of a streaming filter query: a producer inserts rows at a fixed rate (batches every
 * millisecond), a native-protocol client (housepower native JDBC 2.7.1) runs {@code SELECT id FROM lat WHERE
 * id % 2 = 0 OR true} on the streaming port, and each row's latency is the time from its INSERT being acknowledged to
 * the row arriving at the client. A row that arrives before its INSERT returned counts as 0. Prints a Markdown table
 * of p50, p99 and p99.9 at 1K, 10K and 100K rows/s.
 */
public final class StreamingLatencyHarness
{
    private StreamingLatencyHarness()
    {
    }

    public static void run(final boolean quick) throws Exception
    {
        final Path work = Files.createTempDirectory("muon-perf-streaming");
        final long seconds = quick ? 3 : 10;
        System.out.printf(Locale.ROOT, "Streaming filter query on the native streaming port, housepower native JDBC " +
            "2.7.1 as the client, %d s per rate after 1 s of warm-up; latency from INSERT acknowledged to row " +
            "received%n%n", seconds);
        System.out.println("| rows/s | rows | p50 µs | p99 µs | p99.9 µs | max µs | arrived before the ack |");
        System.out.println("|---|---|---|---|---|---|---|");
        try (StreamStore store = new StreamStore(work.resolve("muon"), FilesFacade.DEFAULT))
        {
            final Catalog catalog = Catalog.open(work.resolve("muon").resolve("catalog"), FilesFacade.DEFAULT);
            final SqlEngine engine = new SqlEngine(catalog, store);
            try (NativeServer server = new NativeServer(engine, new Authenticator(catalog, Map.of(), false),
                new NativeSettings().port(0).streaming(true)).start())
            {
                int round = 0;
                for (final int rate : new int[] {1_000, 10_000, 100_000})
                {
                    measure(engine, server.address().getPort(), "lat" + round++, rate, seconds);
                }
            }
            finally
            {
                engine.close();
            }
        }
    }

    private static void measure(final SqlEngine engine, final int port, final String stream, final int rate,
        final long seconds) throws Exception
    {
        final Session session = new Session(false);
        engine.execute("CREATE STREAM " + stream + " (id uint64, pad string)", session);
        final int warmup = rate;
        final int total = (int)(rate * seconds) + warmup;
        final long[] acknowledged = new long[total];
        final long[] arrived = new long[total];
        final java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final Throwable[] failure = new Throwable[1];
        final Thread consumer = new Thread(() ->
        {
            try (java.sql.Connection connection = new com.github.housepower.jdbc.ClickHouseDriver().connect(
                "jdbc:clickhouse://127.0.0.1:" + port + "/default", credentials);
                 java.sql.Statement statement = connection.createStatement())
            {
                started.countDown();
                try (java.sql.ResultSet rows = statement.executeQuery("SELECT id FROM " + stream +
                    " WHERE id % 2 = 0 OR true LIMIT " + total))
                {
                    while (rows.next())
                    {
                        arrived[(int)rows.getLong(1)] = System.nanoTime();
                    }
                }
            }
            catch (final Throwable e)
            {
                failure[0] = e;
            }
        }, "latency-client");
        consumer.start();
        started.await();
        // the query is running once system.processes lists it
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.runningStreamingQueries() == 0)
        {
            if (System.nanoTime() > deadline || failure[0] != null)
            {
                throw new IllegalStateException("the streaming query did not start", failure[0]);
            }
            Thread.sleep(1);
        }
        final int perBatch = Math.max(1, rate / 1000);
        final long interval = TimeUnit.SECONDS.toNanos(1) * perBatch / rate;
        final long start = System.nanoTime();
        final StringBuilder sql = new StringBuilder();
        int next = 0;
        for (long batch = 0; next < total; batch++)
        {
            final long due = start + batch * interval;
            long now;
            while ((now = System.nanoTime()) < due)
            {
                LockSupport.parkNanos(Math.min(due - now, 200_000));
            }
            sql.setLength(0);
            sql.append("INSERT INTO ").append(stream).append(" (id, pad) VALUES ");
            final int first = next;
            for (int i = 0; i < perBatch && next < total; i++, next++)
            {
                sql.append(i == 0 ? "" : ",").append('(').append(next).append(", 'x')");
            }
            engine.execute(sql.toString(), session);
            final long ack = System.nanoTime();
            for (int id = first; id < next; id++)
            {
                acknowledged[id] = ack;
            }
        }
        consumer.join(TimeUnit.SECONDS.toMillis(60));
        if (failure[0] != null)
        {
            throw new IllegalStateException("the client failed", failure[0]);
        }
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        int early = 0;
        int missing = 0;
        for (int id = warmup; id < total; id++)
        {
            if (arrived[id] == 0)
            {
                missing++;
                continue;
            }
            final long latency = arrived[id] - acknowledged[id];
            if (latency < 0)
            {
                early++;
            }
            histogram.recordValue(Math.max(0, latency));
        }
        if (missing > 0)
        {
            throw new IllegalStateException(missing + " rows never arrived at " + rate + " rows/s");
        }
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %.0f | %.0f | %.0f | %.1f%% |%n", rate,
            histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getMaxValue() / 1e3, 100.0 * early / histogram.getTotalCount());
        engine.execute("DROP STREAM " + stream, session);
    }
}
