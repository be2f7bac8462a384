package io.muon.sql.engine;

import io.muon.kernel.catalog.Catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state a client connection carries between statements: its current database, the settings it SET, and whether
 * a plain {@code SELECT … FROM stream} tails the stream (streaming ports, Proton's default) or reads it as a bounded
 * table (batch ports). Owned by one connection.
 */
public final class Session
{
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final boolean streamingByDefault;
    private String database = Catalog.DEFAULT_DATABASE;
    private String user = "default";
    private boolean clickHouseTypeNames;

    /** A session of a streaming front end: plain SELECTs over streams are streaming queries. */
    public Session()
    {
        this(true);
    }

    public Session(final boolean streamingByDefault)
    {
        this.streamingByDefault = streamingByDefault;
    }

    public String database()
    {
        return database;
    }

    private Map<String, io.muon.sql.plan.LogicalPlan.ExternalTable> externalTables = Map.of();

    /**
     * The external tables the client sent with its next query, by name (they shadow streams of the same name, as
     * ClickHouse's temporary tables do); a front end sets them before running the query and clears them after.
     */
    public void externalTables(final Map<String, io.muon.sql.plan.LogicalPlan.ExternalTable> tables)
    {
        this.externalTables = Map.copyOf(tables);
    }

    public Map<String, io.muon.sql.plan.LogicalPlan.ExternalTable> externalTables()
    {
        return externalTables;
    }

    void database(final String database)
    {
        this.database = database;
    }

    /** The user the front end authenticated; {@code currentUser()} and {@code system.processes} show it. */
    public String user()
    {
        return user;
    }

    public Session user(final String user)
    {
        this.user = user;
        return this;
    }

    /**
     * Whether DESCRIBE spells types as ClickHouse does ({@code Int32}, {@code Nullable(String)}: what ClickHouse
     * drivers parse) rather than as Proton does ({@code int32}); front ends speaking ClickHouse's protocols set it.
     */
    public Session clickHouseTypeNames(final boolean clickHouseTypeNames)
    {
        this.clickHouseTypeNames = clickHouseTypeNames;
        return this;
    }

    /** A type's name as this session's client expects it. */
    public String typeName(final io.muon.kernel.type.DataType type)
    {
        return clickHouseTypeNames ? type.clickHouseName() : type.protonName();
    }

    public boolean streamingByDefault()
    {
        return streamingByDefault;
    }

    /** Settings changed by SET, already checked, by name. */
    public Map<String, Object> settings()
    {
        return Collections.unmodifiableMap(settings);
    }

    /**
     * Sets a setting from a client's text (an HTTP parameter, a native protocol setting): Code 115 for an unknown
     * name, Code 471 for a value of the wrong kind.
     */
    public void setting(final String name, final String value)
    {
        settings.put(name, io.muon.sql.analyzer.QuerySettings.check(name, value));
    }

    /**
     * Puts back settings taken from {@link #settings()} earlier: what a front end does after a statement that ran with
     * per-query settings (the native protocol's Query packet), unless the statement was a SET.
     */
    public void restoreSettings(final Map<String, Object> saved)
    {
        settings.clear();
        settings.putAll(saved);
    }

    /** Switches the current database; Code 81 when it does not exist. */
    public void useDatabase(final String name, final Catalog catalog)
    {
        if (!catalog.snapshot().hasDatabase(name) && !Catalog.VIRTUAL_DATABASES.contains(name))
        {
            throw new io.muon.kernel.MuonException(io.muon.kernel.ErrorCodes.UNKNOWN_DATABASE, "Database " + name +
                " doesn't exist");
        }
        this.database = name;
    }

    void set(final String name, final Object value)
    {
        settings.put(name, value);
    }
}
