package io.muon.clickhouse.http;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.testing.HttpFixture;
import io.muon.kernel.catalog.UserEntry;
import io.muon.kernel.testing.Await;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP interface's behaviour as ClickHouse clients meet it: statuses, error bodies and headers, users, GET being
 * read-only, content encodings, keep-alive with pipelined requests, Proton's ingest API, cancellation when a client
 * goes away, limits, and garbage that must not harm the server.
 */
@ExtendWith(LeakCheck.class)
class HttpInterfaceTest
{
    @TempDir
    Path dir;

    private static String text(final HttpResponse<byte[]> response)
    {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(final String text)
    {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void assertError(final HttpResponse<byte[]> response, final int status, final int code,
        final String part)
    {
        assertEquals(status, response.statusCode(), text(response));
        assertEquals(String.valueOf(code), response.headers().firstValue("X-ClickHouse-Exception-Code").orElse(""));
        assertTrue(text(response).startsWith("Code: " + code + ". DB::Exception: ") && text(response).contains(part),
            text(response));
    }

    @Test
    void answersAsClickHouseDoes() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir))
        {
            final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            final HttpResponse<byte[]> get = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(muon.uri() + "?query=SELECT+1")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("1\n", text(get));
            assertEquals("text/tab-separated-values; charset=UTF-8", get.headers().firstValue("Content-Type").get());
            assertEquals("UTC", get.headers().firstValue("X-ClickHouse-Timezone").get());
            assertEquals("TabSeparated", get.headers().firstValue("X-ClickHouse-Format").get());
            final String summary = get.headers().firstValue("X-ClickHouse-Summary").get();
            assertTrue(summary.matches("\\{\"read_rows\":\"\\d+\",\"read_bytes\":\"\\d+\",\"written_rows\":\"0\"," +
                "\"written_bytes\":\"0\",\"total_rows_to_read\":\"\\d+\",\"result_rows\":\"1\"," +
                "\"result_bytes\":\"2\",\"elapsed_ns\":\"\\d+\"}"), summary);
            final String numbers = muon.post("", bytes("SELECT number FROM numbers(10)")).headers()
                .firstValue("X-ClickHouse-Summary").get();
            assertTrue(numbers.startsWith("{\"read_rows\":\"10\",\"read_bytes\":\"80\",") &&
                numbers.contains("\"result_rows\":\"10\",\"result_bytes\":\"20\""), numbers);
            final HttpResponse<byte[]> progress = muon.post("send_progress_in_http_headers=1",
                bytes("SELECT number FROM numbers(3)"));
            assertTrue(progress.headers().firstValue("X-ClickHouse-Progress").orElse("").contains("\"read_rows\":\"3\""),
                progress.headers().map().toString());
            assertEquals("Ok.\n", text(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                muon.uri() + "ping")).build(), HttpResponse.BodyHandlers.ofByteArray())));

            final HttpResponse<byte[]> named = muon.post("query_id=q-7&default_format=JSONEachRow", bytes("SELECT 2 AS x"));
            assertEquals("{\"x\":2}\n", text(named));
            assertEquals("q-7", named.headers().firstValue("X-ClickHouse-Query-Id").get());
            assertEquals("{\"x\":3}\n", text(muon.post("", bytes("SELECT 3 AS x"), "X-ClickHouse-Format",
                "JSONEachRow")));
            assertEquals("4\n", text(muon.post("query=" + encode("SELECT"), bytes("4"))), "query parameter + body");

            assertError(muon.post("", bytes("SELEC 1")), 400, 62, "Syntax error");
            assertError(muon.post("", bytes("SELECT * FROM table(nowhere)")), 404, 60, "nowhere");
            assertError(muon.post("max_result_rows=2", bytes("SELECT number FROM numbers(5)")), 500, 396,
                "max_result_rows");
            assertError(muon.post("no_such_setting=1", bytes("SELECT 1")), 404, 115, "no_such_setting");
            assertError(muon.post("", bytes("SELECT 1 FORMAT Nonsense")), 404, 73, "Nonsense");
            assertError(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(muon.uri() + "?query=" +
                encode("CREATE STREAM g (a int)"))).build(), HttpResponse.BodyHandlers.ofByteArray()), 403, 164,
                "readonly");

            muon.sql("CREATE STREAM s (id uint64, name string)");
            assertEquals(200, muon.post("query=" + encode("INSERT INTO s FORMAT TSV"), bytes("1\tone\n2\ttwo\n"))
                .statusCode());
            final HttpResponse<byte[]> bad = muon.post("query=" + encode("INSERT INTO s FORMAT TSV"),
                bytes("3\tthree\nfour\tfour\n"));
            assertError(bad, 400, 6, "(at row 2), column 1 'id'");
            assertEquals("2\n", muon.sql("SELECT count() FROM table(s)"), "nothing of a failed INSERT is appended");
            assertEquals(200, muon.post("input_format_allow_errors_num=1&query=" + encode("INSERT INTO s FORMAT TSV"),
                bytes("3\tthree\nfour\tfour\n")).statusCode());
            assertEquals("3\n", muon.sql("SELECT count() FROM table(s)"), "one bad row allowed and skipped");

            // session: database and settings kept between requests
            muon.sql("CREATE DATABASE other");
            assertEquals(200, muon.post("session_id=abc", bytes("USE other")).statusCode());
            assertEquals("other\n", text(muon.post("session_id=abc", bytes("SELECT currentDatabase()"))));
            assertEquals("default\n", text(muon.post("", bytes("SELECT currentDatabase()"))));
            assertEquals("other\n", text(muon.post("database=other", bytes("SELECT currentDatabase()"))));
        }
    }

    @Test
    void usersAndPasswords() throws Exception
    {
        final Map<String, UserEntry> users = Map.of("alice", new UserEntry("alice", Authenticator.sha256("secret"),
            false, null), "reader", new UserEntry("reader", null, true, null));
        try (HttpFixture muon = new HttpFixture(dir, new HttpSettings(), users))
        {
            assertEquals("alice\n", text(muon.post("user=alice&password=secret", bytes("SELECT currentUser()"))));
            assertEquals("alice\n", text(muon.post("", bytes("SELECT currentUser()"), "X-ClickHouse-User", "alice",
                "X-ClickHouse-Key", "secret")));
            final String basic = java.util.Base64.getEncoder().encodeToString(bytes("alice:secret"));
            assertEquals("alice\n", text(muon.post("", bytes("SELECT currentUser()"), "Authorization",
                "Basic " + basic)));
            assertError(muon.post("user=alice&password=wrong", bytes("SELECT 1")), 403, 516, "Authentication failed");
            assertError(muon.post("user=nobody", bytes("SELECT 1")), 403, 516, "Authentication failed");
            assertError(muon.post("user=alice&password=secret", bytes("SELECT 1"), "X-ClickHouse-User", "alice"), 403,
                516, "simultaneously");
            assertError(muon.post("user=reader", bytes("CREATE STREAM r (a int)")), 403, 164, "readonly");
            assertEquals("1\n", text(muon.post("user=reader", bytes("SELECT 1"))));
            // CREATE USER through SQL, then log in as that user
            muon.sql("CREATE USER bob IDENTIFIED WITH sha256_password BY 'pw'");
            assertEquals("bob\n", text(muon.post("user=bob&password=pw", bytes("SELECT currentUser()"))));
            assertError(muon.post("user=bob&password=p", bytes("SELECT 1")), 403, 516, "Authentication failed");
        }
    }

    @Test
    void compressedBodiesBothWays() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir))
        {
            final String query = "SELECT number, toString(number) FROM numbers(20000)";
            final String plain = muon.sql(query);
            final HttpResponse<byte[]> gzip = muon.post("enable_http_compression=1", bytes(query), "Accept-Encoding",
                "gzip");
            assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(""));
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip.body())))
            {
                assertEquals(plain, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            final HttpResponse<byte[]> zstd = muon.post("enable_http_compression=1", bytes(query), "Accept-Encoding",
                "zstd");
            assertEquals("zstd", zstd.headers().firstValue("Content-Encoding").orElse(""));
            assertEquals(plain, new String(com.github.luben.zstd.Zstd.decompress(zstd.body(), plain.length()),
                StandardCharsets.UTF_8));
            assertTrue(muon.post("", bytes(query), "Accept-Encoding", "gzip").headers()
                .firstValue("Content-Encoding").isEmpty(), "compression only with enable_http_compression=1");

            muon.sql("CREATE STREAM z (n uint64, s string)");
            final ByteArrayOutputStream packed = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(packed))
            {
                out.write(bytes(plain));
            }
            assertEquals(200, muon.post("query=" + encode("INSERT INTO z FORMAT TSV"), packed.toByteArray(),
                "Content-Encoding", "gzip").statusCode());
            assertEquals("20000\t199990000\n", muon.sql("SELECT count(), sum(n) FROM table(z)"));
            assertError(muon.post("query=" + encode("INSERT INTO z FORMAT TSV"), bytes("not gzip"),
                "Content-Encoding", "gzip"), 400, 33, "gzip");
            assertError(muon.post("decompress=1&query=" + encode("INSERT INTO z FORMAT TSV"), bytes("not framed at all, " +
                "just text that is long enough")), 400, 33, "Cannot read all data");
            final byte[] frame = io.muon.kernel.compress.CompressedBlock.compress(
                io.muon.kernel.compress.CompressedBlockDescriptor.METHOD_LZ4, 0, bytes("1\tx\n"), 0, 4);
            frame[frame.length - 1] ^= 1;
            assertError(muon.post("decompress=1&query=" + encode("INSERT INTO z FORMAT TSV"), frame), 400, 40,
                "Checksum doesn't match");
            assertEquals("20000\n", muon.sql("SELECT count() FROM table(z)"));
        }
    }

    /**
     * Sends raw bytes on one connection ({@code halfClose}: then ends its side) and reads until the server closes it
     * or 20 seconds pass.
     */
    private static String raw(final int port, final byte[] request, final boolean halfClose) throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            if (halfClose)
            {
                socket.shutdownOutput();
            }
            final ByteArrayOutputStream got = new ByteArrayOutputStream();
            try
            {
                got.write(socket.getInputStream().readAllBytes());
            }
            catch (final java.net.SocketTimeoutException | java.net.SocketException e)
            {
                // what arrived so far is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndGarbageHarmsNoOne() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir, new HttpSettings().maxHeaderBytes(4096), Map.of()))
        {
            final String two = "GET /?query=SELECT+11 HTTP/1.1\r\nHost: x\r\n\r\n" +
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 9\r\n\r\nSELECT 22";
            final String answer = raw(muon.port(), bytes(two), false);
            assertTrue(answer.indexOf("11\n") > 0 && answer.indexOf("22\n") > answer.indexOf("11\n"), answer);

            final Random random = new Random(7);
            for (int i = 0; i < 200; i++)
            {
                final byte[] garbage = new byte[random.nextInt(300)];
                random.nextBytes(garbage);
                raw(muon.port(), garbage, true);
            }
            final String huge = "GET /?query=SELECT+1 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n";
            final String tooLarge = raw(muon.port(), bytes(huge), false);
            assertTrue(tooLarge.startsWith("HTTP/1.1 431"), tooLarge);
            final String truncated = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nSELECT 1";
            try (Socket socket = new Socket("127.0.0.1", muon.port()))
            {
                socket.getOutputStream().write(bytes(truncated));
            }
            assertEquals("1\n", muon.sql("SELECT 1"), "the server still answers");
        }
    }

    @Test
    void protonIngestApi() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir, new HttpSettings().streaming(true), Map.of()))
        {
            muon.sql("CREATE STREAM foo (id int, name string)");
            final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            final java.util.function.Function<String, HttpResponse<byte[]>> ingest = body ->
            {
                try
                {
                    return HttpFixture.post(client, java.net.URI.create(muon.uri() + "proton/v1/ingest/streams/foo"),
                        "", bytes(body));
                }
                catch (final Exception e)
                {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(200, ingest.apply("{\"columns\": [\"id\",\"name\"], \"data\": [[1,\"hello\"],[2,\"world\"]]}")
                .statusCode());
            assertEquals(200, ingest.apply("{\"id\": 3, \"name\": \"line\"}\n{\"id\": 4, \"name\": \"two\"}\n")
                .statusCode());
            assertEquals("1\thello\n2\tworld\n3\tline\n4\ttwo\n", muon.sql("SELECT id, name FROM table(foo) ORDER BY id"));
            assertEquals(400, ingest.apply("{\"columns\": [\"id\"], \"data\": [[\"x\"]]}").statusCode());
            assertEquals(400, ingest.apply("{\"columns\": [\"id\"], \"data\": [[1]").statusCode());
            assertEquals(404, HttpFixture.post(client, java.net.URI.create(muon.uri() + "proton/v1/ingest/streams/nope"),
                "", bytes("{\"columns\": [\"id\"], \"data\": [[1]]}")).statusCode());
            assertEquals("4\n", muon.sql("SELECT count() FROM table(foo)"));
        }
    }

    @Test
    void aClientThatGoesAwayCancelsItsQueryAndLimitsHold() throws Exception
    {
        try (HttpFixture muon = new HttpFixture(dir, new HttpSettings().maxConcurrentQueries(1), Map.of()))
        {
            final String sql = "SELECT count() FROM numbers(100000000000000000)";
            final String longQuery = "POST /?query_id=slow HTTP/1.1\r\nHost: x\r\nContent-Length: " + sql.length() +
                "\r\n\r\n" + sql;
            final Socket socket = new Socket("127.0.0.1", muon.port());
            socket.getOutputStream().write(bytes(longQuery));
            socket.getOutputStream().flush();
            Await.until(Duration.ofSeconds(20), () -> muon.engine().execute("SELECT count() FROM system.processes " +
                "WHERE query_id = 'slow'", new io.muon.sql.engine.Session(false)).toTsv().equals("1\n"),
                () -> "the slow query runs");
            assertError(muon.post("", bytes("SELECT 1")), 503, 202, "Too many simultaneous queries");
            socket.close();
            Await.until(Duration.ofSeconds(20), () -> muon.engine().execute("SELECT count() FROM system.processes " +
                "WHERE query_id = 'slow'", new io.muon.sql.engine.Session(false)).toTsv().equals("0\n"),
                () -> "the query is cancelled");
            Await.until(Duration.ofSeconds(20), () ->
            {
                try
                {
                    return muon.post("", bytes("SELECT 5")).statusCode() == 200;
                }
                catch (final Exception e)
                {
                    return false;
                }
            }, () -> "its slot is free again");
        }
    }
}
