package io.muon.kernel.catalog;

import java.util.List;
import java.util.Map;

/**
 * One stream, view, materialized view or external stream. Immutable; an ALTER produces a new object with a higher
 * {@code schemaVersion}. The {@code id} never changes, not even on RENAME: data directories are named by it.
 * Clauses (ORDER BY, PARTITION BY, PRIMARY KEY, TTL) and view queries are canonical SQL text printed by the SQL
 * facade.
 */
public record CatalogObject(
    ObjectKind kind,
    String database,
    String name,
    long id,
    int schemaVersion,
    List<ColumnEntry> columns,
    StreamMode mode,
    String orderBy,
    String partitionBy,
    String primaryKey,
    String ttl,
    Map<String, String> settings,
    String query,
    String target,
    String comment)
{
    public CatalogObject
    {
        if (kind == null || database == null || name == null)
        {
            throw new IllegalArgumentException("a catalog object needs a kind, a database and a name");
        }
        columns = columns == null ? List.of() : List.copyOf(columns);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        mode = mode == null ? StreamMode.APPEND : mode;
    }

    /** A new stream of the given columns with default mode and no clauses, for tests and simple callers. */
    public static CatalogObject stream(final String database, final String name, final List<ColumnEntry> columns)
    {
        return new CatalogObject(ObjectKind.STREAM, database, name, 0, 1, columns, StreamMode.APPEND, null, null, null,
            null, Map.of(), null, null, null);
    }

    public CatalogObject withId(final long newId)
    {
        return new CatalogObject(kind, database, name, newId, schemaVersion, columns, mode, orderBy, partitionBy,
            primaryKey, ttl, settings, query, target, comment);
    }

    public CatalogObject withName(final String newDatabase, final String newName)
    {
        return new CatalogObject(kind, newDatabase, newName, id, schemaVersion, columns, mode, orderBy, partitionBy,
            primaryKey, ttl, settings, query, target, comment);
    }

    public CatalogObject withSchemaVersion(final int version)
    {
        return new CatalogObject(kind, database, name, id, version, columns, mode, orderBy, partitionBy, primaryKey,
            ttl, settings, query, target, comment);
    }

    public ColumnEntry column(final String columnName)
    {
        for (final ColumnEntry column : columns)
        {
            if (column.name().equals(columnName))
            {
                return column;
            }
        }
        return null;
    }

    /** {@code db.name} for messages. */
    public String qualifiedName()
    {
        return database + "." + name;
    }
}
