package io.muon.tools;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.replication.AeronMedia;
import io.muon.replication.cluster.MuonClusterNode;
import io.muon.replication.ingest.IngestEndpoint;
import io.muon.sql.engine.SqlEngine;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The assembled server: owns the data directory (locked against a second server), the log flusher agent and the
 * endpoints. Front ends register here as they land. Started by {@code muon server}; {@link #close()} stops
 * everything in reverse order.
 */
final class MuonServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(MuonServer.class.getName());

    private final ServerConfig config;
    private FileChannel lockChannel;
    private FileLock lock;
    private StreamStore store;
    private MetricsEndpoint metrics;
    private SqlEngine sqlEngine;
    private io.muon.clickhouse.http.HttpServer http;
    private io.muon.clickhouse.http.HttpServer streamingHttp;
    private io.muon.clickhouse.tcp.NativeServer tcp;
    private io.muon.clickhouse.tcp.NativeServer streamingTcp;
    private AeronMedia aeron;
    private IngestEndpoint ingest;
    private AgentRunner ingestRunner;
    private List<String> ingestChannels = List.of();
    private MuonClusterNode cluster;

    MuonServer(final ServerConfig config)
    {
        this.config = config;
    }

    /** Starts every component; on failure stops what was started and rethrows. */
    MuonServer start() throws IOException, UsageException
    {
        try
        {
            final Path data = config.dataDir().toAbsolutePath().normalize();
            for (final String sub : new String[] {"catalog", "streams", "state", "format_schemas"})
            {
                Files.createDirectories(data.resolve(sub));
            }
            // ProtobufSingle's format_schema='<file>:<message>' names a .proto file there, as in ClickHouse
            if (System.getProperty("muon.format_schema_path") == null)
            {
                System.setProperty("muon.format_schema_path", data.resolve("format_schemas").toString());
            }
            lockChannel = FileChannel.open(data.resolve("muon.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final OverlappingFileLockException e)
            {
                lock = null;
            }
            if (lock == null)
            {
                throw new UsageException("data directory " + data + " is in use by another Muon server");
            }
            LOG.log(System.Logger.Level.INFO, "data directory {0}", data);

            final Catalog catalog = Catalog.open(data.resolve("catalog"), FilesFacade.DEFAULT);
            final CatalogSnapshot snapshot = catalog.snapshot();
            final long objects = snapshot.databases().stream().mapToLong(db -> snapshot.objects(db).size()).sum();
            LOG.log(System.Logger.Level.INFO, "catalog version {0}: {1} databases, {2} streams and views",
                snapshot.version(), snapshot.databases().size(), objects);
            store = new StreamStore(data, FilesFacade.DEFAULT);
            sqlEngine = new SqlEngine(catalog, store);
            if (config.cluster())
            {
                startCluster(data, catalog);
            }

            final io.muon.clickhouse.auth.Authenticator authenticator = new io.muon.clickhouse.auth.Authenticator(
                catalog, java.util.Map.of(), config.defaultUserFromAnywhere());
            http = startHttp(authenticator, config.httpPort(), false, ServerConfig.HTTP_PORT);
            streamingHttp = startHttp(authenticator, config.streamingHttpPort(), true, ServerConfig.STREAMING_HTTP_PORT);
            tcp = startNative(authenticator, config.tcpPort(), false, ServerConfig.TCP_PORT);
            streamingTcp = startNative(authenticator, config.streamingTcpPort(), true, ServerConfig.STREAMING_TCP_PORT);

            if (config.aeronIngest())
            {
                startAeronIngest(catalog);
            }

            metrics = new MetricsEndpoint(new InetSocketAddress(config.listenHost(), config.metricsPort()));
            final InetSocketAddress address = metrics.address();
            LOG.log(System.Logger.Level.INFO, "metrics listening on http://{0}:{1,number,#}/metrics",
                address.getAddress().getHostAddress(), address.getPort());
            LOG.log(System.Logger.Level.INFO, "Muon {0} ready", Muon.version());
            return this;
        }
        catch (final IOException | UsageException | RuntimeException e)
        {
            close();
            if (e instanceof java.net.BindException)
            {
                throw new UsageException("cannot listen on " + config.listenHost().getHostAddress() + ":" +
                    config.metricsPort() + " (metrics_port): " + e.getMessage());
            }
            throw e;
        }
    }

    /** Cluster mode: this node's Aeron Cluster member; replicated appends and every DDL statement go through it. */
    private void startCluster(final Path data, final Catalog catalog) throws IOException, UsageException
    {
        if (config.clusterMembers().isEmpty())
        {
            throw new UsageException(ServerConfig.CLUSTER_MEMBERS + " is needed in cluster mode: every node's " +
                "host:base_port");
        }
        if (config.clusterNodeId() >= config.clusterMembers().size())
        {
            throw new UsageException(ServerConfig.CLUSTER_NODE_ID + " " + config.clusterNodeId() + " is not an index " +
                "of the " + config.clusterMembers().size() + " cluster_members");
        }
        try
        {
            cluster = MuonClusterNode.start(config.clusterNodeId(), config.clusterMembers(), data.resolve("cluster"),
                catalog, store, sqlEngine::applyReplicated, config.aeronExternalDriver() ? config.aeronDir() : null);
        }
        catch (final RuntimeException e)
        {
            throw new UsageException("cannot start cluster member " + config.clusterNodeId() + " (" +
                config.clusterMembers().get(config.clusterNodeId()) + "): " + e.getMessage());
        }
        store.replicator(cluster);
        sqlEngine.replicatedDdl(cluster::replicateDdl);
        final MuonClusterNode node = cluster;
        sqlEngine.clusterStatus(() -> node.status().stream().map(member -> List.<Object>of((long)member.id(),
            member.address(), member.self() ? 1L : 0L, member.role(), member.appliedPosition(),
            member.commitPosition(), member.self() && member.commitPosition() >= 0 ?
                Math.max(0, member.commitPosition() - member.appliedPosition()) : -1L,
            (long)member.leaderId())).toList());
        // a node that was away applies what the cluster committed meanwhile before its front ends open
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                cluster.awaitCaughtUp();
                LOG.log(System.Logger.Level.INFO, "cluster member {0} caught up with the cluster log",
                    config.clusterNodeId());
                break;
            }
            catch (final RuntimeException e)
            {
                if (System.nanoTime() > deadline)
                {
                    LOG.log(System.Logger.Level.WARNING, "cluster member {0} could not confirm it caught up (no " +
                        "majority?): {1}; serving what it has", config.clusterNodeId(), e.getMessage());
                    break;
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "cluster member {0} of {1}: {2}", config.clusterNodeId(),
            config.clusterMembers().size(), config.clusterMembers());
    }

    MuonClusterNode cluster()
    {
        return cluster;
    }

    /** The Aeron ingest endpoint: UDP on listen_host:aeron_ingest_port and IPC, on its own backing-off thread. */
    private void startAeronIngest(final Catalog catalog) throws UsageException
    {
        final String directory = config.aeronDir();
        try
        {
            aeron = config.aeronExternalDriver() ? AeronMedia.external(directory) : AeronMedia.embedded(directory);
        }
        catch (final RuntimeException e)
        {
            throw new UsageException("cannot start Aeron in " + directory + " (" + ServerConfig.AERON_DIR + "): " +
                e.getMessage());
        }
        final String udp = "aeron:udp?endpoint=" + config.listenHost().getHostAddress() + ":" + config.aeronIngestPort();
        try
        {
            ingest = new IngestEndpoint(aeron.aeron(), catalog, store, List.of(udp, "aeron:ipc"),
                config.aeronIngestStreamId());
            ingestChannels = ingest.boundChannels(10_000);
        }
        catch (final RuntimeException e)
        {
            throw new UsageException("cannot listen for Aeron publishers on " + udp + " (" +
                ServerConfig.AERON_INGEST_PORT + "): " + e.getMessage());
        }
        ingestRunner = new AgentRunner(AeronMedia.idle(),
            e -> LOG.log(System.Logger.Level.ERROR, "Aeron ingest: " + e, e), null, ingest);
        AgentRunner.startOnThread(ingestRunner);
        LOG.log(System.Logger.Level.INFO, "Aeron ingest listening on {0} and {1}, stream id {2,number,#}; Aeron " +
            "directory {3} ({4} media driver)", ingestChannels.get(0), ingestChannels.get(1),
            config.aeronIngestStreamId(), aeron.directory(), aeron.isEmbedded() ? "embedded" : "external");
    }

    /** The ingest endpoint's channels (UDP with its bound port, then IPC), empty when Aeron ingest is off. */
    List<String> aeronIngestChannels()
    {
        return ingestChannels;
    }

    /** The Aeron directory IPC publishers connect through, or null when Aeron ingest is off. */
    String aeronDirectory()
    {
        return aeron == null ? null : aeron.directory();
    }

    IngestEndpoint aeronIngest()
    {
        return ingest;
    }

    private io.muon.clickhouse.http.HttpServer startHttp(final io.muon.clickhouse.auth.Authenticator authenticator,
        final int port, final boolean streaming, final String setting) throws UsageException
    {
        final io.muon.clickhouse.http.HttpServer server = new io.muon.clickhouse.http.HttpServer(sqlEngine,
            authenticator, new io.muon.clickhouse.http.HttpSettings().host(config.listenHost()).port(port)
            .streaming(streaming).maxConcurrentQueries(config.maxConcurrentQueries())
            .maxBodyBytes(config.httpMaxBodyBytes()).serverVersion(Muon.version()));
        return listen("the HTTP interface", port, setting, server::start);
    }

    private io.muon.clickhouse.tcp.NativeServer startNative(final io.muon.clickhouse.auth.Authenticator authenticator,
        final int port, final boolean streaming, final String setting) throws UsageException
    {
        final io.muon.clickhouse.tcp.NativeServer server = new io.muon.clickhouse.tcp.NativeServer(sqlEngine,
            authenticator, new io.muon.clickhouse.tcp.NativeSettings().host(config.listenHost()).port(port)
            .streaming(streaming).maxConcurrentQueries(config.maxConcurrentQueries()).serverVersion(Muon.version()));
        return listen("the native protocol interface", port, setting, server::start);
    }

    /** Starts a front end, turning a port in use into a one-line error naming the setting. */
    private <T> T listen(final String what, final int port, final String setting,
        final java.util.concurrent.Callable<T> start) throws UsageException
    {
        try
        {
            return start.call();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while starting " + what);
        }
        catch (final Exception e)
        {
            if (e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException)
            {
                throw new UsageException("cannot listen on " + config.listenHost().getHostAddress() + ":" + port +
                    " (" + setting + "): " + e.getMessage());
            }
            if (e instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            throw new UsageException("cannot start " + what + " on port " + port + ": " + e);
        }
    }

    InetSocketAddress tcpAddress()
    {
        return tcp.address();
    }

    InetSocketAddress streamingTcpAddress()
    {
        return streamingTcp.address();
    }

    InetSocketAddress httpAddress()
    {
        return http.address();
    }

    InetSocketAddress streamingHttpAddress()
    {
        return streamingHttp.address();
    }

    /** The SQL door the front ends use. */
    SqlEngine sqlEngine()
    {
        return sqlEngine;
    }

    InetSocketAddress metricsAddress()
    {
        return metrics.address();
    }

    @Override
    public void close()
    {
        if (ingestRunner != null)
        {
            ingestRunner.close();
            ingestRunner = null;
        }
        else if (ingest != null)
        {
            ingest.onClose();
        }
        ingest = null;
        if (aeron != null)
        {
            aeron.close();
            aeron = null;
        }
        if (streamingTcp != null)
        {
            streamingTcp.close();
            streamingTcp = null;
        }
        if (tcp != null)
        {
            tcp.close();
            tcp = null;
        }
        if (streamingHttp != null)
        {
            streamingHttp.close();
            streamingHttp = null;
        }
        if (http != null)
        {
            http.close();
            http = null;
        }
        if (metrics != null)
        {
            metrics.close();
            metrics = null;
        }
        // the front ends are closed: no write can fall back to this node alone once the cluster is detached
        if (cluster != null)
        {
            try
            {
                cluster.close();
            }
            catch (final RuntimeException e)
            {
                LOG.log(System.Logger.Level.WARNING, "closing the cluster member: " + e);
            }
            sqlEngine.replicatedDdl(null);
            sqlEngine.clusterStatus(null);
            store.replicator(null);
            cluster = null;
        }
        if (sqlEngine != null)
        {
            sqlEngine.close();
        }
        if (store != null)
        {
            store.close();
            store = null;
        }
        try
        {
            if (lock != null)
            {
                lock.release();
                lock = null;
            }
            if (lockChannel != null)
            {
                lockChannel.close();
                lockChannel = null;
            }
        }
        catch (final IOException e)
        {
            LOG.log(System.Logger.Level.WARNING, "releasing the data directory lock: " + e.getMessage());
        }
    }
}
