package io.muon.sql.exec;

import io.muon.kernel.MuonException;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Joins (every kind and strictness), LIMIT BY, IN with a subquery and top-N, SQL in and TSV out. */
class JoinAndClauseTest extends SqlTestBase
{
    @BeforeEach
    void createStreams()
    {
        run("CREATE STREAM a (k uint32, v string)");
        run("CREATE STREAM b (k int64, w string, t uint32)");
        run("INSERT INTO a (k, v) VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (2, 'a2b')");
        run("INSERT INTO b (k, w, t) VALUES (2, 'b2', 10), (3, 'b3', 20), (3, 'b3x', 30), (4, 'b4', 40)");
    }

    @Test
    void innerLeftRightAndFullJoinsMatchOnKeysOfDifferentTypes()
    {
        assertEquals("2\ta2\tb2\n2\ta2b\tb2\n3\ta3\tb3\n3\ta3\tb3x\n",
            run("SELECT a.k, v, w FROM table(a) AS a INNER JOIN table(b) AS b ON a.k = b.k ORDER BY v, w"));
        assertEquals("1\ta1\t\t0\n2\ta2\tb2\t2\n2\ta2b\tb2\t2\n3\ta3\tb3\t3\n3\ta3\tb3x\t3\n",
            run("SELECT a.k, v, w, b.k FROM table(a) AS a LEFT JOIN table(b) AS b ON b.k = a.k ORDER BY v, w"));
        assertEquals("0\t\tb4\n2\ta2\tb2\n2\ta2b\tb2\n3\ta3\tb3\n3\ta3\tb3x\n",
            run("SELECT a.k, v, w FROM table(a) AS a RIGHT JOIN table(b) AS b ON a.k = b.k ORDER BY v, w"));
        assertEquals("0\t\tb4\t4\n1\ta1\t\t0\n2\ta2\tb2\t2\n2\ta2b\tb2\t2\n3\ta3\tb3\t3\n3\ta3\tb3x\t3\n",
            run("SELECT a.k, v, w, b.k FROM table(a) AS a FULL JOIN table(b) AS b ON a.k = b.k ORDER BY v, w"));
        // join_use_nulls makes the missing side NULL instead of default values
        assertEquals("a1\t\\N\t\\N\na2\tb2\t2\n", run("SELECT v, w, b.k FROM table(a) AS a LEFT JOIN table(b) AS b " +
            "ON a.k = b.k ORDER BY v, w LIMIT 2 SETTINGS join_use_nulls = 1"));
        assertEquals("16\n", run("SELECT count() FROM table(a) AS a CROSS JOIN table(b) AS b"));
        assertEquals("16\n", run("SELECT count() FROM table(a), table(b)"));
    }

    @Test
    void usingResidualConditionsAndStrictness()
    {
        assertEquals("2\tb2\n2\tb2\n3\tb3\n3\tb3x\n", run("SELECT k, w FROM table(a) JOIN table(b) USING k ORDER BY w"));
        assertEquals("3\ta3\tb3\n3\ta3\tb3x\n", run("SELECT a.k, v, w FROM table(a) AS a INNER JOIN table(b) AS b " +
            "ON a.k = b.k AND b.t > 15 ORDER BY v, w"));
        // the residual decides what counts as a match for LEFT: a2 finds none with t > 15
        assertEquals("a1\t\na2\t\na2b\t\na3\tb3\na3\tb3x\n", run("SELECT v, w FROM table(a) AS a LEFT JOIN table(b) " +
            "AS b ON a.k = b.k AND b.t > 15 ORDER BY v, w"));
        assertEquals("a2\tb2\na2b\tb2\na3\tb3\n", run("SELECT v, w FROM table(a) AS a ANY INNER JOIN table(b) AS b " +
            "ON a.k = b.k ORDER BY v"));
        assertEquals("a2\na2b\na3\n", run("SELECT v FROM table(a) AS a LEFT SEMI JOIN table(b) AS b USING k ORDER BY v"));
        assertEquals("a1\n", run("SELECT v FROM table(a) AS a LEFT ANTI JOIN table(b) AS b USING k ORDER BY v"));
        // residual conditions with ANY/SEMI/ANTI: the first pair that passes decides
        assertEquals("a3\n", run("SELECT v FROM table(a) AS a LEFT SEMI JOIN table(b) AS b ON a.k = b.k AND b.t > 15 " +
            "ORDER BY v"));
        assertEquals("a1\na2\na2b\n", run("SELECT v FROM table(a) AS a LEFT ANTI JOIN table(b) AS b ON a.k = b.k " +
            "AND b.t > 15 ORDER BY v"));
        assertEquals("a1\t\na2\t\na2b\t\na3\tb3\n", run("SELECT v, w FROM table(a) AS a ANY LEFT JOIN table(b) AS b " +
            "ON a.k = b.k AND b.t > 15 ORDER BY v"));
        assertEquals("a1\t1\na2\t1\na2b\t2\na3\t1\n", run("SELECT v, count(w) FROM table(a) AS a LEFT JOIN " +
            "table(b) AS b ON a.k + 1 = b.k + 0 AND a.v != 'a2' GROUP BY v ORDER BY v"));
    }

    @Test
    void asofJoinTakesTheClosestRowOnTheRightSideOfTheInequality()
    {
        run("CREATE STREAM trades (sym string, ts uint32, qty uint32)");
        run("CREATE STREAM quotes (sym string, ts uint32, px float64)");
        run("INSERT INTO trades (sym, ts, qty) VALUES ('x', 5, 1), ('x', 15, 2), ('x', 30, 3), ('y', 1, 4), " +
            "('z', 7, 5)");
        run("INSERT INTO quotes (sym, ts, px) VALUES ('x', 10, 1.5), ('x', 0, 1), ('x', 20, 2), ('y', 2, 9), " +
            "('z', 7, 7)");
        assertEquals("x\t5\t1\nx\t15\t1.5\nx\t30\t2\nz\t7\t7\n", run("SELECT t.sym, t.ts, q.px FROM table(trades) AS t " +
            "ASOF JOIN table(quotes) AS q ON t.sym = q.sym AND t.ts >= q.ts ORDER BY t.sym, t.ts"));
        assertEquals("x\t5\t1.5\nx\t15\t2\nx\t30\t0\ny\t1\t9\nz\t7\t0\n", run("SELECT t.sym, t.ts, q.px FROM " +
            "table(trades) AS t ASOF LEFT JOIN table(quotes) AS q ON t.sym = q.sym AND q.ts > t.ts ORDER BY t.sym, t.ts"));
        final MuonException error = assertThrows(MuonException.class, () -> run("SELECT 1 FROM table(trades) AS t " +
            "ASOF JOIN table(quotes) AS q ON t.sym = q.sym"));
        assertEquals(403, error.code());
    }

    @Test
    void limitByInSubqueryAndTopN()
    {
        assertEquals("1\ta1\n2\ta2\n3\ta3\n", run("SELECT k, v FROM table(a) LIMIT 1 BY k"));
        assertEquals("2\ta2b\n", run("SELECT k, v FROM table(a) LIMIT 1 OFFSET 1 BY k"));
        assertEquals("a2\na2b\na3\n", run("SELECT v FROM table(a) WHERE k IN (SELECT k FROM table(b)) ORDER BY v"));
        assertEquals("a1\n", run("SELECT v FROM table(a) WHERE k NOT IN (SELECT k FROM table(b)) ORDER BY v"));
        assertEquals("a3\na2b\na1\n", run("SELECT v FROM table(a) WHERE (k, v) NOT IN (SELECT 2, 'a2') " +
            "ORDER BY v DESC"));
        assertEquals("1\t0\n", run("SELECT 3 IN (SELECT number FROM numbers(5)), 7 IN (SELECT number FROM numbers(5))"));
        assertEquals("99999\n99998\n99997\n", run("SELECT number FROM numbers(100000) ORDER BY number DESC LIMIT 3"));
        assertEquals("0\n3\n6\n9\n1\n", run("SELECT number FROM numbers(10) ORDER BY number % 3, number LIMIT 5"));
        assertEquals("5\n4\n", run("SELECT number FROM numbers(10) ORDER BY number DESC LIMIT 2 OFFSET 4"));
    }

    @Test
    void arrayJoinRepeatsRowsPerElement()
    {
        assertEquals("1\t2\n2\t4\n3\t6\n", run("SELECT array_join([1, 2, 3]) AS x, x * 2 ORDER BY x"));
        assertEquals("1\t0\n2\t0\n2\t1\n", run("SELECT number, arrayJoin(range(number)) AS x FROM numbers(3) " +
            "ORDER BY number, x"));
        assertEquals("a1\t1\na1\t10\n", run("SELECT v, array_join([k, k * 10]) FROM table(a) WHERE k = 1"));
        // two different arrayJoin calls multiply, as in ClickHouse
        assertEquals("1\ta\n1\tb\n2\ta\n2\tb\n", run("SELECT array_join([1, 2]) AS x, array_join(['a', 'b']) AS y " +
            "ORDER BY x, y"));
    }

    @Test
    void topNAgreesWithAFullSortAcrossBatchesTiesAndNulls()
    {
        run("CREATE STREAM big (n uint64, k int32, f float64, x nullable(float64), s string)");
        // several inserts, each several batches: candidates carry over between batches and records
        for (int i = 0; i < 3; i++)
        {
            run("INSERT INTO big (n, k, f, x, s) SELECT number + " + i * 9000 + ", (number * 7919) % 13, " +
                "(number % 1000) / 10.0, if(number % 5 = 0, NULL, number % 97), concat('s', to_string(number % 31)) " +
                "FROM numbers(9000)");
        }
        for (final String order : new String[] {"f DESC", "f", "k, n DESC", "x NULLS FIRST, n", "x DESC, s, n",
            "s DESC", "f DESC, k"})
        {
            for (final int limit : new int[] {1, 10, 1500, 30000})
            {
                assertEquals(run("SELECT n, k, f, x, s FROM (SELECT n, k, f, x, s FROM table(big) ORDER BY " + order +
                    ") LIMIT " + limit), run("SELECT n, k, f, x, s FROM table(big) ORDER BY " + order + " LIMIT " +
                    limit), order + " LIMIT " + limit);
            }
        }
    }

    @Test
    void parallelReadsGiveTheResultsOfOneThread()
    {
        run("CREATE STREAM wide (n uint64, k uint32, s string, f float64, x nullable(int64))");
        // uneven inserts: slices of the log cross record boundaries
        for (final int rows : new int[] {10_000, 50_000, 3, 21_000})
        {
            run("INSERT INTO wide (n, k, s, f, x) SELECT number, number % 37, concat('s', to_string(number % 101)), " +
                "number / 8.0, if(number % 9 = 0, NULL, number % 1000) FROM numbers(" + rows + ")");
        }
        final String[] queries = {
            "SELECT count(), sum(n), min(s), max(f), avg(k), count(x), sum(x), uniq_exact(s) FROM table(wide)",
            "SELECT k, count(), sum(n), min(x), max(s), count_distinct(x) FROM table(wide) WHERE f > 100 GROUP BY k " +
                "ORDER BY k",
            "SELECT s, count() AS c, sum_if(k, x > 500) FROM table(wide) GROUP BY s ORDER BY c DESC, s LIMIT 7",
            "SELECT n, s FROM table(wide) WHERE k = 5 ORDER BY f DESC, n LIMIT 12",
            "SELECT x, count() FROM table(wide) GROUP BY x ORDER BY x NULLS FIRST LIMIT 5",
            "SELECT count() FROM table(wide) WHERE n IN (SELECT n FROM table(wide) WHERE k = 3)",
            // joins: the left side is split, the right side built once and shared
            "SELECT count(), sum(r.n), uniq_exact(l.s) FROM table(wide) AS l INNER JOIN (SELECT n, k FROM table(wide) " +
                "WHERE n < 5000) AS r ON l.n = r.n * 3",
            "SELECT l.k, count(), sum(r.n) FROM table(wide) AS l LEFT JOIN (SELECT n FROM table(wide) WHERE n < 700) " +
                "AS r ON l.n = r.n GROUP BY l.k ORDER BY l.k",
            "SELECT l.n, r.k FROM table(wide) AS l LEFT JOIN (SELECT n, k FROM table(wide) WHERE n % 2 = 0) AS r " +
                "ON l.n = r.n ORDER BY l.f DESC, r.k, l.n LIMIT 9",
        };
        for (final String query : queries)
        {
            final String oneThread = run(query + " SETTINGS max_threads = 1");
            final long handedOff = QueryWorkers.handedOff();
            assertEquals(oneThread, run(query + " SETTINGS max_threads = 3"), query);
            assertTrue(QueryWorkers.handedOff() >= handedOff + 2, "ran on worker threads: " + query);
        }
        // count() of a whole stream from record headers, the same with or without a filter that keeps every row
        assertEquals("81003\t81003\n", run("SELECT count(), count() FROM table(wide)"));
        assertEquals(run("SELECT count() FROM table(wide) WHERE n >= 0"), run("SELECT count() FROM table(wide)"));
        run("CREATE STREAM nothing (n uint64)");
        assertEquals("0\n", run("SELECT count() FROM table(nothing)"));
        assertEquals("81003\t3\n", run("SELECT count(), uniq_exact(x IS NULL, k % 2 = 0) - 1 FROM table(wide) " +
            "SETTINGS max_threads = 2"));
    }
}
