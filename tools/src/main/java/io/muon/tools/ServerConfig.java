package io.muon.tools;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The server's configuration: embedded defaults, then a config file of {@code name = value} lines
 * ({@code --config FILE}), then command-line options. Every name and value is checked; the first bad one is
 * reported in one line naming it.
 */
final class ServerConfig
{
    static final String DATA_DIR = "data_dir";
    static final String LISTEN_HOST = "listen_host";
    static final String METRICS_PORT = "metrics_port";
    static final String HTTP_PORT = "http_port";
    static final String STREAMING_HTTP_PORT = "streaming_http_port";
    static final String TCP_PORT = "tcp_port";
    static final String STREAMING_TCP_PORT = "streaming_tcp_port";
    static final String MAX_CONCURRENT_QUERIES = "max_concurrent_queries";
    static final String HTTP_MAX_BODY_BYTES = "http_max_body_bytes";
    static final String DEFAULT_USER_FROM_ANYWHERE = "default_user_from_anywhere";
    static final String AERON_INGEST = "aeron_ingest";
    static final String AERON_INGEST_PORT = "aeron_ingest_port";
    static final String AERON_INGEST_STREAM_ID = "aeron_ingest_stream_id";
    static final String AERON_DIR = "aeron_dir";
    static final String AERON_EXTERNAL_DRIVER = "aeron_external_driver";
    static final String CLUSTER = "cluster";
    static final String CLUSTER_NODE_ID = "cluster_node_id";
    static final String CLUSTER_MEMBERS = "cluster_members";

    /** Every setting with its default and what it means, in the order {@code muon --help} lists them. */
    static final Map<String, String[]> SETTINGS = new LinkedHashMap<>();

    static
    {
        SETTINGS.put(DATA_DIR, new String[] {"./muon-data", "where streams, catalog and state live"});
        SETTINGS.put(LISTEN_HOST, new String[] {"127.0.0.1", "address every port binds to (loopback unless changed)"});
        SETTINGS.put(METRICS_PORT, new String[] {"9363", "Prometheus metrics over HTTP (/metrics); 0 picks a free port"});
        SETTINGS.put(HTTP_PORT, new String[] {"8123", "ClickHouse HTTP interface, batch (plain SELECTs read history); 0 picks a free port"});
        SETTINGS.put(STREAMING_HTTP_PORT, new String[] {"3218", "HTTP interface, streaming, and Proton's ingest API; 0 picks a free port"});
        SETTINGS.put(TCP_PORT, new String[] {"7587", "ClickHouse native TCP protocol, batch (clickhouse-client --port); 0 picks a free port"});
        SETTINGS.put(STREAMING_TCP_PORT, new String[] {"8463", "native TCP protocol, streaming; 0 picks a free port"});
        SETTINGS.put(MAX_CONCURRENT_QUERIES, new String[] {"100", "queries running at once per port; more are refused (Code 202)"});
        SETTINGS.put(HTTP_MAX_BODY_BYTES, new String[] {"1073741824", "largest HTTP request body (bytes); larger ones get 413"});
        SETTINGS.put(DEFAULT_USER_FROM_ANYWHERE, new String[] {"false", "let the password-less default user in from non-loopback addresses"});
        SETTINGS.put(AERON_INGEST, new String[] {"false", "accept rows from Aeron publishers (MuonPublisher) over UDP and IPC"});
        SETTINGS.put(AERON_INGEST_PORT, new String[] {"8466", "UDP port of the Aeron ingest channel (on listen_host); 0 picks a free port"});
        SETTINGS.put(AERON_INGEST_STREAM_ID, new String[] {"1001", "Aeron stream id of the ingest channels"});
        SETTINGS.put(AERON_DIR, new String[] {"", "Aeron directory (IPC publishers use it); empty: /dev/shm/muon-aeron-<hash of data_dir>, or <data_dir>/aeron without /dev/shm"});
        SETTINGS.put(CLUSTER, new String[] {"false", "cluster mode (--cluster): replicate streams with replication_factor > 1 and all DDL over Aeron Cluster"});
        SETTINGS.put(CLUSTER_NODE_ID, new String[] {"0", "this node's index in cluster_members"});
        SETTINGS.put(CLUSTER_MEMBERS, new String[] {"", "every node's host:base_port, comma-separated, the same list on every node; a node uses base_port+1..+5 (UDP)"});
        SETTINGS.put(AERON_EXTERNAL_DRIVER, new String[] {"false", "use the media driver already running in aeron_dir (for Aeron ingest and the cluster; run it with aeron.spies.simulate.connection=true) instead of embedding one"});
    }

    private Path dataDir = Paths.get(SETTINGS.get(DATA_DIR)[0]);
    private InetAddress listenHost;
    private int metricsPort = Integer.parseInt(SETTINGS.get(METRICS_PORT)[0]);
    private int httpPort = Integer.parseInt(SETTINGS.get(HTTP_PORT)[0]);
    private int streamingHttpPort = Integer.parseInt(SETTINGS.get(STREAMING_HTTP_PORT)[0]);
    private int tcpPort = Integer.parseInt(SETTINGS.get(TCP_PORT)[0]);
    private int streamingTcpPort = Integer.parseInt(SETTINGS.get(STREAMING_TCP_PORT)[0]);
    private int maxConcurrentQueries = Integer.parseInt(SETTINGS.get(MAX_CONCURRENT_QUERIES)[0]);
    private int httpMaxBodyBytes = Integer.parseInt(SETTINGS.get(HTTP_MAX_BODY_BYTES)[0]);
    private boolean defaultUserFromAnywhere;
    private boolean aeronIngest;
    private int aeronIngestPort = Integer.parseInt(SETTINGS.get(AERON_INGEST_PORT)[0]);
    private int aeronIngestStreamId = Integer.parseInt(SETTINGS.get(AERON_INGEST_STREAM_ID)[0]);
    private String aeronDir = "";
    private boolean aeronExternalDriver;
    private boolean cluster;
    private int clusterNodeId;
    private java.util.List<InetSocketAddress> clusterMembers = java.util.List.of();

    ServerConfig()
    {
        try
        {
            listenHost = InetAddress.getByName(SETTINGS.get(LISTEN_HOST)[0]);
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a config file; unknown names and bad values are errors. */
    ServerConfig load(final Path file) throws UsageException
    {
        if (!Files.isRegularFile(file))
        {
            throw new UsageException("config file " + file + " does not exist or is not a file");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException e)
        {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (final String name : properties.stringPropertyNames())
        {
            set(name, properties.getProperty(name).trim(), "in " + file);
        }
        return this;
    }

    /** Sets one value, checking it; {@code where} says where it came from, for the error message. */
    ServerConfig set(final String name, final String value, final String where) throws UsageException
    {
        switch (name)
        {
            case DATA_DIR:
                if (value.isEmpty())
                {
                    throw new UsageException(DATA_DIR + " " + where + " is empty");
                }
                dataDir = Paths.get(value);
                break;
            case LISTEN_HOST:
                try
                {
                    listenHost = InetAddress.getByName(value);
                }
                catch (final UnknownHostException e)
                {
                    throw new UsageException(LISTEN_HOST + " " + where + ": cannot resolve '" + value + "'");
                }
                break;
            case METRICS_PORT:
                metricsPort = port(name, value, where);
                break;
            case HTTP_PORT:
                httpPort = port(name, value, where);
                break;
            case STREAMING_HTTP_PORT:
                streamingHttpPort = port(name, value, where);
                break;
            case TCP_PORT:
                tcpPort = port(name, value, where);
                break;
            case STREAMING_TCP_PORT:
                streamingTcpPort = port(name, value, where);
                break;
            case MAX_CONCURRENT_QUERIES:
                maxConcurrentQueries = positive(name, value, where);
                break;
            case HTTP_MAX_BODY_BYTES:
                httpMaxBodyBytes = positive(name, value, where);
                break;
            case DEFAULT_USER_FROM_ANYWHERE:
                defaultUserFromAnywhere = bool(name, value, where);
                break;
            case AERON_INGEST:
                aeronIngest = bool(name, value, where);
                break;
            case AERON_INGEST_PORT:
                aeronIngestPort = port(name, value, where);
                break;
            case AERON_INGEST_STREAM_ID:
                aeronIngestStreamId = positive(name, value, where);
                break;
            case AERON_DIR:
                aeronDir = value;
                break;
            case AERON_EXTERNAL_DRIVER:
                aeronExternalDriver = bool(name, value, where);
                break;
            case CLUSTER:
                cluster = bool(name, value, where);
                break;
            case CLUSTER_NODE_ID:
                try
                {
                    clusterNodeId = Integer.parseInt(value);
                }
                catch (final NumberFormatException e)
                {
                    clusterNodeId = -1;
                }
                if (clusterNodeId < 0)
                {
                    throw new UsageException(name + " " + where + " must be a node index 0, 1, 2…, got '" + value + "'");
                }
                break;
            case CLUSTER_MEMBERS:
                clusterMembers = members(name, value, where);
                break;
            default:
                throw new UsageException("unknown setting '" + name + "' " + where + "; known: " +
                    String.join(", ", SETTINGS.keySet()));
        }
        return this;
    }

    private static java.util.List<InetSocketAddress> members(final String name, final String value, final String where)
        throws UsageException
    {
        final java.util.List<InetSocketAddress> members = new java.util.ArrayList<>();
        for (final String member : value.split(","))
        {
            final String trimmed = member.trim();
            final int colon = trimmed.lastIndexOf(':');
            try
            {
                final int port = Integer.parseInt(trimmed.substring(colon + 1));
                if (colon <= 0 || port < 1 || port > 65530)
                {
                    throw new NumberFormatException();
                }
                members.add(new InetSocketAddress(InetAddress.getByName(trimmed.substring(0, colon)), port));
            }
            catch (final NumberFormatException | UnknownHostException e)
            {
                throw new UsageException(name + " " + where + ": '" + trimmed + "' is not host:base_port (a port " +
                    "1-65530 whose next five ports are free)");
            }
        }
        return members;
    }

    private static boolean bool(final String name, final String value, final String where) throws UsageException
    {
        if (!value.equals("true") && !value.equals("false"))
        {
            throw new UsageException(name + " " + where + " must be true or false, got '" + value + "'");
        }
        return value.equals("true");
    }

    private static int port(final String name, final String value, final String where) throws UsageException
    {
        try
        {
            final int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535)
            {
                return port;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new UsageException(name + " " + where + " must be a port number 0-65535, got '" + value + "'");
    }

    private static int positive(final String name, final String value, final String where) throws UsageException
    {
        try
        {
            final int number = Integer.parseInt(value);
            if (number > 0)
            {
                return number;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below
        }
        throw new UsageException(name + " " + where + " must be a positive whole number below 2^31, got '" + value +
            "'");
    }

    int httpPort()
    {
        return httpPort;
    }

    int streamingHttpPort()
    {
        return streamingHttpPort;
    }

    int tcpPort()
    {
        return tcpPort;
    }

    int streamingTcpPort()
    {
        return streamingTcpPort;
    }

    int maxConcurrentQueries()
    {
        return maxConcurrentQueries;
    }

    int httpMaxBodyBytes()
    {
        return httpMaxBodyBytes;
    }

    boolean defaultUserFromAnywhere()
    {
        return defaultUserFromAnywhere;
    }

    boolean aeronIngest()
    {
        return aeronIngest;
    }

    int aeronIngestPort()
    {
        return aeronIngestPort;
    }

    int aeronIngestStreamId()
    {
        return aeronIngestStreamId;
    }

    /** The Aeron directory as configured, or the default for this data directory. */
    String aeronDir()
    {
        if (!aeronDir.isEmpty())
        {
            return aeronDir;
        }
        final Path data = dataDir.toAbsolutePath().normalize();
        final Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm.resolve(String.format("muon-aeron-%08x", data.toString().hashCode())).toString();
        }
        return data.resolve("aeron").toString();
    }

    boolean aeronExternalDriver()
    {
        return aeronExternalDriver;
    }

    boolean cluster()
    {
        return cluster;
    }

    int clusterNodeId()
    {
        return clusterNodeId;
    }

    java.util.List<InetSocketAddress> clusterMembers()
    {
        return clusterMembers;
    }

    Path dataDir()
    {
        return dataDir;
    }

    InetAddress listenHost()
    {
        return listenHost;
    }

    int metricsPort()
    {
        return metricsPort;
    }
}
