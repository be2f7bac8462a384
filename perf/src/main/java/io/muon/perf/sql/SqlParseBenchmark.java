package io.muon.perf.sql;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.sql.analyzer.DdlAnalyzer;
import io.muon.sql.analyzer.QueryAnalyzer;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.plan.QueryPlan;
import io.muon.sql.ast.Statement;
import io.muon.sql.parser.SqlParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Statements parsed, and parsed then analyzed (into a typed logical plan, or a catalog object for DDL), per second,
 * for a short query, a long streaming query and a CREATE STREAM. One op = one statement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlParseBenchmark
{
    static final String SHORT = "SELECT count() FROM clicks WHERE user_id = 42";

    static final String LONG =
        "WITH recent AS (SELECT user_id, url, latency, _tp_time FROM clicks WHERE url LIKE '%/checkout%' AND user_id > 0) " +
        "SELECT window_start, window_end, user_id, count() AS views, count_if(url = '/pay') AS payments, " +
        "avg(to_float64(length(url))) AS avg_len, quantile(0.99)(latency) AS p99, top_k(3)(url) AS top_urls, " +
        "array_map(x -> x * 2, group_array(latency)) AS doubled, multi_if(views > 10, 'hot', views > 5, 'warm', 'cold') AS heat " +
        "FROM tumble(recent, _tp_time, 5s) AS w LEFT JOIN table(users) AS u ON w.user_id = u.id " +
        "WHERE u.country IN ('DE', 'FR', 'NL') AND NOT u.blocked AND w._tp_time BETWEEN now() - INTERVAL 1 HOUR AND now() " +
        "GROUP BY window_start, window_end, user_id HAVING views > 1 ORDER BY views DESC LIMIT 100 " +
        "EMIT AFTER WINDOW CLOSE WITH DELAY 2s SETTINGS seek_to = 'earliest', max_threads = 2";

    static final String CREATE =
        "CREATE STREAM IF NOT EXISTS clicks (user_id uint64, url string DEFAULT '/', tags array(low_cardinality(string)), " +
        "latency float64 CODEC(ZSTD(1)), props map(string, nullable(int32)), ts datetime64(3, 'UTC') DEFAULT now64(3)) " +
        "ORDER BY (user_id, ts) PARTITION BY to_YYYYMM(ts) TTL ts + INTERVAL 30 DAY " +
        "SETTINGS logstore_retention_bytes = 1073741824, logstore_codec = 'lz4'";

    private Path dir;
    private CatalogSnapshot snapshot;

    @Setup
    public void createStreams() throws IOException
    {
        dir = Files.createTempDirectory("muon-sql-bench");
        try (io.muon.kernel.stream.StreamStore store = new io.muon.kernel.stream.StreamStore(dir, FilesFacade.DEFAULT))
        {
            final SqlEngine engine = new SqlEngine(Catalog.open(dir, FilesFacade.DEFAULT), store);
            engine.execute("CREATE STREAM clicks (user_id uint64, url string, latency float64)", new Session());
            engine.execute("CREATE STREAM users (id uint64, country string, blocked bool)", new Session());
            snapshot = engine.catalog().snapshot();
        }
    }

    @TearDown
    public void deleteCatalog() throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Benchmark
    public QueryPlan parseAndAnalyzeShortSelect()
    {
        return new QueryAnalyzer(snapshot, Catalog.DEFAULT_DATABASE, Map.of(), true)
            .analyze((Statement.Query)SqlParser.parse(SHORT));
    }

    @Benchmark
    public QueryPlan parseAndAnalyzeLongStreamingSelect()
    {
        return new QueryAnalyzer(snapshot, Catalog.DEFAULT_DATABASE, Map.of(), true)
            .analyze((Statement.Query)SqlParser.parse(LONG));
    }

    @Benchmark
    public Statement parseShortSelect()
    {
        return SqlParser.parse(SHORT);
    }

    @Benchmark
    public Statement parseLongStreamingSelect()
    {
        return SqlParser.parse(LONG);
    }

    @Benchmark
    public Object parseAndAnalyzeCreateStream()
    {
        return DdlAnalyzer.stream((Statement.CreateStream)SqlParser.parse(CREATE), Catalog.DEFAULT_DATABASE);
    }

    /** Keeps FilesFacade and Catalog linked into the shaded jar for the DDL path. */
    static final Class<?>[] LINKED = {FilesFacade.class, Catalog.class};
}
