package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;

import java.util.List;

/**
 * What a query may ask about the server it runs in: the current database and user (for {@code currentDatabase()},
 * {@code currentUser()}), the rows of the {@code system.*} tables the engine does not compute itself, and the kept
 * latest rows of keyed streams ({@link LatestRows}, null for a stream without them).
 */
public record QueryEnvironment(String database, String user, SystemTableSource systemTables,
    java.util.function.Function<io.muon.kernel.catalog.CatalogObject, LatestRows> latestRows)
{
    /** The environment of an embedded engine without a server around it. */
    public static final QueryEnvironment EMBEDDED = new QueryEnvironment("default", "default", null);

    /** Without kept latest rows of keyed streams: their queries read the history. */
    public QueryEnvironment(final String database, final String user, final SystemTableSource systemTables)
    {
        this(database, user, systemTables, stream -> null);
    }

    /** Muon's version as {@code version()} reports it. */
    public static final String VERSION = "0.1.0";

    /** When this process started, for {@code uptime()}. */
    public static final long STARTED_MILLIS = System.currentTimeMillis();

    /** Rows of one system table, in the column order and types given. */
    @FunctionalInterface
    public interface SystemTableSource
    {
        Batch rows(String table, List<DataType> types);
    }
}
