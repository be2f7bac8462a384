package io.muon.perf.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.perf.nexmark.CpuTime;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.util.List;
import java.util.Locale;

/**
 * Materialized view throughput with checkpoints off and on, in process: a stream is filled first, then each view
 * reads it from the earliest row into its own stream and is timed (wall clock and process CPU) until its target
 * holds every row it will write (results reach the target at checkpoints, so with checkpoints that time includes
 * the wait for the last one). Two views: a filter and projection that writes most of its input rows (so a
 * checkpoint also carries many pending rows), and a tumble-window aggregation that writes few. Prints a table.
 */
public final class MaterializedViewHarness
{
    private static final int BATCH_ROWS = 65_536;
    private static final int KEYS = 100;
    /** Rows per second of event time. */
    private static final int ROWS_PER_SECOND = 10_000;

    private MaterializedViewHarness()
    {
    }

    public static void run(final boolean quick) throws Exception
    {
        final long rows = quick ? 1_000_000 : 20_000_000;
        try (EmbeddedEngine embedded = new EmbeddedEngine("muon-mv"))
        {
            final SqlEngine engine = embedded.engine;
            final Session session = new Session(true);
            engine.execute("CREATE STREAM s (k int64, v int64)", session);
            fill(engine, session, rows);
            final long copied = rows - rows / 10;
            // every window but the last closes: a later window's row has passed its end
            final long windows = (rows + ROWS_PER_SECOND - 1) / ROWS_PER_SECOND;
            final long windowRows = (windows - 1) * KEYS;
            // one untimed round first, so that every timed view runs compiled code
            view(engine, session, "warmup_copy", "SELECT k, v * 2 AS d FROM s WHERE v % 10 != 0", "1", null, null,
                rows, copied);
            view(engine, session, "warmup_windows", "SELECT window_start, k, count() AS c, sum(v) AS total " +
                "FROM tumble(s, 1s) GROUP BY window_start, k", "0", null, null, rows, windowRows);
            System.out.println("| view | checkpoints | rows in | rows out | s | CPU s | rows in/s | " +
                "rows in/s per core |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            int n = 0;
            for (final String interval : List.of("0", "2", "1"))
            {
                final String label = interval.equals("0") ? "off" : "every " + interval + " s";
                view(engine, session, "copy" + n, "SELECT k, v * 2 AS d FROM s WHERE v % 10 != 0", interval,
                    "filter + projection", label, rows, copied);
                view(engine, session, "windows" + n, "SELECT window_start, k, count() AS c, sum(v) AS total " +
                    "FROM tumble(s, 1s) GROUP BY window_start, k", interval, "tumble(1s) count, sum by 100 keys",
                    label, rows, windowRows);
                n++;
            }
        }
    }

    private static void view(final SqlEngine engine, final Session session, final String name, final String query,
        final String interval, final String shape, final String checkpoints, final long rowsIn, final long rowsOut)
        throws InterruptedException
    {
        System.gc();
        final long cpu = CpuTime.process();
        final long start = System.nanoTime();
        engine.execute("CREATE MATERIALIZED VIEW " + name + " AS " + query + " SETTINGS seek_to = 'earliest', " +
            "checkpoint_interval = " + interval, session);
        final String count = "SELECT count() FROM table(" + name + ")";
        final long deadline = start + 600_000_000_000L;
        long written = 0;
        while (written < rowsOut)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(name + " wrote " + written + " of " + rowsOut + " rows in 10 min");
            }
            Thread.sleep(20);
            written = Long.parseLong(engine.execute(count, session).toTsv().trim());
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        final double cpuSeconds = (CpuTime.process() - cpu) / 1e9;
        engine.execute("DROP VIEW " + name, session);
        if (written != rowsOut)
        {
            throw new IllegalStateException(name + " wrote " + written + " rows, expected " + rowsOut);
        }
        if (shape == null)
        {
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %.2f | %.2f | %,.0f | %,.0f |%n", shape, checkpoints,
            rowsIn, rowsOut, seconds, cpuSeconds, rowsIn / seconds, rowsIn / cpuSeconds);
    }

    /** {@code rows} rows, {@link #ROWS_PER_SECOND} per second of event time, keys in turn. */
    private static void fill(final SqlEngine engine, final Session session, final long rows)
    {
        final List<DataType> types = List.of(DataType.TP_TIME, DataType.INT64, DataType.INT64);
        final long startMs = 1_704_067_200_000L;
        for (long from = 0; from < rows; from += BATCH_ROWS)
        {
            final int count = (int)Math.min(BATCH_ROWS, rows - from);
            final Batch batch = Batch.of(types, count);
            for (int r = 0; r < count; r++)
            {
                final long i = from + r;
                ((LongVector)batch.column(0)).append(startMs + i * 1000 / ROWS_PER_SECOND);
                ((LongVector)batch.column(1)).append(i % KEYS);
                ((LongVector)batch.column(2)).append(i);
            }
            batch.rows(count);
            try (Execution execution = engine.start("INSERT INTO s (_tp_time, k, v) FORMAT Native", session, null,
                "default"))
            {
                execution.insert().add(batch);
                execution.insert().commit();
            }
        }
    }
}
