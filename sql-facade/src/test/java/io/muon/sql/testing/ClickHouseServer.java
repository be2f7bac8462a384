package io.muon.sql.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private ClickHouse server (Debian's {@code clickhouse-server}, 18.16 on our machines) for tests and benchmarks that
 * compare Muon with the real thing: its own directory, free loopback ports, UTC, and statements sent to its HTTP
 * interface. {@link #close()} stops it and deletes its directory.
 */
public final class ClickHouseServer implements AutoCloseable
{
    private int tcpPort;
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);
    private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(10);

    private final Path directory;
    private final Process process;
    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ClickHouseServer(final Path directory, final Process process, final int httpPort)
    {
        this.directory = directory;
        this.process = process;
        this.uri = URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** The server binary on PATH or in the usual places, or null when ClickHouse is not installed. */
    public static Path binary()
    {
        final List<String> directories = new ArrayList<>();
        final String path = System.getenv("PATH");
        if (path != null)
        {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (final String candidateDirectory : directories)
        {
            if (!candidateDirectory.isEmpty())
            {
                final Path candidate = Path.of(candidateDirectory, "clickhouse-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Starts a server and waits until it answers; fails with its log when it exits or stays silent for a minute. */
    public static ClickHouseServer start() throws IOException, InterruptedException
    {
        final Path binary = binary();
        if (binary == null)
        {
            throw new IOException("ClickHouse (clickhouse-server) is not installed; ./run-tests installs it " +
                "(apt-get install clickhouse-server clickhouse-client)");
        }
        final Path directory = Files.createTempDirectory("muon-clickhouse");
        final int httpPort = freePort();
        final int tcpPort = freePort();
        writeConfig(directory, tcpPort, httpPort);
        final Process process = new ProcessBuilder(binary.toString(), "--config-file=" + directory.resolve("config.xml"))
            .directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(directory.resolve("console.log").toFile()).start();
        final ClickHouseServer server = new ClickHouseServer(directory, process, httpPort);
        server.tcpPort = tcpPort;
        final long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (true)
        {
            try
            {
                if (server.send("SELECT 1").statusCode() == 200)
                {
                    return server;
                }
            }
            catch (final IOException e)
            {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline)
            {
                final String why = process.isAlive() ? "did not answer within " + START_DEADLINE.toSeconds() + " s" :
                    "exited with " + process.exitValue();
                final String log = tail(directory.resolve("console.log")) + "\n" +
                    tail(directory.resolve("server.err.log"));
                server.close();
                throw new IOException("clickhouse-server " + why + ":\n" + log);
            }
            // a crashed server ends the wait at once; a starting one gets 50 ms before the next probe
            process.waitFor(50, TimeUnit.MILLISECONDS);
        }
    }

    /** Where the server keeps table data: {@code <this>/<database>/<table>/} (with {@code detached/}). */
    public Path tableDataDirectory()
    {
        return directory.resolve("data").resolve("data");
    }

    /** The server's native protocol port (clickhouse-client --port). */
    public int tcpPort()
    {
        return tcpPort;
    }

    /** The server's HTTP interface, {@code http://127.0.0.1:<port>/}. */
    public URI uri()
    {
        return uri;
    }

    /** Sends one statement; the answer is TabSeparated, an error a non-200 status with ClickHouse's message. */
    public HttpResponse<String> send(final String sql) throws IOException, InterruptedException
    {
        return send(sql, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Sends one statement, reading the answer with {@code handler} (raw bytes for binary formats). */
    public <T> HttpResponse<T> send(final String sql, final HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException
    {
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(QUERY_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
        return http.send(request, handler);
    }

    /** Runs one statement and returns its TabSeparated output; a ClickHouse error becomes an IOException. */
    public String query(final String sql) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = send(sql);
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to " + sql + ": " +
                response.body());
        }
        return response.body();
    }

    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        try (var paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignored)
        {
            // best effort: a temporary directory
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(final Path file)
    {
        try
        {
            if (!Files.exists(file))
            {
                return "(no " + file.getFileName() + ")";
            }
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (final IOException | UncheckedIOException e)
        {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void writeConfig(final Path root, final int tcpPort, final int httpPort) throws IOException
    {
        for (final String sub : List.of("data", "tmp", "user_files", "format_schemas"))
        {
            Files.createDirectories(root.resolve(sub));
        }
        final String config = """
            <?xml version="1.0"?>
            <yandex>
                <logger>
                    <level>information</level>
                    <log>%1$s/server.log</log>
                    <errorlog>%1$s/server.err.log</errorlog>
                    <size>100M</size>
                    <count>1</count>
                </logger>
                <listen_host>127.0.0.1</listen_host>
                <tcp_port>%2$d</tcp_port>
                <http_port>%3$d</http_port>
                <path>%1$s/data/</path>
                <tmp_path>%1$s/tmp/</tmp_path>
                <user_files_path>%1$s/user_files/</user_files_path>
                <format_schema_path>%1$s/format_schemas/</format_schema_path>
                <users_config>%1$s/users.xml</users_config>
                <default_profile>default</default_profile>
                <default_database>default</default_database>
                <timezone>UTC</timezone>
                <max_concurrent_queries>16</max_concurrent_queries>
                <mark_cache_size>268435456</mark_cache_size>
                <uncompressed_cache_size>268435456</uncompressed_cache_size>
            </yandex>
            """.formatted(root.toAbsolutePath(), tcpPort, httpPort);
        final String users = """
            <?xml version="1.0"?>
            <yandex>
                <profiles>
                    <default>
                        <max_memory_usage>8000000000</max_memory_usage>
                        <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>
                    </default>
                </profiles>
                <users>
                    <default>
                        <password></password>
                        <networks>
                            <ip>127.0.0.1</ip>
                            <ip>::1</ip>
                        </networks>
                        <profile>default</profile>
                        <quota>default</quota>
                    </default>
                </users>
                <quotas>
                    <default>
                        <interval>
                            <duration>3600</duration>
                            <queries>0</queries>
                            <errors>0</errors>
                            <result_rows>0</result_rows>
                            <read_rows>0</read_rows>
                            <execution_time>0</execution_time>
                        </interval>
                    </default>
                </quotas>
            </yandex>
            """;
        Files.writeString(root.resolve("config.xml"), config);
        Files.writeString(root.resolve("users.xml"), users);
    }
}
