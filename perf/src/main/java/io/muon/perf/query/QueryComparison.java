package io.muon.perf.query;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.ClickHouseServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Loads the same rows into Muon (embedded engine, streams in NativeLog) and into a ClickHouse server started for the
 * run, times the same analytical queries on both (one warm-up, then the median of several runs) and prints a markdown
 * table with the ratio Muon ÷ ClickHouse and the geometric mean. ClickHouse is timed over its HTTP interface on
 * loopback; Muon in process, which favours Muon by the cost of a local HTTP round trip (about a millisecond).
 */
public final class QueryComparison
{
    /** Name, ClickHouse SQL; Muon runs the same text with {@code FROM t} / {@code JOIN d} reading {@code table(…)}. */
    static final String[][] QUERIES = {
        {"full-scan count", "SELECT count() FROM t"},
        {"full-scan sum + avg", "SELECT sum(id), avg(v) FROM t"},
        {"GROUP BY 100 keys", "SELECT k, count(), sum(v) FROM t GROUP BY k ORDER BY k"},
        {"GROUP BY 1M keys", "SELECT count(), sum(c) FROM (SELECT g, count() AS c FROM t GROUP BY g)"},
        {"selective filter", "SELECT count(), sum(v) FROM t WHERE k = 42 AND v > 1000"},
        {"ORDER BY … LIMIT 10", "SELECT id, v FROM t ORDER BY v DESC LIMIT 10"},
        {"unique (approx.)", "SELECT uniq(g) FROM t"},
        {"quantile 0.9", "SELECT quantile(0.9)(v) FROM t"},
        {"string GROUP BY", "SELECT s, count() FROM t GROUP BY s ORDER BY count() DESC, s LIMIT 10"},
        {"string LIKE filter", "SELECT count() FROM t WHERE s LIKE '%99%'"},
        {"join 10M × 100K", "SELECT count(), sum(d.w) FROM t ALL INNER JOIN d ON t.jk = d.id"},
    };

    private QueryComparison()
    {
    }

    public static void run(final boolean quick) throws Exception
    {
        final long rows = quick ? 1_000_000 : 10_000_000;
        final int runs = quick ? 3 : 5;
        final String tColumns = "id, k, g, jk, v, s";
        final String tSelect = "SELECT number, number % 100, number % 1000000, number % 100000, number * 0.5, " +
            "concat('s', toString(number % 1000)) FROM numbers(" + rows + ")";
        final String dSelect = "SELECT number, number * 2.0 FROM numbers(100000)";
        final Path dataDirectory = Files.createTempDirectory("muon-perf-query");
        try (ClickHouseServer clickhouse = ClickHouseServer.start();
             StreamStore store = new StreamStore(dataDirectory, FilesFacade.DEFAULT))
        {
            final String version = clickhouse.query("SELECT version()").trim();
            clickhouse.query("CREATE TABLE t (id UInt64, k UInt32, g UInt32, jk UInt32, v Float64, s String) " +
                "ENGINE = MergeTree ORDER BY id");
            clickhouse.query("CREATE TABLE d (id UInt32, w Float64) ENGINE = MergeTree ORDER BY id");
            long start = System.nanoTime();
            clickhouse.query("INSERT INTO t " + tSelect);
            clickhouse.query("INSERT INTO d " + dSelect);
            clickhouse.query("OPTIMIZE TABLE t FINAL");
            final double clickhouseLoad = (System.nanoTime() - start) / 1e9;

            final SqlEngine muon = new SqlEngine(Catalog.open(dataDirectory.resolve("catalog"), FilesFacade.DEFAULT),
                store);
            final Session session = new Session(false);
            muon.execute("CREATE STREAM t (id uint64, k uint32, g uint32, jk uint32, v float64, s string)", session);
            muon.execute("CREATE STREAM d (id uint32, w float64)", session);
            start = System.nanoTime();
            final long chunk = 1_000_000;
            for (long from = 0; from < rows; from += chunk)
            {
                muon.execute("INSERT INTO t (" + tColumns + ") " + tSelect.replace("FROM numbers(" + rows + ")",
                    "FROM numbers(" + from + ", " + chunk + ")"), session);
            }
            muon.execute("INSERT INTO d (id, w) " + dSelect, session);
            final double muonLoad = (System.nanoTime() - start) / 1e9;

            System.out.printf(Locale.ROOT, "%d rows (+100000 for the join); ClickHouse %s loaded in %.1f s, Muon in " +
                "%.1f s; median of %d runs after one warm-up, milliseconds%n%n", rows, version, clickhouseLoad,
                muonLoad, runs);
            System.out.println("| query | Muon ms | ClickHouse ms | Muon ÷ ClickHouse | same result |");
            System.out.println("|---|---|---|---|---|");
            double logSum = 0;
            for (final String[] query : QUERIES)
            {
                final String sql = query[1];
                final String muonSql = sql.replace("FROM t", "FROM table(t)").replace("JOIN d", "JOIN table(d) AS d")
                    .replace("FROM table(t) ALL", "FROM table(t) AS t ALL");
                final double[] muonTimes = new double[runs];
                final double[] clickhouseTimes = new double[runs];
                final String[] results = inTurn(new double[][] {muonTimes, clickhouseTimes},
                    () -> muon.execute(muonSql, session).toTsv(), () -> clickhouse.query(sql));
                final String muonResult = results[0];
                final String clickhouseResult = results[1];
                final double muonMedian = median(muonTimes);
                final double clickhouseMedian = median(clickhouseTimes);
                final double ratio = muonMedian / clickhouseMedian;
                logSum += Math.log(ratio);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %s |%n", query[0], muonMedian,
                    clickhouseMedian, ratio, same(muonResult, clickhouseResult));
            }
            System.out.printf(Locale.ROOT, "%ngeometric mean of Muon ÷ ClickHouse: %.2f%n",
                Math.exp(logSum / QUERIES.length));
        }
        finally
        {
            deleteTree(dataDirectory);
        }
    }

    /** A query that answers text (TabSeparated). */
    @FunctionalInterface
    interface Query
    {
        String run() throws Exception;
    }

    /**
     * Runs the queries in turn, once to warm up and then once per slot of {@code times[q]}, recording each run's
     * milliseconds there; returns each query's last answer.
     */
    static String[] inTurn(final double[][] times, final Query... queries) throws Exception
    {
        final String[] results = new String[queries.length];
        for (int i = -1; i < times[0].length; i++)
        {
            for (int q = 0; q < queries.length; q++)
            {
                final long start = System.nanoTime();
                results[q] = queries[q].run();
                if (i >= 0)
                {
                    times[q][i] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        return results;
    }

    /** yes, or "≈" when numbers differ only in the last digits (approximate aggregates, float sums), else no. */
    static String same(final String a, final String b)
    {
        if (a.equals(b))
        {
            return "yes";
        }
        final String[] x = a.trim().split("[\t\n]");
        final String[] y = b.trim().split("[\t\n]");
        if (x.length != y.length)
        {
            return "no";
        }
        for (int i = 0; i < x.length; i++)
        {
            try
            {
                final double p = Double.parseDouble(x[i]);
                final double q = Double.parseDouble(y[i]);
                if (Math.abs(p - q) > 0.02 * Math.max(Math.abs(p), Math.abs(q)))
                {
                    return "no";
                }
            }
            catch (final NumberFormatException e)
            {
                if (!x[i].equals(y[i]))
                {
                    return "no";
                }
            }
        }
        return "≈";
    }

    static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void deleteTree(final Path root) throws IOException
    {
        try (var paths = Files.walk(root))
        {
            final List<Path> all = new ArrayList<>();
            paths.forEach(all::add);
            all.sort(java.util.Comparator.reverseOrder());
            for (final Path path : all)
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
