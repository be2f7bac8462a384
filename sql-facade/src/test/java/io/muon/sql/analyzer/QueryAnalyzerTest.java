package io.muon.sql.analyzer;

import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import io.muon.sql.engine.Session;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.plan.EmitSpec;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.QueryPlan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Name resolution, ClickHouse typing, aggregation checks, streaming classification and emit policies. */
@ExtendWith(LeakCheck.class)
class QueryAnalyzerTest
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
        run("CREATE STREAM s (a int32, b string, n nullable(float64), arr array(int64), u uint8, " +
            "t datetime64(3, 'UTC'), tup tuple(x int8, y string))");
        run("CREATE STREAM dim (a int32, label string)");
    }

    private String run(final String sql)
    {
        return engine.execute(sql, session).toTsv();
    }

    private QueryPlan plan(final String sql)
    {
        return engine.plan(sql, session);
    }

    /** "name Type" per output column, one per line. */
    private String columns(final String sql)
    {
        final StringBuilder text = new StringBuilder();
        for (final LogicalPlan.Column column : plan(sql).output())
        {
            text.append(column.name()).append(' ').append(column.type().clickHouseName()).append('\n');
        }
        return text.toString();
    }

    private void fails(final String sql, final int code, final String messageStart)
    {
        final MuonException error = assertThrows(MuonException.class, () -> plan(sql));
        assertEquals(code, error.code(), error.toClickHouseText());
        assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
    }

    @Test
    void literalsAndArithmeticFollowClickHouse()
    {
        assertEquals(
            "1 UInt8\n256 UInt16\n65536 UInt32\n4294967296 UInt64\n-1 Int8\n-129 Int16\n1.5 Float64\n'a' String\n" +
            "NULL Nullable(Nothing)\ntrue Bool\n",
            columns("SELECT 1, 256, 65536, 4294967296, -1, -129, 1.5, 'a', NULL, true"));
        assertEquals(
            "plus(1, 1) UInt16\nminus(1, 1) Int16\ndivide(10, 3) Float64\nintDiv(10, 3) UInt8\nmultiply(255, 255) UInt16\n" +
            "plus(a, 1) Int64\nminus(u, 1) Int16\nnegate(u) Int16\nmodulo(a, 3) Int16\nplus(n, 1) Nullable(Float64)\n" +
            "plus(1, NULL) Nullable(Nothing)\n",
            columns("SELECT 1 + 1, 1 - 1, 10 / 3, 10 DIV 3, 255 * 255, a + 1, u - 1, -u, a % 3, n + 1, 1 + NULL FROM s"));
    }

    @Test
    void supertypesOfBranchesArraysAndUnions()
    {
        assertEquals("[1, 2, 300] Array(UInt16)\n[1, -1] Array(Int16)\n[] Array(Nothing)\n(1, 'a') Tuple(UInt8, String)\n" +
                "if(1, 1, -1) Int16\nif(1, 1, 1.5) Float64\nx Nullable(UInt8)\nm Map(String, UInt16)\n",
            columns("SELECT [1, 2, 300], [1, -1], [], (1, 'a'), if(1, 1, -1), if(1, 1, 1.5), " +
                "CASE WHEN a > 0 THEN 1 END AS x, map('k', 1, 'l', 300) AS m FROM s"));
        assertEquals("1 Int16\n", columns("SELECT 1 UNION ALL SELECT -1"));
        fails("SELECT if(1, 'a', 1)", 386, "There is no supertype for types String, UInt8");
        fails("SELECT if(1, to_int64(1), 1.5)", 386, "There is no supertype for types Int64, Float64");
        fails("SELECT 1, 2 UNION ALL SELECT 1", 258, "Different number of columns in UNION elements: 2 and 1");
    }

    @Test
    void functionsDatesLambdasAndCasts()
    {
        assertEquals(
            "to_start_of_minute(t) DateTime('UTC')\nminus(t, toIntervalHour(1)) DateTime64(3, 'UTC')\n" +
            "plus(now(), toIntervalMillisecond(5)) DateTime64(3)\nc String\nx Int64\n" +
            "array_map(lambda(tuple(x), multiply(x, 2)), arr) Array(Int64)\nlength(b) UInt64\nf Array(Int64)\n" +
            "y String\ne Int64\ntoTypeName(n) String\n",
            columns("SELECT to_start_of_minute(t), t - 1h, now() + INTERVAL 5 MILLISECOND, CAST(a AS string) AS c, " +
                "a::int64 AS x, array_map(x -> x * 2, arr), length(b), array_filter(v -> v > 0, arr) AS f, tup.y AS y, " +
                "arr[1] AS e, toTypeName(n) FROM s"));
        assertEquals("d DateTime64(3, 'UTC')\ndd Int64\nr Int32\nm DateTime64(3, 'UTC')\n",
            columns("SELECT date_add(HOUR, 2, t) AS d, date_diff(second, t, t) AS dd, " +
                "random_in_type('int32', x -> to_int32(x * 2)) AS r, t - -2h AS m FROM s"));
        fails("SELECT summ(a) FROM s", 46, "Unknown function summ. Maybe you meant: ['sum'");
        fails("SELECT length() FROM s", 42, "Number of arguments for function length doesn't match: passed 0, " +
            "should be 1");
        fails("SELECT b + 1 FROM s", 43, "Illegal type String of argument 1 of function plus");
        fails("SELECT lower(a) FROM table(s)", 43, "Illegal type Int32 of argument 1 of function lower");
        fails("SELECT CAST(a AS strin) FROM s", 50, "Unknown data type");
        fails("SELECT lag(a) FROM table(s)", 446, "Function lag is only available in streaming queries");
    }

    @Test
    void namesResolveToColumnsAliasesAndCtes()
    {
        assertEquals("x Int64\n", columns("SELECT a + 1 AS x FROM s WHERE x > 0"));
        assertEquals("a Int32\n", columns("WITH q AS (SELECT a FROM table(s)) SELECT a FROM q"));
        assertEquals("multiply(a, k) Int64\n", columns("WITH 5 AS k SELECT a * k FROM s"));
        assertEquals("a Int32\nb String\nn Nullable(Float64)\narr Array(Int64)\nu UInt8\nt DateTime64(3, 'UTC')\n" +
                "tup Tuple(x Int8, y String)\n_tp_time DateTime64(3, 'UTC')\n",
            columns("SELECT * FROM s"));
        assertEquals("_tp_sn Int64\n", columns("SELECT _tp_sn FROM s"));
        assertEquals("a Int32\nlabel String\n", columns("SELECT s.a, d.label FROM s JOIN table(dim) AS d ON s.a = d.a"));
        fails("SELECT bb FROM s", 47, "Unknown expression identifier 'bb' in scope SELECT bb FROM s. Maybe you meant: " +
            "['b'");
        fails("SELECT a FROM s JOIN table(dim) AS d ON s.a = d.a", 207, "Identifier 'a' is ambiguous");
        fails("SELECT a FROM ss", 60, "Stream default.ss doesn't exist. Maybe you meant default.s");
        fails("SELECT a FROM nodb.s", 81, "Database nodb doesn't exist");
        fails("SELECT * FROM system.tablez", 60, "Table system.tablez doesn't exist. Maybe you meant system.tables");
        fails("SELECT 1 SETTINGS max_threadz = 2", 115, "Unknown setting max_threadz. Maybe you meant: ['max_threads'");
        fails("SELECT 1 SETTINGS max_threads = 'many'", 471, "Invalid value many for setting max_threads");
        fails("SELECT 1 SETTINGS seek_to = 'yesterday'", 471, "Invalid value yesterday for setting seek_to");
    }

    @Test
    void aggregationRules()
    {
        assertEquals("b String\ns Int64\nc UInt64\navg(n) Nullable(Float64)\nq Float64\nk Array(String)\nuniq UInt64\n" +
                "si UInt64\n",
            columns("SELECT b, sum(a) AS s, count() AS c, avg(n), quantile(0.9)(a) AS q, top_k(b, 3) AS k, " +
                "unique(b) AS uniq, sum_if(u, a > 0) AS si FROM table(s) GROUP BY b ORDER BY 2 DESC LIMIT 3"));
        fails("SELECT a, count() FROM table(s) GROUP BY b", 215, "Column a is not under aggregate function and not in " +
            "GROUP BY keys");
        fails("SELECT a FROM s WHERE count() > 1", 184, "Aggregate function count() is found in WHERE in query");
        fails("SELECT sum(count()) FROM s", 184, "Aggregate function count() is found inside another aggregate");
        fails("SELECT quantile(2)(a) FROM s", 12, "Quantile level 2 of quantile is out of range [0..1]");
        fails("SELECT a FROM table(s) LIMIT -1", 440, "The value of LIMIT expression");
        fails("SELECT a FROM table(s) WHERE b", 59, "Illegal type String of column for filter in WHERE");
    }

    @Test
    void streamingOrBoundedWindowsAndEmitPolicies()
    {
        assertTrue(plan("SELECT a FROM s").streaming());
        assertFalse(plan("SELECT a FROM table(s)").streaming());
        assertFalse(plan("SELECT a FROM s SETTINGS query_mode = 'table'").streaming());
        assertFalse(engine.plan("SELECT a FROM s", new Session(false)).streaming());
        assertTrue(plan("SELECT s.a FROM s JOIN table(dim) AS d ON s.a = d.a").streaming());

        final QueryPlan window = plan("SELECT window_start, count() FROM tumble(s, 5s) GROUP BY window_start");
        assertEquals(new EmitSpec(EmitSpec.Policy.AFTER_WINDOW_CLOSE, false, 0, 0, 0, false, 0, 0, false), window.emit());
        assertEquals("window_start DateTime64(3, 'UTC')\ncount() UInt64\n",
            columns("SELECT window_start, count() FROM tumble(s, 5s) GROUP BY window_start"));
        assertEquals(new EmitSpec(EmitSpec.Policy.AFTER_WINDOW_CLOSE, false, 2000, 0, 0, false, 0, 0, false),
            plan("SELECT window_end, max(a) FROM hop(s, t, 1s, 10s) GROUP BY window_end EMIT AFTER WATERMARK " +
                "WITH DELAY 2s").emit());
        assertEquals(new EmitSpec(EmitSpec.Policy.PERIODIC, false, 0, 0, 2000, false, 0, 0, false),
            plan("SELECT count() FROM s").emit());
        assertEquals(new EmitSpec(EmitSpec.Policy.PERIODIC, true, 0, 0, 500, true, 0, 0, false),
            plan("SELECT b, count() FROM s GROUP BY b EMIT CHANGELOG PERIODIC 500ms REPEAT").emit());
        assertEquals(new EmitSpec(EmitSpec.Policy.ON_UPDATE, false, 0, 0, 0, false, 1000, 0, false),
            plan("SELECT b, count() FROM s GROUP BY b EMIT ON UPDATE WITH BATCH 1s").emit());
        assertNull(plan("SELECT b, count() FROM table(s) GROUP BY b").emit());
        assertEquals("window_start DateTime64(3, 'UTC')\nwindow_end DateTime64(3, 'UTC')\nc UInt64\n",
            columns("SELECT window_start, window_end, count() AS c FROM session(s, 1m) GROUP BY window_start"));

        fails("SELECT count() FROM table(s) EMIT PERIODIC 1s", 80, "EMIT applies to streaming queries");
        fails("SELECT count() FROM s EMIT AFTER WINDOW CLOSE", 80, "EMIT AFTER WINDOW CLOSE needs a windowed");
        fails("SELECT a FROM s EMIT PERIODIC 1s", 80, "EMIT needs an aggregation");
        fails("SELECT a FROM s ORDER BY a", 48, "A streaming query without aggregation cannot ORDER BY");
        fails("SELECT count() FROM tumble(s, b, 5s) GROUP BY window_start", 43, "Illegal type String of the time column");
        fails("SELECT count() FROM hop(s, 10s, 1s) GROUP BY window_start", 36, "The slide of a hop window");
        fails("SELECT 1 FROM tumble(s)", 42, "Number of arguments for table function tumble doesn't match");
        fails("SELECT 1 FROM tumbel(s, 5s)", 46, "Unknown table function tumbel. Maybe you meant: ['tumble']");
    }

    @Test
    void asteriskExceptChangelogAndKeywordNames()
    {
        assertEquals("b String\n", columns("SELECT * EXCEPT (a, n, arr, u, t, tup, _tp_time) FROM s"));
        assertEquals("label String\n", columns("SELECT d.* EXCEPT (a, _tp_time) FROM table(dim) AS d"));
        fails("SELECT * EXCEPT (nope) FROM s", 47, "Unknown column nope in EXCEPT of *");

        final QueryPlan changelog = plan("SELECT a, _tp_delta FROM changelog(s, a, t, true)");
        final LogicalPlan.Changelog node = (LogicalPlan.Changelog)changelog.root().inputs().get(0);
        assertEquals("[a]", node.keys().stream().map(k -> ((io.muon.sql.plan.TypedExpr.ColumnRef)k).name()).toList()
            .toString());
        assertEquals("t", ((io.muon.sql.plan.TypedExpr.ColumnRef)node.version()).name());
        assertTrue(node.dropLateRows());
        assertEquals("a Int32\n_tp_delta Int8\n", columns("SELECT a, _tp_delta FROM changelog(s, a, t, true)"));
        run("CREATE STREAM kv (k string, v int64) PRIMARY KEY k SETTINGS mode = 'versioned_kv'");
        assertEquals("k String\nc Int64\n",
            columns("SELECT k, sum(v * _tp_delta) AS c FROM changelog(kv) GROUP BY k"));
        fails("SELECT * FROM changelog(kv, k)", 42, "changelog() over the versioned_kv stream default.kv");
        fails("SELECT * FROM changelog(s)", 42, "Number of arguments for table function changelog");
        fails("SELECT * FROM changelog(s, a, true)", 42, "Number of arguments for table function changelog");
        fails("SELECT * FROM changelog(table(s), a)", 1, "changelog() is a streaming table function");

        run("CREATE STREAM left (id int32)");
        run("CREATE STREAM right (id int32, v string)");
        assertEquals("id Int32\nv String\n",
            columns("SELECT left.id, right.v FROM left LEFT JOIN right ON left.id = right.id"));
    }

    @Test
    void insertsAreMatchedTypedAndDefaulted()
    {
        run("CREATE STREAM ins (a int32, b string DEFAULT concat('x', to_string(a)), c float64 DEFAULT a * 2, " +
            "d nullable(int8), e array(string))");
        final io.muon.sql.plan.InsertPlan values = engine.planInsert((io.muon.sql.ast.Statement.Insert)
            io.muon.sql.parser.SqlParser.parse("INSERT INTO ins (a, e) VALUES (1, ['p']), (2 + 3, [])"), session);
        assertEquals("[a Int32, e Array(String)]", values.inserted().stream()
            .map(c -> c.name() + " " + c.type().clickHouseName()).toList().toString());
        assertEquals(2, values.rows().size());
        assertEquals("plus", ((io.muon.sql.plan.TypedExpr.Call)values.rows().get(1).get(0)).function());
        // a, b, c, d, e, _tp_time: inserted columns are references; the others their DEFAULT over the inserted ones
        assertEquals(6, values.columns().size());
        assertEquals(new io.muon.sql.plan.TypedExpr.ColumnRef(0, "a", io.muon.kernel.type.DataType.INT32),
            values.columns().get(0));
        assertEquals("concat", ((io.muon.sql.plan.TypedExpr.Call)values.columns().get(1)).function());
        assertEquals("cast", ((io.muon.sql.plan.TypedExpr.Call)values.columns().get(2)).function());
        assertEquals("Float64", values.columns().get(2).type().clickHouseName());
        assertEquals("Nullable(Int8)", values.columns().get(3).type().clickHouseName());
        assertEquals("now64", ((io.muon.sql.plan.TypedExpr.Call)values.columns().get(5)).function());

        final io.muon.sql.plan.InsertPlan select = engine.planInsert((io.muon.sql.ast.Statement.Insert)
            io.muon.sql.parser.SqlParser.parse("INSERT INTO ins SELECT a, b, a, NULL, [b] FROM table(s)"), session);
        assertEquals(5, select.inserted().size());
        assertFalse(select.select().streaming());

        final io.muon.sql.plan.InsertPlan format = engine.planInsert((io.muon.sql.ast.Statement.Insert)
            io.muon.sql.parser.SqlParser.parse("INSERT INTO ins (a) FORMAT CSV\n1\n2\n"), session);
        assertEquals("CSV", format.format());
        assertEquals("1\n2\n", format.data());

        insertFails("INSERT INTO ins (nope) VALUES (1)", 16, "No such column nope in stream default.ins");
        insertFails("INSERT INTO ins (aa) VALUES (1)", 16, "No such column aa in stream default.ins. Maybe you meant a");
        insertFails("INSERT INTO ins (a, a) VALUES (1, 2)", 15, "Column a in stream default.ins specified more than once");
        insertFails("INSERT INTO ins (a, b) VALUES (1)", 20, "Row 1 of VALUES has 1 values, but 2 columns");
        insertFails("INSERT INTO ins (a) VALUES ([1])", 53, "Type mismatch in VALUES section: row 1, column a");
        insertFails("INSERT INTO ins (b) VALUES (1)", 53, "Type mismatch in VALUES section: row 1, column b");
        insertFails("INSERT INTO ins (a) VALUES (x)", 47, "Unknown expression identifier 'x'");
        insertFails("INSERT INTO ins (a) SELECT a, b FROM table(s)", 20, "Number of columns doesn't match");
        insertFails("INSERT INTO ins (a) SELECT arr FROM table(s)", 53, "Cannot insert column 1 of the SELECT (arr)");
        insertFails("INSERT INTO nope VALUES (1)", 60, "Stream default.nope doesn't exist");
        run("CREATE VIEW insv AS SELECT a FROM s");
        insertFails("INSERT INTO insv VALUES (1)", 48, "Method write is not supported by storage View");
        run("CREATE MATERIALIZED VIEW insmv INTO dim AS SELECT a, b AS label FROM s");
        assertEquals("dim", engine.planInsert((io.muon.sql.ast.Statement.Insert)
            io.muon.sql.parser.SqlParser.parse("INSERT INTO insmv (a) VALUES (1)"), session).target().name());
    }

    private void insertFails(final String sql, final int code, final String messageStart)
    {
        final MuonException error = assertThrows(MuonException.class, () -> engine.planInsert(
            (io.muon.sql.ast.Statement.Insert)io.muon.sql.parser.SqlParser.parse(sql), session));
        assertEquals(code, error.code(), error.toClickHouseText());
        assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
    }

    @Test
    void viewsAndMaterializedViewsKeepTheirColumns()
    {
        run("CREATE VIEW v AS SELECT a, b FROM s WHERE a > 0");
        assertTrue(plan("SELECT a FROM v").streaming());
        assertFalse(plan("SELECT * FROM table(v)").streaming());
        assertEquals("a\tint32\t\t\t\t\t\nb\tstring\t\t\t\t\t\n", run("DESCRIBE v"));
        run("CREATE MATERIALIZED VIEW mv AS SELECT window_start, count() AS c FROM tumble(s, 5s) GROUP BY window_start");
        assertEquals("window_start c _tp_time\n", run("DESCRIBE mv").lines().map(l -> l.split("\t")[0])
            .reduce((x, y) -> x + " " + y).orElse("") + "\n");
        run("CREATE STREAM target (label string)");
        final MuonException error = assertThrows(MuonException.class,
            () -> run("CREATE MATERIALIZED VIEW bad INTO target AS SELECT b FROM s"));
        assertEquals(16, error.code(), error.getMessage());
        fails("SELECT nope FROM v", 47, "Unknown expression identifier 'nope'");
    }

    @Test
    void describeExplainSetAndDefaults()
    {
        assertEquals("x\tuint8\t\t\t\t\t\n", run("DESCRIBE (SELECT 1 AS x)"));
        assertTrue(run("DESCRIBE tumble(s, 5s)").contains("window_end\tdatetime64(3, \\'UTC\\')"));
        assertEquals("dummy\tuint8\t\t\t\t\t\n", run("DESCRIBE system.one"));
        assertEquals(
            "Bounded query\n" +
            "  Limit 3\n" +
            "    Sort sum(a) DESC, top 3\n" +
            "      Project b String, sum(a) Int64\n" +
            "        Aggregate keys [b], aggregates [sum(a)]\n" +
            "          Filter greater(u, 1)\n" +
            "            StreamScan default.s (bounded)\n",
            run("EXPLAIN PLAN SELECT b, sum(a) FROM table(s) WHERE u > 1 GROUP BY b ORDER BY sum(a) DESC LIMIT 3"));
        assertEquals(
            "Streaming query, emit AFTER_WINDOW_CLOSE\n" +
            "  Project window_start DateTime64(3, \\'UTC\\'), count() UInt64\n" +
            "    WindowAggregate keys [window_start, window_end], aggregates [count()], emit AFTER_WINDOW_CLOSE\n" +
            "      Window TUMBLE time _tp_time, size 5 SECOND\n" +
            "        StreamScan default.s (streaming)\n",
            run("EXPLAIN SELECT window_start, count() FROM tumble(s, 5s) GROUP BY window_start"));

        run("SET query_mode = 'table'");
        assertFalse(plan("SELECT a FROM s").streaming());
        final MuonException unknown = assertThrows(MuonException.class, () -> run("SET max_memory_usag = 1"));
        assertEquals(115, unknown.code());

        run("CREATE STREAM d (a int32, b DEFAULT a + 1, c DEFAULT 'x', e DEFAULT now())");
        assertEquals("a int32\nb int64\nc string\ne datetime\n", run("DESCRIBE d").lines()
            .filter(l -> !l.startsWith("_tp_time")).map(l -> l.split("\t")[0] + " " + l.split("\t")[1])
            .reduce((x, y) -> x + "\n" + y).orElse("") + "\n");
        final MuonException badDefault = assertThrows(MuonException.class,
            () -> run("CREATE STREAM d2 (a int32 DEFAULT nofunc())"));
        assertEquals(46, badDefault.code());
    }

    /**
     * Every statement of both corpora, executed in order against one catalog (so the docs' CREATEs make the streams
     * their SELECTs read): each either succeeds or fails with a ClickHouse-style error, never another exception.
     */
    @Test
    void corporaNeverCrashTheAnalyzer() throws java.io.IOException
    {
        int analyzed = 0;
        for (final String corpus : java.util.List.of("valid.sql", "proton-docs.sql"))
        {
            for (final String sql : io.muon.sql.parser.SqlParserTestAccess.corpus(corpus))
            {
                try
                {
                    // queries and inserts are analyzed only (running them is the query engine's test)
                    final io.muon.sql.ast.Statement statement = io.muon.sql.parser.SqlParser.parse(sql);
                    if (statement instanceof io.muon.sql.ast.Statement.Query query)
                    {
                        engine.plan(query, session);
                    }
                    else if (statement instanceof io.muon.sql.ast.Statement.Insert insert)
                    {
                        engine.planInsert(insert, session);
                    }
                    else
                    {
                        engine.execute(sql, session);
                    }
                    analyzed++;
                }
                catch (final MuonException e)
                {
                    assertNotEquals(49, e.code(), () -> "logical error for " + sql + ": " + e.getMessage());
                }
                catch (final RuntimeException e)
                {
                    throw new AssertionError("crash on: " + sql, e);
                }
            }
        }
        assertTrue(analyzed > 150, "statements analyzed without error: " + analyzed);
    }
}
