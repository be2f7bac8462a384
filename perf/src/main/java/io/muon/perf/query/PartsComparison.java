package io.muon.perf.query;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.ClickHouseServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The historical store against ClickHouse: the rows of {@link QueryComparison} are compacted by Muon into MergeTree
 * parts (timed: rows/s and MB/s written, then the merge into one part), and the same analytical queries are timed
 * three ways in one run: Muon reading its parts ({@code table(t)} with the log wholly compacted), ClickHouse reading
 * its own table, and ClickHouse reading Muon's parts, attached to a table of its own. Median of several runs after a
 * warm-up; ClickHouse over HTTP on loopback, Muon in process.
 */
public final class PartsComparison
{
    private PartsComparison()
    {
    }

    public static void run(final boolean quick) throws Exception
    {
        final long rows = quick ? 1_000_000 : 10_000_000;
        final int runs = quick ? 3 : 5;
        final String tSelect = "SELECT number, number % 100, number % 1000000, number % 100000, number * 0.5, " +
            "concat('s', toString(number % 1000)) FROM numbers(";
        final String dSelect = "SELECT number, number * 2.0 FROM numbers(100000)";
        final Path dataDirectory = Files.createTempDirectory("muon-perf-parts");
        try (ClickHouseServer clickhouse = ClickHouseServer.start();
             StreamStore store = new StreamStore(dataDirectory, FilesFacade.DEFAULT))
        {
            final String version = clickhouse.query("SELECT version()").trim();
            final String columns = "id UInt64, k UInt32, g UInt32, jk UInt32, v Float64, s String";
            clickhouse.query("CREATE TABLE t (" + columns + ") ENGINE = MergeTree ORDER BY id");
            clickhouse.query("CREATE TABLE d (id UInt32, w Float64) ENGINE = MergeTree ORDER BY id");
            final long chunk = 1_000_000;
            // merges wait until OPTIMIZE, so that it times merging all the inserts' parts (as Muon's does)
            clickhouse.query("SYSTEM STOP MERGES");
            long start = System.nanoTime();
            for (long from = 0; from < rows; from += chunk)
            {
                clickhouse.query("INSERT INTO t " + tSelect + from + ", " + Math.min(chunk, rows - from) + ")");
            }
            clickhouse.query("INSERT INTO d " + dSelect);
            final double clickhouseInsert = (System.nanoTime() - start) / 1e9;
            final String clickhouseParts = clickhouse.query("SELECT count() FROM system.parts WHERE table = 't' " +
                "AND active").trim();
            clickhouse.query("SYSTEM START MERGES");
            start = System.nanoTime();
            clickhouse.query("OPTIMIZE TABLE t FINAL");
            final double clickhouseMerge = (System.nanoTime() - start) / 1e9;

            final SqlEngine muon = new SqlEngine(Catalog.open(dataDirectory.resolve("catalog"), FilesFacade.DEFAULT),
                store);
            final Session session = new Session(false);
            // no background compaction or merge while loading: both are timed on their own below
            final String settings = " ORDER BY id SETTINGS compaction_max_age_ms = 3600000, merge_min_parts = 1000, " +
                "merge_max_parts = 1000";
            muon.execute("CREATE STREAM t (id uint64, k uint32, g uint32, jk uint32, v float64, s string)" + settings,
                session);
            muon.execute("CREATE STREAM d (id uint32, w float64)" + settings, session);
            for (long from = 0; from < rows; from += chunk)
            {
                muon.execute("INSERT INTO t (id, k, g, jk, v, s) " + tSelect + from + ", " +
                    Math.min(chunk, rows - from) + ")", session);
            }
            muon.execute("INSERT INTO d (id, w) " + dSelect, session);
            final CatalogObject t = muon.catalog().snapshot().find("default", "t");
            final CatalogObject d = muon.catalog().snapshot().find("default", "d");
            final Path tStore = storeOf(dataDirectory, t);
            start = System.nanoTime();
            store.compactNow(t);
            final double compaction = (System.nanoTime() - start) / 1e9;
            final long compactedBytes = bytes(tStore);
            final int compactedParts = parts(tStore).size();
            start = System.nanoTime();
            muon.execute("OPTIMIZE STREAM t FINAL", session);
            final double merge = (System.nanoTime() - start) / 1e9;
            final long mergedBytes = bytes(tStore);
            store.compactNow(d);
            muon.execute("OPTIMIZE STREAM d FINAL", session);

            // ClickHouse attaches Muon's parts (18.16 has no DateTime64: _tp_time reads as Int64)
            attach(clickhouse, "t_muon", "_tp_time Int64, " + columns + ", _tp_sn Int64", tStore);
            attach(clickhouse, "d_muon", "_tp_time Int64, id UInt32, w Float64, _tp_sn Int64",
                storeOf(dataDirectory, d));

            System.out.printf(Locale.ROOT, "%d rows (+100000 for the join); ClickHouse %s%n%n", rows, version);
            System.out.println("| writing parts | Muon | ClickHouse |");
            System.out.println("|---|---|---|");
            System.out.printf(Locale.ROOT, "| log → parts (compaction) | %.2f s: %.2fM rows/s, %.0f MB/s written, " +
                "%d parts | %d INSERT … SELECT writing their parts: %.2f s (%.2fM rows/s) |%n", compaction,
                rows / compaction / 1e6, compactedBytes / compaction / 1e6, compactedParts, (rows + chunk - 1) / chunk,
                clickhouseInsert,
                rows / clickhouseInsert / 1e6);
            System.out.printf(Locale.ROOT, "| merge into one part (OPTIMIZE … FINAL) | %d parts: %.2f s, %.2fM " +
                "rows/s, %.0f MB/s written | %s parts: %.2f s, %.2fM rows/s |%n%n",
                compactedParts, merge, rows / merge / 1e6, mergedBytes / merge / 1e6, clickhouseParts,
                clickhouseMerge, rows / clickhouseMerge / 1e6);

            System.out.printf(Locale.ROOT, "median of %d runs after one warm-up, milliseconds%n%n", runs);
            System.out.println("| query | Muon over its parts | ClickHouse | ClickHouse over Muon's parts | " +
                "Muon ÷ ClickHouse | same result (Muon, CH on Muon's parts) |");
            System.out.println("|---|---|---|---|---|---|");
            double logSum = 0;
            double worst = 0;
            for (final String[] query : QueryComparison.QUERIES)
            {
                final String sql = query[1];
                final String muonSql = sql.replace("FROM t", "FROM table(t)").replace("JOIN d", "JOIN table(d) AS d")
                    .replace("FROM table(t) ALL", "FROM table(t) AS t ALL");
                final String attachedSql = sql.replace("FROM t", "FROM t_muon").replace("JOIN d", "JOIN d_muon AS d")
                    .replace("FROM t_muon ALL", "FROM t_muon AS t ALL");
                final double[] muonTimes = new double[runs];
                final double[] clickhouseTimes = new double[runs];
                final double[] attachedTimes = new double[runs];
                final String[] results = QueryComparison.inTurn(new double[][] {muonTimes, clickhouseTimes,
                    attachedTimes}, () -> muon.execute(muonSql, session).toTsv(), () -> clickhouse.query(sql),
                    () -> clickhouse.query(attachedSql));
                final String muonResult = results[0];
                final String clickhouseResult = results[1];
                final String attachedResult = results[2];
                final double ratio = QueryComparison.median(muonTimes) / QueryComparison.median(clickhouseTimes);
                logSum += Math.log(ratio);
                worst = Math.max(worst, ratio);
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.2f | %s, %s |%n", query[0],
                    QueryComparison.median(muonTimes), QueryComparison.median(clickhouseTimes),
                    QueryComparison.median(attachedTimes), ratio, QueryComparison.same(muonResult, clickhouseResult),
                    QueryComparison.same(attachedResult, clickhouseResult));
            }
            System.out.printf(Locale.ROOT, "%ngeometric mean of Muon ÷ ClickHouse: %.2f; slowest: %.2f%n",
                Math.exp(logSum / QueryComparison.QUERIES.length), worst);
        }
        finally
        {
            QueryComparison.deleteTree(dataDirectory);
        }
    }

    private static Path storeOf(final Path data, final CatalogObject stream)
    {
        return data.resolve("streams").resolve(Long.toString(stream.id())).resolve("store");
    }

    private static List<Path> parts(final Path store) throws IOException
    {
        try (Stream<Path> list = Files.list(store))
        {
            return list.filter(p -> p.getFileName().toString().matches(".*_\\d+_\\d+_\\d+")).sorted().toList();
        }
    }

    private static long bytes(final Path store) throws IOException
    {
        long total = 0;
        for (final Path part : parts(store))
        {
            try (Stream<Path> files = Files.list(part))
            {
                for (final Path file : files.toList())
                {
                    total += Files.size(file);
                }
            }
        }
        return total;
    }

    /** Creates a MergeTree table ordered by id and attaches copies of the parts in {@code store}. */
    private static void attach(final ClickHouseServer clickhouse, final String table, final String columns,
        final Path store) throws IOException, InterruptedException
    {
        clickhouse.query("CREATE TABLE " + table + " (" + columns + ") ENGINE = MergeTree ORDER BY id");
        final Path detached = clickhouse.tableDataDirectory().resolve("default").resolve(table).resolve("detached");
        Files.createDirectories(detached);
        for (final Path part : parts(store))
        {
            final Path target = detached.resolve(part.getFileName());
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(part))
            {
                for (final Path file : files.toList())
                {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            clickhouse.query("ALTER TABLE " + table + " ATTACH PART '" + part.getFileName() + "'");
        }
    }
}
