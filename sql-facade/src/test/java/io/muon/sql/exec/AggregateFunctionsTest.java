package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Aggregates with ClickHouse's answers (values checked against ClickHouse 18.16 where it has the function): empty
 * input, NULLs, -If conditions, grouping, and the approximate ones within their error.
 */
class AggregateFunctionsTest extends SqlTestBase
{
    @Test
    void varianceCovarianceAndCorrelation()
    {
        assertEquals("nan\t0\tnan\t0\n", run("SELECT var_samp(x), var_pop(x), stddev_samp(x), stddev_pop(x) " +
            "FROM (SELECT 1 AS x)"));
        assertEquals("nan\tnan\n", run("SELECT var_samp(x), var_pop(x) FROM (SELECT 1 AS x) WHERE x > 5"));
        assertEquals("82.5\t74.25\t1\tnan\n", run("SELECT covar_samp(number, number * number), " +
            "covar_pop(number, number * number), corr(number, number * 2), corr(number, 5) FROM numbers(10)"));
        assertEquals("9.166666666666666\t8.25\t2.8722813232690143\n", run("SELECT var_samp(number), var_pop(number), " +
            "stddev_pop(number) FROM numbers(10)"));
        assertEquals("0\t1.7757575757575756\n", run("SELECT skew_pop(number), kurt_pop(number) FROM numbers(10)"));
    }

    @Test
    void quantilesExactAndApproximate()
    {
        assertEquals("1.5\t1.5\t2\t[0.30000000000000004,2.7]\t3\n", run("SELECT quantile(0.5)(number), " +
            "median(number), quantile_exact(0.5)(number), quantiles(0.1, 0.9)(number), quantile_exact(0.9)(number) " +
            "FROM numbers(4)"));
        assertEquals("2\t4\t4\t4\t3.6\t3.6\n", run("SELECT quantile_exact(number), quantile_exact(0.99)(number), " +
            "quantile_exact(1)(number), quantile(1)(number), p90(number), quantile(number, 0.9) FROM numbers(5)"));
        assertEquals("nan\t0\n", run("SELECT quantile(x), quantile_exact(x) FROM (SELECT 1 AS x) WHERE x > 3"));
        final String[] approximate = run("SELECT quantile(0.9)(number), median(number), p99(number) " +
            "FROM numbers(1000000)").trim().split("\t");
        assertEquals(900_000, Double.parseDouble(approximate[0]), 20_000);
        assertEquals(500_000, Double.parseDouble(approximate[1]), 20_000);
        assertEquals(990_000, Double.parseDouble(approximate[2]), 20_000);
        assertEquals("0\t6\n1\t7\n", run("SELECT number % 2 AS k, quantile_exact_if(number, number > 3) FROM " +
            "numbers(10) GROUP BY k ORDER BY k"));
    }

    @Test
    void selectionAndDistinctCounting()
    {
        assertEquals("[0,1]\t3\t3\t0\t2\n", run("SELECT top_k(2)(x), uniq(x), uniq_exact(x), arg_min(y, x), " +
            "arg_max(y, x) FROM (SELECT number % 3 AS x, number AS y FROM numbers(10))"));
        assertEquals("[0,1]\t[9,8,7]\t[(9,'9'),(8,'8')]\t[(0,4),(1,3)]\n", run("SELECT min_k(number, 2), " +
            "max_k(number, 3), max_k(number, 2, to_string(number)), top_k(number % 3, 2, true) FROM numbers(10)"));
        assertEquals("0\t[]\t[]\t0\n", run("SELECT uniq(x), top_k(x), group_uniq_array(x), arg_min(x, x) " +
            "FROM (SELECT 1 AS x) WHERE x > 3"));
        assertEquals("[0,1,2]\t[0,1]\n", run("SELECT group_uniq_array(number % 3), group_uniq_array(2)(number % 3) " +
            "FROM numbers(10)"));
        final String[] counts = run("SELECT unique(number), unique_exact(number), count_distinct(number % 7) " +
            "FROM numbers(200000)").trim().split("\t");
        assertEquals(200_000, Long.parseLong(counts[0]), 200_000 * 0.02);
        assertEquals("200000", counts[1]);
        assertEquals("7", counts[2]);
        run("CREATE STREAM s (k string, v nullable(int32))");
        run("INSERT INTO s (k, v) VALUES ('a', 3), ('a', NULL), ('b', 1), ('a', 3), ('b', 5), ('c', NULL)");
        assertEquals("a\t1\t[3]\t3\t2\nb\t2\t[1,5]\t5\t2\nc\t0\t[]\t\\N\t0\n", run("SELECT k, uniq(v), " +
            "group_uniq_array(v), max(v), count(v) FROM table(s) GROUP BY k ORDER BY k"));
    }

    @Test
    void movingSumsAndFirstLast()
    {
        assertEquals("[0,1,3,6,10]\t[0,1,3,5,7]\t[0,1,3,6,10]\n", run("SELECT group_array_moving_sum(number), " +
            "group_array_moving_sum(2)(number), moving_sum(number) FROM numbers(5)"));
        assertEquals("[0.5,1.5,3]\n", run("SELECT moving_sum(number * 0.5 + 0.5) FROM numbers(3)"));
        assertEquals("0\t4\t0\t4\n", run("SELECT first_value(number), last_value(number), any(number), " +
            "any_last(number) FROM numbers(5)"));
    }

    @Test
    void weightedAverage()
    {
        // sum(x * w) / sum(w): (0*1 + 1*2 + 2*3 + 3*4) / 10; a weight sum of 0 gives nan, as ClickHouse
        assertEquals("2\t1.5\tnan\n", run("SELECT avg_weighted(number, number + 1), avgWeighted(number, 1), " +
            "avg_weighted(number, 0) FROM numbers(4)"));
        assertEquals("1\t2\n0\t2\n", run("SELECT number % 2 AS odd, avg_weighted_if(number, 1, number > 0) " +
            "FROM numbers(4) GROUP BY odd ORDER BY odd DESC"));
    }
}
