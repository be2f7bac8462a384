package io.muon.kernel.catalog;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable version of the catalog: databases with their objects, and users. Queries hold a snapshot for their
 * whole life; DDL makes a new one.
 */
public final class CatalogSnapshot
{
    private final long version;
    private final long nextId;
    private final SortedMap<String, SortedMap<String, CatalogObject>> databases;
    private final SortedMap<String, UserEntry> users;

    CatalogSnapshot(final long version, final long nextId,
        final SortedMap<String, SortedMap<String, CatalogObject>> databases, final SortedMap<String, UserEntry> users)
    {
        this.version = version;
        this.nextId = nextId;
        final TreeMap<String, SortedMap<String, CatalogObject>> copy = new TreeMap<>();
        databases.forEach((name, objects) -> copy.put(name, Collections.unmodifiableSortedMap(new TreeMap<>(objects))));
        this.databases = Collections.unmodifiableSortedMap(copy);
        this.users = Collections.unmodifiableSortedMap(new TreeMap<>(users));
    }

    /** Increases by one with every durable change. */
    public long version()
    {
        return version;
    }

    /** The id the next created object gets. */
    long nextId()
    {
        return nextId;
    }

    public boolean hasDatabase(final String database)
    {
        return databases.containsKey(database);
    }

    /** Database names, sorted. */
    public List<String> databases()
    {
        return List.copyOf(databases.keySet());
    }

    /** Objects of a database by name, sorted; empty if the database does not exist. */
    public SortedMap<String, CatalogObject> objects(final String database)
    {
        final SortedMap<String, CatalogObject> objects = databases.get(database);
        return objects == null ? Collections.emptySortedMap() : objects;
    }

    /** @return the object, or null. */
    public CatalogObject find(final String database, final String name)
    {
        return objects(database).get(name);
    }

    public SortedMap<String, UserEntry> users()
    {
        return users;
    }

    SortedMap<String, SortedMap<String, CatalogObject>> databaseMap()
    {
        return databases;
    }

    /** Every object of every database, by id, for lookups such as data directories. */
    public Map<Long, CatalogObject> objectsById()
    {
        final Map<Long, CatalogObject> byId = new TreeMap<>();
        databases.values().forEach(objects -> objects.values().forEach(o -> byId.put(o.id(), o)));
        return byId;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof CatalogSnapshot && ((CatalogSnapshot)other).version == version &&
            ((CatalogSnapshot)other).databases.equals(databases) && ((CatalogSnapshot)other).users.equals(users);
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(version) * 31 + databases.hashCode();
    }
}
