package io.muon.perf.tcp;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.tcp.NativeServer;
import io.muon.clickhouse.tcp.NativeSettings;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.ClickHouseServer;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The native protocol, Muon beside a ClickHouse server started for the run: the same rows (UInt64, Float64, String,
 * UInt32) inserted with {@code clickhouse-client --query "INSERT INTO t FORMAT TSV"} (the client parses the text and
 * streams Native blocks) and {@code FORMAT Native} (the client passes blocks through), in rows per second including
 * the client's start; then the round trip of {@code SELECT 1} on one open connection (the client's own
 * {@code --time}-free loop of many queries read from stdin, one connection), p50 and p99. Prints Markdown tables.
 */
public final class NativeComparison
{
    private NativeComparison()
    {
    }

    private static double client(final int port, final Path stdin, final String query) throws IOException,
        InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port",
            String.valueOf(port), "--query", query);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) :
            ProcessBuilder.Redirect.from(stdin.toFile()));
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        final long start = System.nanoTime();
        final Process process = builder.start();
        if (process.waitFor() != 0)
        {
            throw new IllegalStateException("clickhouse-client failed: " + query);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Per-query latencies in microseconds of {@code n} SELECT 1 on one connection of a Java native client. */
    private static double[] latencies(final int port, final int n) throws Exception
    {
        final java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        final double[] micros = new double[n];
        try (java.sql.Connection connection = new com.github.housepower.jdbc.ClickHouseDriver().connect(
            "jdbc:clickhouse://127.0.0.1:" + port + "/default", credentials);
             java.sql.Statement statement = connection.createStatement())
        {
            for (int i = -n / 10; i < n; i++)
            {
                final long start = System.nanoTime();
                try (java.sql.ResultSet rs = statement.executeQuery("SELECT 1"))
                {
                    rs.next();
                }
                if (i >= 0)
                {
                    micros[i] = (System.nanoTime() - start) / 1e3;
                }
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    public static void run(final boolean quick) throws Exception
    {
        final int rows = quick ? 1_000_000 : 10_000_000;
        final Path work = Files.createTempDirectory("muon-perf-native");
        final Path tsv = work.resolve("rows.tsv");
        try (BufferedWriter out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8))
        {
            for (int i = 0; i < rows; i++)
            {
                out.write(i + "\t" + (i * 0.25) + "\tname-" + (i % 10000) + "\t" + (i % 100000) + "\n");
            }
        }
        try (ClickHouseServer clickhouse = ClickHouseServer.start();
             StreamStore store = new StreamStore(work.resolve("muon"), FilesFacade.DEFAULT))
        {
            final Catalog catalog = Catalog.open(work.resolve("muon").resolve("catalog"), FilesFacade.DEFAULT);
            final SqlEngine engine = new SqlEngine(catalog, store);
            try (NativeServer muon = new NativeServer(engine, new Authenticator(catalog, Map.of(), false),
                new NativeSettings().port(0)).start())
            {
                final int muonPort = muon.address().getPort();
                final int clickhousePort = clickhouse.tcpPort();
                // the Native file both receive, written by ClickHouse itself
                final Path nativeFile = work.resolve("rows.native");
                clickhouse.query("CREATE TABLE src (id UInt64, v Float64, s String, k UInt32) ENGINE = MergeTree " +
                    "ORDER BY id");
                client(clickhousePort, tsv, "INSERT INTO src FORMAT TSV");
                final ProcessBuilder dump = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port",
                    String.valueOf(clickhousePort), "--query", "SELECT * FROM src FORMAT Native");
                dump.redirectOutput(nativeFile.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
                if (dump.start().waitFor() != 0)
                {
                    throw new IllegalStateException("could not write the Native file");
                }
                System.out.printf(Locale.ROOT, "%,d rows of (UInt64, Float64, String, UInt32), %.0f MB of TSV, with " +
                    "clickhouse-client %s; ClickHouse %s (MergeTree) vs Muon (stream in NativeLog), loopback%n%n",
                    rows, Files.size(tsv) / 1e6, "18.16", clickhouse.query("SELECT version()").trim());
                System.out.println("| insert | Muon rows/s | ClickHouse rows/s | Muon ÷ ClickHouse |");
                System.out.println("|---|---|---|---|");
                for (final String format : List.of("TSV", "Native"))
                {
                    final Path input = format.equals("TSV") ? tsv : nativeFile;
                    final List<Double> muonRuns = new ArrayList<>();
                    final List<Double> clickhouseRuns = new ArrayList<>();
                    for (int run = 0; run < 2; run++)
                    {
                        engine.execute("DROP STREAM IF EXISTS t", new Session(false));
                        engine.execute("CREATE TABLE t (id UInt64, v Float64, s String, k UInt32)",
                            new Session(false));
                        clickhouse.query("DROP TABLE IF EXISTS t");
                        clickhouse.query("CREATE TABLE t (id UInt64, v Float64, s String, k UInt32) ENGINE = " +
                            "MergeTree ORDER BY id");
                        muonRuns.add(client(muonPort, input, "INSERT INTO t (id, v, s, k) FORMAT " + format));
                        clickhouseRuns.add(client(clickhousePort, input, "INSERT INTO t (id, v, s, k) FORMAT " +
                            format));
                    }
                    final double muonSeconds = muonRuns.stream().mapToDouble(d -> d).min().orElseThrow();
                    final double clickhouseSeconds = clickhouseRuns.stream().mapToDouble(d -> d).min().orElseThrow();
                    System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", format, rows / muonSeconds,
                        rows / clickhouseSeconds, clickhouseSeconds / muonSeconds);
                }
                final int n = quick ? 2_000 : 10_000;
                final double[] muonLatency = latencies(muonPort, n);
                final double[] clickhouseLatency = latencies(clickhousePort, n);
                System.out.printf(Locale.ROOT, "%n`SELECT 1` round trip on one open connection (housepower native " +
                    "JDBC 2.7.1), %,d queries after %,d warm-up%n%n", n, n / 10);
                System.out.println("| | Muon µs | ClickHouse µs |");
                System.out.println("|---|---|---|");
                for (final double p : new double[] {0.5, 0.99})
                {
                    System.out.printf(Locale.ROOT, "| p%.0f | %.0f | %.0f |%n", p * 100,
                        muonLatency[(int)(p * (n - 1))], clickhouseLatency[(int)(p * (n - 1))]);
                }
            }
        }
    }
}
