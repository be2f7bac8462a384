package io.muon.tools;

import io.muon.kernel.testing.LeakCheck;
import io.muon.sql.engine.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming queries through the assembled server's streaming ports with real clients: Debian's clickhouse-client
 * 18.16 on the native port 8463 (a plain SELECT tails the stream until its LIMIT), and an HTTP client on 3218 that
 * reads each row as it is emitted, in a chunked response, and cancels the query by going away.
 */
@ExtendWith(LeakCheck.class)
class StreamingClientTest
{
    @TempDir
    Path dir;

    private MuonServer server;
    private final Session session = new Session(false);

    @BeforeEach
    void startServer() throws Exception
    {
        server = new MuonServer(Muon.parseServerOptions(new String[] {"--data", dir.resolve("data").toString(),
            "--metrics_port", "0", "--http_port", "0", "--streaming_http_port", "0", "--tcp_port", "0",
            "--streaming_tcp_port", "0"})).start();
        sql("CREATE STREAM s (k string, v int64)");
    }

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private String sql(final String statement)
    {
        return server.sqlEngine().execute(statement, session).toTsv();
    }

    private void waitFor(final java.util.function.BooleanSupplier condition, final String what) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    private int streamingQueries()
    {
        return Integer.parseInt(sql("SELECT count() FROM system.processes WHERE is_streaming").trim());
    }

    @Test
    void clickHouseClientTailsAStreamOnTheStreamingPortUntilItsLimit() throws Exception
    {
        sql("INSERT INTO s (k, v) VALUES ('before', 0)");
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final Process client = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port",
            String.valueOf(server.streamingTcpAddress().getPort()), "--query",
            "SELECT k, v * 2 FROM s WHERE v > 1 LIMIT 2")
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try
        {
            waitFor(() -> streamingQueries() == 1 || !client.isAlive(), "the streaming query to start");
            sql("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
            sql("INSERT INTO s (k, v) VALUES ('c', 3), ('d', 4)");
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "clickhouse-client did not end at the LIMIT");
            assertEquals(0, client.exitValue(), Files.readString(err));
            assertEquals("b\t4\nc\t6\n", Files.readString(out));
        }
        finally
        {
            client.destroyForcibly();
        }
        waitFor(() -> streamingQueries() == 0, "the query to leave system.processes");
    }

    /**
     * A streaming query without LIMIT on 8463, read until {@code rows} rows came out, then stopped by {@code stop}
     * (a Cancel packet from the client, or the client's connection going away): the query must leave
     * system.processes and the server keep serving.
     */
    private void interruptedClickHouseClient(final String signal) throws Exception
    {
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final Process client = new ProcessBuilder("clickhouse-client", "--host", "127.0.0.1", "--port",
            String.valueOf(server.streamingTcpAddress().getPort()), "--query", "SELECT k, v FROM s WHERE v > 0")
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectError(err.toFile()).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            waitFor(() -> streamingQueries() == 1 || !client.isAlive(), "the streaming query to start");
            for (int i = 1; i <= 3; i++)
            {
                sql("INSERT INTO s (k, v) VALUES ('r" + i + "', " + i + ")");
                assertEquals("r" + i + "\t" + i, lines.readLine(), () -> "stderr: " + read(err));
            }
            final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(client.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(client.waitFor(60, TimeUnit.SECONDS), "clickhouse-client did not stop on SIG" + signal);
            waitFor(() -> streamingQueries() == 0, "the interrupted query to leave system.processes");
        }
        finally
        {
            client.destroyForcibly();
        }
        assertEquals("3\n", sql("SELECT count() FROM table(s)"));
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final java.io.IOException e)
        {
            return e.toString();
        }
    }

    /** A connection of the housepower native JDBC driver to the streaming native port. */
    private java.sql.Connection streamingJdbc() throws java.sql.SQLException
    {
        final java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", "default");
        credentials.setProperty("password", "");
        return new com.github.housepower.jdbc.ClickHouseDriver().connect("jdbc:clickhouse://127.0.0.1:" +
            server.streamingTcpAddress().getPort() + "/default", credentials);
    }

    @Test
    void clickHouseClientInterruptedAfterSomeRowsCancelsItsStreamingQuery() throws Exception
    {
        // SIGINT: clickhouse-client sends Cancel and waits for the end of the stream
        interruptedClickHouseClient("INT");
    }

    @Test
    void clickHouseClientKilledAfterSomeRowsEndsItsStreamingQuery() throws Exception
    {
        // SIGKILL: the connection just goes away
        interruptedClickHouseClient("KILL");
    }

    @Test
    void theNativeJdbcDriverLeavingAStreamingQueryAfterSomeRowsEndsIt() throws Exception
    {
        final java.util.concurrent.ExecutorService inserts = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection connection = streamingJdbc(); java.sql.Statement statement =
            connection.createStatement())
        {
            inserts.submit(() ->
            {
                waitFor(() -> streamingQueries() == 1, "the streaming query to start");
                sql("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2)");
                return null;
            });
            final java.sql.ResultSet rows = statement.executeQuery("SELECT k, v FROM s");
            assertTrue(rows.next());
            assertEquals("a", rows.getString(1));
            assertTrue(rows.next());
            assertEquals(2, rows.getLong(2));
            // the driver leaves with the query still running: closing the connection ends it on the server
        }
        finally
        {
            inserts.shutdownNow();
        }
        waitFor(() -> streamingQueries() == 0, "the abandoned query to leave system.processes");
    }

    @Test
    void anHttpClientReadsAChangelogWithItsInt8DeltaColumnUntilTheLimit() throws Exception
    {
        // (clickhouse-client 18.16 parses queries itself and refuses EMIT, so this one goes over HTTP)
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final URI uri = URI.create("http://127.0.0.1:" + server.streamingHttpAddress().getPort() + "/?query=" +
            URLEncoder.encode("SELECT k, count() AS c FROM s GROUP BY k LIMIT 3 EMIT CHANGELOG ON UPDATE " +
            "FORMAT TabSeparatedWithNamesAndTypes", StandardCharsets.UTF_8));
        final java.util.concurrent.CompletableFuture<HttpResponse<String>> response = http.sendAsync(
            HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        waitFor(() -> streamingQueries() == 1 || response.isDone(), "the streaming query to start");
        sql("INSERT INTO s (k, v) VALUES ('a', 1)");
        // the first row was read (and its emit sent) before the second comes
        waitFor(() -> response.isDone() || sql("SELECT read_rows FROM system.processes WHERE is_streaming")
            .trim().equals("1"), "the first row to be read");
        sql("INSERT INTO s (k, v) VALUES ('a', 2)");
        final HttpResponse<String> done = response.get(60, TimeUnit.SECONDS);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals("k\tc\t_tp_delta\nString\tUInt64\tInt8\na\t1\t1\na\t1\t-1\na\t2\t1\n", done.body());
        waitFor(() -> streamingQueries() == 0, "the query to leave system.processes");
    }

    @Test
    void theNativeJdbcDriverRunsAnEmitQueryOnTheStreamingPort() throws Exception
    {
        final java.util.concurrent.ExecutorService inserts = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection connection = streamingJdbc(); java.sql.Statement statement =
            connection.createStatement())
        {
            // the rows come once the query runs; the driver blocks for its first block meanwhile
            inserts.submit(() ->
            {
                waitFor(() -> streamingQueries() == 1, "the streaming query to start");
                sql("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('a', 3)");
                return null;
            });
            try (java.sql.ResultSet rows = statement.executeQuery("SELECT k, count() AS c, sum(v) AS total, " +
                "emit_version() AS version FROM s GROUP BY k LIMIT 2 EMIT ON UPDATE"))
            {
                final java.sql.ResultSetMetaData meta = rows.getMetaData();
                assertEquals("Int64", meta.getColumnTypeName(4));
                final java.util.List<String> seen = new java.util.ArrayList<>();
                while (rows.next())
                {
                    seen.add(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getLong(3) + " " +
                        rows.getLong(4));
                }
                assertEquals(java.util.List.of("a 2 4 0", "b 1 2 0"), seen);
            }
        }
        finally
        {
            inserts.shutdownNow();
        }
        waitFor(() -> streamingQueries() == 0, "the query to leave system.processes");
    }

    @Test
    void anHttpClientOnTheStreamingPortGetsEachRowAsItIsEmittedAndCancelsByLeaving() throws Exception
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final URI uri = URI.create("http://127.0.0.1:" + server.streamingHttpAddress().getPort() + "/?query=" +
            URLEncoder.encode("SELECT k, v FROM s WHERE k != 'skip'", StandardCharsets.UTF_8));
        final HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)))
        {
            waitFor(() -> streamingQueries() == 1, "the streaming query to start");
            sql("INSERT INTO s (k, v) VALUES ('skip', 0), ('first', 1)");
            assertEquals("first\t1", lines.readLine());
            sql("INSERT INTO s (k, v) VALUES ('second', 2)");
            assertEquals("second\t2", lines.readLine());
        }
        waitFor(() -> streamingQueries() == 0, "the abandoned query to be cancelled");
        // the batch port still answers plain SELECTs as bounded queries over the same rows
        final HttpResponse<String> batch = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            server.httpAddress().getPort() + "/?query=" + URLEncoder.encode("SELECT k FROM s ORDER BY v",
            StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("skip\nfirst\nsecond\n", batch.body());
    }
}
