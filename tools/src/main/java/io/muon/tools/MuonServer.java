package io.muon.tools;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogSnapshot;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
            for (final String sub : new String[] {"catalog", "streams", "state"})
            {
                Files.createDirectories(data.resolve(sub));
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
        if (metrics != null)
        {
            metrics.close();
            metrics = null;
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
