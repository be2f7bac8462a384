package io.muon.sql.engine;

import io.muon.kernel.catalog.Catalog;

/** The state a client connection carries between statements: its current database. Owned by one connection. */
public final class Session
{
    private String database = Catalog.DEFAULT_DATABASE;

    public String database()
    {
        return database;
    }

    void database(final String database)
    {
        this.database = database;
    }
}
