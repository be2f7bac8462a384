package io.muon.clickhouse.testing;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.clickhouse.tcp.NativeServer;
import io.muon.clickhouse.tcp.NativeSettings;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.UserEntry;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.QueryResult;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Muon's native protocol server over an engine on a temporary directory, on a free loopback port, for tests.
 * {@link #close()} stops the server and the engine's streams.
 */
public final class NativeFixture implements AutoCloseable
{
    private final StreamStore store;
    private final SqlEngine engine;
    private final NativeServer server;

    public NativeFixture(final Path dir, final NativeSettings settings, final Map<String, UserEntry> users)
        throws InterruptedException
    {
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        final Catalog catalog = Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT);
        engine = new SqlEngine(catalog, store);
        server = new NativeServer(engine, new Authenticator(catalog, users, false), settings.port(0)).start();
    }

    public NativeFixture(final Path dir) throws InterruptedException
    {
        this(dir, new NativeSettings().timeZone("Etc/UTC"), Map.of());
    }

    public int port()
    {
        return server.address().getPort();
    }

    public SqlEngine engine()
    {
        return engine;
    }

    /** Runs a statement directly on the engine (setting up data a test then reads over the protocol). */
    public QueryResult sql(final String statement)
    {
        return engine.execute(statement, new Session(false));
    }

    @Override
    public void close()
    {
        server.close();
        engine.close();
        store.close();
    }
}
