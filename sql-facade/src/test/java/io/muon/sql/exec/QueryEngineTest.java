package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** SQL in, TSV out: inserts land in NativeLog and bounded queries read them back with ClickHouse's semantics. */
class QueryEngineTest extends SqlTestBase
{
    @Test
    void namedTupleElementsAreReadByName()
    {
        run("CREATE STREAM tuples (t tuple(city string, zip uint32))");
        run("INSERT INTO tuples (t) VALUES (('Oslo', 150)), (('Rome', 100))");
        assertEquals("Oslo\t150\nRome\t100\n", run("SELECT t.city, t.zip FROM table(tuples) ORDER BY t.zip DESC"));
        assertEquals("1\n", run("SELECT count() FROM table(tuples) WHERE t.city = 'Rome'"));
    }

    @Test
    void constantQueriesFollowClickHouse()
    {
        assertEquals("2\t-1\t0.3333333333333333\t3\t1\n", run("SELECT 1 + 1, 1 - 2, 1 / 3, 10 DIV 3, 10 % 3"));
        assertEquals("0\n", run("SELECT dummy FROM system.one"));
        assertEquals("1\t0\t1\t\\N\n", run("SELECT 1 < 2, 'a' > 'b', NULL IS NULL, 1 + NULL"));
        assertEquals("255\t-128\t4294967295\n", run("SELECT to_uint8(-1), to_int8(128), to_uint32(-1)"));
        assertEquals("1e21\t1e-7\t100000\t0.1\tinf\tnan\n", run("SELECT 1e21, 1e-7, 100000.0, 0.1, 1/0, 0/0"));
        assertEquals("b\tfoo\t3\tABC\n", run("SELECT if(1 > 2, 'a', 'b'), concat('f', 'oo'), length('abc'), upper('abc')"));
        assertEquals("2024-01-31\t2024-02-29 10:00:00\t2024\n", run("SELECT to_date('2024-01-31'), " +
            "to_datetime('2024-01-31 10:00:00', 'UTC') + INTERVAL 1 MONTH, to_year(to_date('2024-05-01'))"));
        assertEquals("[1,2,3]\t(1,'a')\t2\t1\t0\n", run("SELECT [1, 2, 3], (1, 'a'), [1, 2, 3][2], 2 IN (1, 2), " +
            "5 IN (1, 2)"));
        assertEquals("x\t\\N\t7\n", run("SELECT multi_if(1 = 1, 'x', 'y'), to_int32_or_null('q'), coalesce(NULL, 7)"));
        fails("SELECT 1 DIV 0", 153, "Division by zero");
        fails("SELECT to_date('nope')", 38, "Cannot parse 'nope' as Date");
    }

    @Test
    void insertThenQueryHistory()
    {
        run("CREATE STREAM s (id uint32, name string, score nullable(float64), tag string DEFAULT concat('t', " +
            "to_string(id)))");
        run("INSERT INTO s (id, name, score) VALUES (1, 'a', 1.5), (2, 'b', NULL), (3, 'c', 4)");
        run("INSERT INTO s (id, name, score) VALUES (4, 'a', 2.5)");
        assertEquals("1\ta\t1.5\tt1\n2\tb\t\\N\tt2\n3\tc\t4\tt3\n4\ta\t2.5\tt4\n",
            run("SELECT id, name, score, tag FROM table(s) ORDER BY id"));
        assertEquals("4\t10\t2.6666666666666665\t1\t4\n",
            run("SELECT count(), sum(id), avg(score), min(id), max(id) FROM table(s)"));
        assertEquals("a\t2\t4\nb\t1\t\\N\nc\t1\t4\n",
            run("SELECT name, count() AS c, sum(score) FROM table(s) GROUP BY name ORDER BY name"));
        assertEquals("3\n4\n", run("SELECT id FROM table(s) WHERE score > 2 ORDER BY id"));
        assertEquals("4\n3\n", run("SELECT id FROM table(s) ORDER BY id DESC LIMIT 2"));
        assertEquals("2\n", run("SELECT id FROM table(s) ORDER BY score NULLS FIRST LIMIT 1"));
        assertEquals("a\nb\nc\n", run("SELECT DISTINCT name FROM table(s) ORDER BY name"));
        assertEquals("3\t2\n", run("SELECT uniq_exact(name), count_if(name = 'a') FROM table(s)"));
        assertEquals("0\t1\t2\t3\n", run("SELECT _tp_sn FROM table(s) ORDER BY _tp_sn").replace('\n', '\t')
            .trim() + "\n");
        assertEquals("1\n", run("SELECT count() FROM table(s) WHERE name = 'b'"));
        assertEquals("0\n", run("SELECT count() FROM table(s) WHERE name = 'zz'"));

        run("CREATE STREAM copy (id uint64, name string)");
        run("INSERT INTO copy SELECT id * 10, name FROM table(s) WHERE id > 2");
        assertEquals("30\tc\n40\ta\n", run("SELECT id, name FROM table(copy) ORDER BY id"));
        run("DROP STREAM copy");
    }

    @Test
    void compositeColumnsRoundTripThroughTheLog()
    {
        run("CREATE STREAM c (id int32, arr array(string), nested array(array(int64)), t tuple(int8, nullable(string)))");
        run("INSERT INTO c (id, arr, nested, t) VALUES (1, ['x', 'y'], [[1], [2, 3]], (1, NULL)), (2, [], [], (2, 'z'))");
        assertEquals("1\t['x','y']\t[[1],[2,3]]\t(1,NULL)\n2\t[]\t[]\t(2,'z')\n",
            run("SELECT id, arr, nested, t FROM table(c) ORDER BY id"));
    }

    @Test
    void badValuesRejectTheWholeInsert()
    {
        run("CREATE STREAM t (a uint8, d date)");
        fails("INSERT INTO t VALUES (1, '2024-01-01'), (300, '2024-01-02')", 321,
            "Value 300 cannot be represented as UInt8: row 2, column a of the INSERT; nothing was inserted");
        fails("INSERT INTO t VALUES (1, 'not a date')", 38, "row 1, column d");
        assertEquals("0\n", run("SELECT count() FROM table(t)"));
        run("INSERT INTO t VALUES (7, '2024-01-01')");
        assertEquals("7\t2024-01-01\n", run("SELECT a, d FROM table(t)"));
    }

    @Test
    void numbersAggregatesAndUnions()
    {
        assertEquals("10\t45\t4.5\n", run("SELECT count(), sum(number), avg(number) FROM numbers(10)"));
        assertEquals("0\t4\n1\t3\n2\t3\n", run("SELECT number % 3 AS k, count() FROM numbers(10) WHERE number < 10 " +
            "GROUP BY k ORDER BY k"));
        assertEquals("0\n1\n2\n", run("SELECT number FROM system.numbers LIMIT 3"));
        assertEquals("1\n2\n2\n", run("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 2").lines().sorted()
            .reduce("", (x, y) -> x + y + "\n"));
        assertEquals("[0,1,2]\n", run("SELECT group_array(number) FROM numbers(3)"));
        fails("SELECT number FROM numbers(100000) SETTINGS max_result_rows = 10", 396, "max_result_rows");
    }
}
