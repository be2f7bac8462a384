package io.muon.sql.engine;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The system tables and server functions ClickHouse tools query, filled from the catalog and the registry. */
class SystemTablesTest extends SqlTestBase
{
    @Test
    void catalogTablesListStreamsAndColumns()
    {
        run("CREATE DATABASE shop");
        run("CREATE STREAM shop.orders (id uint32 DEFAULT 7, item string COMMENT 'what')");
        run("CREATE VIEW shop.v AS SELECT id FROM shop.orders");
        assertEquals("default\nshop\nsystem\n", run("SELECT name FROM system.databases ORDER BY name"));
        assertEquals("orders\tStream\nv\tView\n", run("SELECT name, engine FROM system.tables " +
            "WHERE database = 'shop' ORDER BY name"));
        assertEquals("1\n", run("SELECT count() FROM system.tables WHERE database = 'system' AND name = 'numbers'"));
        assertEquals("id\tUInt32\t1\tDEFAULT\t7\t\nitem\tString\t2\t\t\twhat\n", run("SELECT name, type, position, " +
            "default_kind, default_expression, comment FROM system.columns WHERE database = 'shop' AND " +
            "table = 'orders' AND position <= 2 ORDER BY position"));
    }

    @Test
    void functionsSettingsProcessesAndBuildOptions()
    {
        assertEquals("1\t1\t1\n", run("SELECT countIf(name = 'to_start_of_minute') = 1, " +
            "countIf(name = 'toStartOfMinute' AND alias_to = 'to_start_of_minute') = 1, " +
            "countIf(name = 'quantile' AND is_aggregate) = 1 FROM system.functions"));
        assertEquals("max_execution_time\t0\t0\n", run("SELECT name, value, changed FROM system.settings " +
            "WHERE name = 'max_execution_time'"));
        run("SET max_execution_time = 30");
        assertEquals("30\t1\n", run("SELECT value, changed FROM system.settings WHERE name = 'max_execution_time'"));
        // the query reading system.processes is itself running
        assertEquals("1\n", run("SELECT count() FROM system.processes WHERE query LIKE '%system.processes%'"));
        assertEquals("1\n", run("SELECT count() FROM system.build_options WHERE name = 'VERSION_FULL'"));
    }

    @Test
    void serverFunctions()
    {
        assertEquals("0.1.0\tdefault\tUTC\t1\t1\tdefault\n", run("SELECT version(), currentDatabase(), timezone(), " +
            "uptime() >= 0, length(hostName()) > 0, currentUser()"));
        run("CREATE DATABASE d2");
        run("USE d2");
        assertEquals("d2\n", run("SELECT current_database()"));
    }
}
