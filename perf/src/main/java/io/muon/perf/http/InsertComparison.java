package io.muon.perf.http;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.http.HttpServer;
import io.muon.clickhouse.http.HttpSettings;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.ClickHouseServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows per second inserted over HTTP, Muon beside a ClickHouse server started for the run: the same rows (5 columns,
 * written by ClickHouse itself in TabSeparated, JSONEachRow and RowBinary) posted in batches of 10K and 100K rows,
 * one request after another on one connection, to {@code INSERT INTO t FORMAT f} on both. Prints a Markdown table.
 */
public final class InsertComparison
{
    private static final String COLUMNS = "id, v, s, k, t";
    private static final String SELECT = "SELECT number AS id, number * 0.25 AS v, concat('name-', " +
        "toString(number %% 10000)) AS s, toUInt32(number %% 100000) AS k, toDateTime(1700000000 + number) AS t FROM " +
        "numbers(%d, %d) FORMAT %s";

    private InsertComparison()
    {
    }

    private static HttpResponse<byte[]> post(final HttpClient client, final URI uri, final byte[] body)
        throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void ok(final HttpResponse<byte[]> response, final String what)
    {
        if (response.statusCode() != 200)
        {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " +
                new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** Seconds to post every batch as {@code INSERT INTO t FORMAT format} to {@code base}. */
    private static double insert(final HttpClient client, final URI base, final String format,
        final List<byte[]> batches) throws Exception
    {
        final URI uri = URI.create(base + "?query=" + URLEncoder.encode("INSERT INTO t (" + COLUMNS + ") FORMAT " +
            format, StandardCharsets.UTF_8));
        final long start = System.nanoTime();
        for (final byte[] batch : batches)
        {
            ok(post(client, uri, batch), format);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    public static void run(final boolean quick) throws Exception
    {
        final int rows = quick ? 200_000 : 1_000_000;
        final Path dataDirectory = Files.createTempDirectory("muon-perf-insert");
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ClickHouseServer clickhouse = ClickHouseServer.start();
             StreamStore store = new StreamStore(dataDirectory, FilesFacade.DEFAULT))
        {
            final Catalog catalog = Catalog.open(dataDirectory.resolve("catalog"), FilesFacade.DEFAULT);
            final SqlEngine engine = new SqlEngine(catalog, store);
            try (HttpServer muon = new HttpServer(engine, new Authenticator(catalog, Map.of(), false),
                new HttpSettings().port(0)).start())
            {
                final URI muonUri = URI.create("http://127.0.0.1:" + muon.address().getPort() + "/");
                final String version = clickhouse.query("SELECT version()").trim();
                System.out.printf(Locale.ROOT, "%d rows of 5 columns per run; ClickHouse %s (MergeTree), Muon " +
                    "(stream in NativeLog), both over HTTP on loopback%n%n", rows, version);
                System.out.println("| format | batch rows | Muon rows/s | ClickHouse rows/s | Muon ÷ ClickHouse |");
                System.out.println("|---|---|---|---|---|");
                for (final String format : List.of("TabSeparated", "JSONEachRow", "RowBinary"))
                {
                    for (final int batchRows : List.of(10_000, 100_000))
                    {
                        final List<byte[]> batches = new ArrayList<>();
                        for (int from = 0; from < rows; from += batchRows)
                        {
                            batches.add(clickhouse.send(String.format(Locale.ROOT, SELECT, from, batchRows, format),
                                HttpResponse.BodyHandlers.ofByteArray()).body());
                        }
                        clickhouse.query("DROP TABLE IF EXISTS t");
                        clickhouse.query("CREATE TABLE t (id UInt64, v Float64, s String, k UInt32, t DateTime) " +
                            "ENGINE = MergeTree ORDER BY id");
                        ok(post(client, muonUri, "DROP STREAM IF EXISTS t".getBytes(StandardCharsets.UTF_8)), "drop");
                        ok(post(client, muonUri, ("CREATE STREAM t (id uint64, v float64, s string, k uint32, " +
                            "t datetime)").getBytes(StandardCharsets.UTF_8)), "create");
                        // one warm-up pass each, then the measured pass into fresh tables
                        insert(client, muonUri, format, batches.subList(0, Math.min(3, batches.size())));
                        insert(client, clickhouse.uri(), format, batches.subList(0, Math.min(3, batches.size())));
                        final double muonSeconds = insert(client, muonUri, format, batches);
                        final double clickhouseSeconds = insert(client, clickhouse.uri(), format, batches);
                        System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.2f |%n", format, batchRows,
                            rows / muonSeconds, rows / clickhouseSeconds, clickhouseSeconds / muonSeconds);
                    }
                }
            }
        }
    }
}
