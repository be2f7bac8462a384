package io.muon.sql.engine;

import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import io.muon.sql.parser.SqlParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** DDL and metadata statements, SQL in and tab-separated rows out. */
@ExtendWith(LeakCheck.class)
class SqlEngineDdlTest
{
    @TempDir
    Path dir;

    private SqlEngine engine;
    private io.muon.kernel.stream.StreamStore store;

    private io.muon.kernel.stream.StreamStore openStore()
    {
        if (engine != null)
        {
            engine.close();
        }
        if (store != null)
        {
            store.close();
        }
        store = new io.muon.kernel.stream.StreamStore(dir, FilesFacade.DEFAULT);
        return store;
    }

    @org.junit.jupiter.api.AfterEach
    void closeStore()
    {
        engine.close();
        store.close();
    }
    private Session session;

    @BeforeEach
    void open()
    {
        engine = new SqlEngine(Catalog.open(dir, FilesFacade.DEFAULT), openStore());
        session = new Session();
    }

    private String run(final String sql)
    {
        return engine.execute(sql, session).toTsv();
    }

    private void fails(final String sql, final int code, final String message)
    {
        final MuonException error = assertThrows(MuonException.class, () -> engine.execute(sql, session));
        assertEquals(code, error.code(), error.toClickHouseText());
        assertEquals(message, error.getMessage());
    }

    @Test
    void createDescribeAndShowCreate()
    {
        run("CREATE STREAM clicks (user_id uint64, url string DEFAULT '/', tags array(low_cardinality(string)), " +
            "v float64 CODEC(ZSTD(1)) COMMENT 'value') ORDER BY user_id SETTINGS logstore_codec = 'LZ4', shards = 1");
        assertEquals(
            "user_id\tuint64\t\t\t\t\t\n" +
            "url\tstring\tDEFAULT\t\\'/\\'\t\t\t\n" +
            "tags\tarray(low_cardinality(string))\t\t\t\t\t\n" +
            "v\tfloat64\t\t\tvalue\tCODEC(ZSTD(1))\t\n" +
            "_tp_time\tdatetime64(3, \\'UTC\\')\tDEFAULT\tnow64(3, \\'UTC\\')\t\tCODEC(DoubleDelta, LZ4)\t\n",
            run("DESCRIBE clicks"));
        final String create = run("SHOW CREATE STREAM clicks");
        // TabSeparated escapes the quotes of the statement text, as ClickHouse does
        assertEquals("CREATE STREAM default.clicks (user_id uint64, url string DEFAULT \\'/\\', " +
            "tags array(low_cardinality(string)), v float64 CODEC(ZSTD(1)) COMMENT \\'value\\', " +
            "_tp_time datetime64(3, \\'UTC\\') DEFAULT now64(3, \\'UTC\\') CODEC(DoubleDelta, LZ4)) ORDER BY (user_id) " +
            "SETTINGS logstore_codec = \\'lz4\\', shards = \\'1\\'\n", create);
        assertNotNull(SqlParser.parse(create.trim().replace("\\'", "'")), "SHOW CREATE prints a statement that parses");

        run("DROP STREAM clicks");
        run(create.trim().replace("\\'", "'"));
        assertEquals(create, run("SHOW CREATE clicks"), "re-creating from SHOW CREATE gives the same stream");
    }

    @Test
    void kvStreamsGetTheirHiddenColumnsAndNeedKeys()
    {
        run("CREATE STREAM prices (sym string, price float64, ver uint64, PRIMARY KEY (sym)) " +
            "SETTINGS mode = 'versioned_kv', version_column = 'ver'");
        run("CREATE STREAM cl (id int, v int) PRIMARY KEY id SETTINGS mode = 'changelog_kv'");
        assertEquals("id\tint32\t\t\t\t\t\nv\tint32\t\t\t\t\t\n" +
            "_tp_time\tdatetime64(3, \\'UTC\\')\tDEFAULT\tnow64(3, \\'UTC\\')\t\tCODEC(DoubleDelta, LZ4)\t\n" +
            "_tp_delta\tint8\tDEFAULT\t1\t\t\t\n", run("DESCRIBE cl"));
        fails("CREATE STREAM bad (a int) SETTINGS mode = 'versioned_kv'", 36, "A versioned_kv stream needs a PRIMARY KEY");
        fails("CREATE STREAM bad (a int) SETTINGS mode = 'upsert'", 471,
            "Invalid value 'upsert' of setting mode: expected one of append, changelog_kv, versioned_kv");
        fails("CREATE STREAM bad (a int, PRIMARY KEY a) SETTINGS mode = 'versioned_kv', version_column = 'v'", 16,
            "version_column v is not a column of default.bad");
    }

    @Test
    void databasesUseAndShow()
    {
        run("CREATE DATABASE sales");
        run("CREATE DATABASE IF NOT EXISTS sales");
        assertEquals("default\nsales\nsystem\n", run("SHOW DATABASES"));
        run("USE sales");
        run("CREATE STREAM orders (id int)");
        run("CREATE STREAM order_lines (id int)");
        run("CREATE VIEW big AS SELECT * FROM orders WHERE id > 100");
        run("CREATE MATERIALIZED VIEW mv INTO order_lines AS SELECT id FROM orders SETTINGS pause_on_start = true");
        assertEquals("order_lines\norders\n", run("SHOW STREAMS"));
        assertEquals("big\nmv\n", run("SHOW VIEWS"));
        assertEquals("orders\n", run("SHOW STREAMS LIKE 'ord_rs'"));
        assertEquals("", run("SHOW STREAMS FROM default"));
        assertEquals("CREATE MATERIALIZED VIEW sales.mv INTO sales.order_lines AS SELECT id FROM orders " +
            "SETTINGS pause_on_start = \\'true\\'\n", run("SHOW CREATE mv"));
        run("RENAME STREAM orders TO default.orders2");
        assertEquals("orders2\n", run("SHOW STREAMS FROM default"));
        run("DROP VIEW big");
        run("DROP DATABASE sales");
        fails("USE sales", 81, "Database sales doesn't exist");
    }

    @Test
    void errorsAreClickHouseErrors()
    {
        run("CREATE STREAM s (a int)");
        fails("CREATE STREAM s (a int)", 57, "Stream default.s already exists.");
        fails("CREATE STREAM t (a strin)", 50, "Unknown data type family: strin");
        fails("CREATE STREAM t (a int, a string)", 15, "Column a specified more than once");
        fails("CREATE STREAM t (_tp_sn int)", 44, "Column name _tp_sn is reserved for a hidden column");
        fails("CREATE STREAM t (a int) SETTINGS logstore_retention_byte = 10", 115,
            "Unknown setting logstore_retention_byte for a stream. Maybe you meant logstore_retention_bytes");
        fails("CREATE STREAM t (a int) SETTINGS shards = 'many'", 471,
            "Invalid value 'many' of setting shards: expected an integer");
        fails("DESCRIBE ss", 60, "Stream default.ss doesn't exist. Maybe you meant default.s");
        fails("DROP STREAM nope", 60, "Stream default.nope doesn't exist");
        fails("CREATE MATERIALIZED VIEW mv INTO nowhere AS SELECT 1", 60, "Stream default.nowhere doesn't exist");
        fails("CREATE TABLE k (a int) ENGINE = Kafka", 62, "Syntax error: table engine Kafka is not supported: " +
            "tables are streams (use MergeTree, or leave ENGINE out)");
        fails("DROP VIEW s", 36, "default.s is a stream, not a view");
    }

    @Test
    void createTableInClickHouseSyntaxMakesAStream()
    {
        run("CREATE TABLE ch (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
        run("CREATE TABLE mem (x Int8) ENGINE = Memory()");
        run("INSERT INTO ch (id, s) VALUES (2, 'b'), (1, 'a')");
        assertEquals("1\ta\n2\tb\n", run("SELECT id, s FROM table(ch) ORDER BY id"));
        assertEquals("ch\nmem\n", run("SHOW STREAMS"));
    }

    @Test
    void explainSyntaxPrintsCanonicalSql()
    {
        assertEquals("SELECT a FROM t WHERE (a > 1) AND (b = \\'x\\')\n",
            run("explain syntax select a from t where a>1 and b='x'"));
    }

    @Test
    void catalogSurvivesReopen()
    {
        run("CREATE DATABASE d");
        run("CREATE STREAM d.s (a map(string, nullable(int32)))");
        final String before = run("SHOW CREATE d.s");
        engine = new SqlEngine(Catalog.open(dir, FilesFacade.DEFAULT), openStore());
        assertEquals(before, run("SHOW CREATE d.s"));
    }

    @Test
    void alterStreamChangesColumnsTtlAndSettings()
    {
        run("CREATE STREAM s (a int, b string) SETTINGS logstore_codec = 'lz4'");
        run("ALTER STREAM s ADD COLUMN c float64 DEFAULT 1.5, ADD COLUMN z uint8 FIRST, ADD COLUMN b2 string AFTER b");
        assertEquals("z\na\nb\nb2\nc\n_tp_time\n", names("DESCRIBE s"));
        run("ALTER STREAM s DROP COLUMN z, RENAME COLUMN b2 TO bb, MODIFY COLUMN a int64 COMMENT 'wider'");
        assertEquals("a\tint64\t\t\twider\t\t\n", run("DESCRIBE s").lines().findFirst().orElseThrow() + "\n");
        run("ALTER STREAM s MODIFY TTL _tp_time + INTERVAL 1 DAY, MODIFY SETTING logstore_retention_ms = 60000");
        run("ALTER STREAM s RESET SETTING logstore_codec");
        assertEquals("CREATE STREAM default.s (a int64 COMMENT \\'wider\\', b string, bb string, c float64 DEFAULT 1.5, " +
            "_tp_time datetime64(3, \\'UTC\\') DEFAULT now64(3, \\'UTC\\') CODEC(DoubleDelta, LZ4)) " +
            "TTL _tp_time + INTERVAL 1 DAY SETTINGS logstore_retention_ms = \\'60000\\'\n", run("SHOW CREATE s"));
        assertEquals(5, engine.catalog().snapshot().find("default", "s").schemaVersion(), "one version per ALTER");
        run("ALTER STREAM s REMOVE TTL, ADD COLUMN IF NOT EXISTS a int, DROP COLUMN IF EXISTS nothing");

        fails("ALTER STREAM s ADD COLUMN a int", 15, "Cannot add column a: column with this name already exists");
        fails("ALTER STREAM s DROP COLUMN q", 16, "Wrong column name. Cannot find column q to drop");
        fails("ALTER STREAM s DROP COLUMN _tp_time", 44, "Column _tp_time is a hidden column and cannot be altered");
        fails("ALTER STREAM s MODIFY SETTING mode = 'versioned_kv'", 472,
            "Setting mode cannot be changed after the stream is created");
        fails("ALTER STREAM s MODIFY SETTING logstore_flush_m = 1", 115,
            "Unknown setting logstore_flush_m for a stream. Maybe you meant logstore_flush_ms");
        fails("ALTER STREAM nope ADD COLUMN x int", 60, "Stream default.nope doesn't exist");
    }

    private String names(final String sql)
    {
        final StringBuilder out = new StringBuilder();
        for (final java.util.List<Object> row : engine.execute(sql, session).rows())
        {
            out.append(row.get(0)).append('\n');
        }
        return out.toString();
    }

    @Test
    void usersKeepOnlyAPasswordHash()
    {
        run("CREATE USER alice IDENTIFIED BY 'secret'");
        run("CREATE USER bob SETTINGS readonly = 1");
        run("CREATE USER IF NOT EXISTS alice");
        final io.muon.kernel.catalog.UserEntry alice = engine.catalog().snapshot().users().get("alice");
        assertEquals("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b", alice.passwordSha256());
        assertFalse(alice.readonly());
        assertTrue(engine.catalog().snapshot().users().get("bob").readonly());
        assertNull(engine.catalog().snapshot().users().get("bob").passwordSha256());
        fails("CREATE USER alice", 493, "user `alice`: cannot insert because user `alice` already exists");
        fails("CREATE USER eve IDENTIFIED WITH kerberos BY 'x'", 36,
            "Unknown authentication method kerberos; use no_password, plaintext_password, sha256_password or sha256_hash");
        run("DROP USER alice");
        run("DROP USER IF EXISTS alice");
        fails("DROP USER alice", 492, "There is no user `alice`");
    }
}
