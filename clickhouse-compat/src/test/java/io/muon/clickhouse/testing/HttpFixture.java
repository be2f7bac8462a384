package io.muon.clickhouse.testing;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.http.HttpServer;
import io.muon.clickhouse.http.HttpSettings;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.UserEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Muon's HTTP interface over an engine on a temporary directory, on a free loopback port, for tests: {@link #post}
 * sends a request and returns status, headers and body bytes. {@link #close()} stops the server and the engine's
 * streams.
 */
public final class HttpFixture implements AutoCloseable
{
    private final StreamStore store;
    private final SqlEngine engine;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public HttpFixture(final Path dir, final HttpSettings settings, final Map<String, UserEntry> users)
        throws InterruptedException
    {
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        engine = new SqlEngine(catalog, store);
        server = new HttpServer(engine, new Authenticator(catalog, users, false), settings.port(0)).start();
    }

    public HttpFixture(final Path dir) throws InterruptedException
    {
        this(dir, new HttpSettings(), Map.of());
    }

    public URI uri()
    {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    }

    public int port()
    {
        return server.address().getPort();
    }

    public SqlEngine engine()
    {
        return engine;
    }

    /** POSTs {@code body} to {@code /?<query>} of {@code base} with extra headers (name, value, name, value…). */
    public static HttpResponse<byte[]> post(final HttpClient client, final URI base, final String query,
        final byte[] body, final String... headers) throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + (query.isEmpty() ? "" :
            "?" + query))).timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2)
        {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> post(final String query, final byte[] body, final String... headers)
        throws IOException, InterruptedException
    {
        return post(client, uri(), query, body, headers);
    }

    /** Runs one statement (POST body) and returns the answer as text; fails on a non-200 answer. */
    public String sql(final String statement) throws IOException, InterruptedException
    {
        final HttpResponse<byte[]> response = post("", statement.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() != 200)
        {
            throw new IOException("HTTP " + response.statusCode() + ": " + text);
        }
        return text;
    }

    @Override
    public void close()
    {
        server.close();
        engine.close();
        store.close();
    }
}
