package io.muon.perf.query;

import java.io.IOException;
import java.net.ServerSocket;
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

/**
 * A throw-away ClickHouse server (Debian's {@code clickhouse-server}, 18.16 here) in a temporary directory on free
 * loopback ports, queried over its HTTP interface. For benchmarks that compare Muon with the real thing in one run.
 */
final class ClickHouseServer implements AutoCloseable
{
    private final Path directory;
    private final Process process;
    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClickHouseServer(final Path directory, final Process process, final int httpPort)
    {
        this.directory = directory;
        this.process = process;
        this.httpPort = httpPort;
    }

    static ClickHouseServer start() throws IOException, InterruptedException
    {
        final Path directory = Files.createTempDirectory("muon-perf-clickhouse");
        final int httpPort = freePort();
        final int tcpPort = freePort();
        Files.writeString(directory.resolve("users.xml"), """
            <yandex>
              <profiles><default><max_memory_usage>8000000000</max_memory_usage></default></profiles>
              <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
                <profile>default</profile><quota>default</quota></default></users>
              <quotas><default></default></quotas>
            </yandex>
            """);
        Files.writeString(directory.resolve("config.xml"), """
            <yandex>
              <logger><level>warning</level><log>%1$s/server.log</log><errorlog>%1$s/error.log</errorlog></logger>
              <http_port>%2$d</http_port>
              <tcp_port>%3$d</tcp_port>
              <listen_host>127.0.0.1</listen_host>
              <path>%1$s/data/</path>
              <tmp_path>%1$s/tmp/</tmp_path>
              <user_files_path>%1$s/user_files/</user_files_path>
              <format_schema_path>%1$s/format_schemas/</format_schema_path>
              <users_config>%1$s/users.xml</users_config>
              <default_profile>default</default_profile>
              <default_database>default</default_database>
              <mark_cache_size>1073741824</mark_cache_size>
            </yandex>
            """.formatted(directory, httpPort, tcpPort));
        final Process process = new ProcessBuilder("clickhouse-server", "--config-file=" +
            directory.resolve("config.xml")).directory(directory.toFile())
            .redirectOutput(directory.resolve("stdout.log").toFile())
            .redirectError(directory.resolve("stderr.log").toFile()).start();
        final ClickHouseServer server = new ClickHouseServer(directory, process, httpPort);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                if (server.query("SELECT 1").trim().equals("1"))
                {
                    return server;
                }
            }
            catch (final IOException e)
            {
                if (!process.isAlive() || System.nanoTime() > deadline)
                {
                    server.close();
                    throw new IOException("clickhouse-server did not start; see " + directory, e);
                }
            }
            // a crashed server ends the wait at once; a starting one gets 100 ms before the next probe
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** Runs one statement and returns its TabSeparated output; a ClickHouse error becomes an IOException. */
    String query(final String sql) throws IOException, InterruptedException
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/?query=" +
            URLEncoder.encode(sql, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofMinutes(10)).build();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    private static void deleteTree(final Path root)
    {
        try (var paths = Files.walk(root))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // best effort: a temporary directory
        }
    }
}
