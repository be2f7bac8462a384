package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** versioned_kv and changelog_kv streams: the latest row per primary key, bounded and as a streaming start. */
class KeyedStreamTest extends StreamingTestBase
{
    /** Runs an INSERT and waits until the query has read its rows. */
    private void applied(final Tail tail, final String insert)
    {
        final long before = tail.cursor.readRows();
        run(insert);
        waitFor(() -> tail.cursor.readRows() > before, "the rows to be read");
    }

    /** Runs an INSERT and waits until each of the queries has read its rows. */
    private void applied(final List<Tail> tails, final String insert)
    {
        final long[] before = new long[tails.size()];
        for (int i = 0; i < before.length; i++)
        {
            before[i] = tails.get(i).cursor.readRows();
        }
        run(insert);
        for (int i = 0; i < before.length; i++)
        {
            final Tail tail = tails.get(i);
            final long was = before[i];
            waitFor(() -> tail.cursor.readRows() > was, "the rows to be read");
        }
    }

    private void check(final String sql, final String expected)
    {
        assertEquals(expected, run(sql), sql);
    }

    @Test
    void aVersionedStreamReadsAsTheLatestRowOfEachKeyThenEveryNewRow() throws Exception
    {
        // Proton's smoke test
        run("CREATE STREAM s (i int32, s string) PRIMARY KEY s SETTINGS mode = 'versioned_kv'");
        run("INSERT INTO s (i, s) VALUES (1, 'a')");
        run("INSERT INTO s (i, s) VALUES (2, 'b')");
        run("INSERT INTO s (i, s) VALUES (2, 'a'), (3, 'b'), (4, 'c')");
        check("SELECT i, s FROM table(s)", "2\ta\n3\tb\n4\tc\n");
        check("SELECT count(), sum(i) FROM table(s)", "3\t9\n");
        try (Tail tail = new Tail("SELECT i, s FROM s"))
        {
            assertEquals(List.of("2\ta", "3\tb", "4\tc"), tail.await(3));
            run("INSERT INTO s (i, s) VALUES (5, 'd'), (6, 'c')");
            assertEquals(List.of("2\ta", "3\tb", "4\tc", "5\td", "6\tc"), tail.await(5));
        }
        try (Tail tail = new Tail("SELECT i, s FROM s SETTINGS seek_to = 'latest'"))
        {
            run("INSERT INTO s (i, s) VALUES (7, 'a')");
            assertEquals(List.of("7\ta"), tail.await(1));
        }
        check("SELECT i, s FROM table(s) ORDER BY s", "7\ta\n3\tb\n6\tc\n5\td\n");
    }

    @Test
    void theVersionColumnDecidesWhichRowIsLatest() throws Exception
    {
        run("CREATE STREAM prices (product string, version int64, price float64) PRIMARY KEY product " +
            "SETTINGS mode = 'versioned_kv', version_column = 'version'");
        run("INSERT INTO prices (product, version, price) VALUES ('iPhone14', 2, 799), ('iPhone14_Plus', 1, 899)");
        // a late update with an older version loses to the one already there
        run("INSERT INTO prices (product, version, price) VALUES ('iPhone14', 1, 800), ('iPhone14_Plus', 3, 900)");
        check("SELECT product, price FROM table(prices) ORDER BY product", "iPhone14\t799\niPhone14_Plus\t900\n");
        run("CREATE STREAM people (first string, last string, age int32) PRIMARY KEY first || ' ' || last " +
            "SETTINGS mode = 'versioned_kv'");
        run("INSERT INTO people (first, last, age) VALUES ('ann', 'lee', 30), ('ann', 'ray', 40)");
        run("INSERT INTO people (first, last, age) VALUES ('ann', 'lee', 31)");
        check("SELECT first, last, age FROM table(people) ORDER BY last", "ann\tlee\t31\nann\tray\t40\n");
    }

    @Test
    void aChangelogStreamDropsDeletedKeysFromItsState() throws Exception
    {
        // Proton's smoke test
        run("CREATE STREAM s (i int32, s string) PRIMARY KEY s SETTINGS mode = 'changelog_kv'");
        run("INSERT INTO s (i, s) VALUES (1, 'a')");
        run("INSERT INTO s (i, s) VALUES (2, 'b')");
        run("INSERT INTO s (i, s, _tp_delta) VALUES (1, 'a', -1), (2, 'b', -1), (3, 'b', 1), (4, 'c', 1)");
        check("SELECT i, s, _tp_delta FROM table(s)", "3\tb\t1\n4\tc\t1\n");
        try (Tail tail = new Tail("SELECT i, s, _tp_delta FROM s"))
        {
            assertEquals(List.of("3\tb\t1", "4\tc\t1"), tail.await(2));
            run("INSERT INTO s (i, s) VALUES (5, 'd')");
            assertEquals(List.of("3\tb\t1", "4\tc\t1", "5\td\t1"), tail.await(3));
            run("INSERT INTO s (i, s, _tp_delta) VALUES (4, 'c', -1)");
            assertEquals(List.of("3\tb\t1", "4\tc\t1", "5\td\t1", "4\tc\t-1"), tail.await(4));
        }
        check("SELECT i, s FROM table(s) ORDER BY s", "3\tb\n5\td\n");
    }

    @Test
    void anAppendStreamJoinsTheCurrentRowsOfAVersionedStream() throws Exception
    {
        // Proton's smoke tests: the join key is not the primary key, then part of it
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (ii int32, kk string) PRIMARY KEY kk SETTINGS mode = 'versioned_kv'");
        try (Tail tail = new Tail("SELECT i, k, ii, kk FROM l INNER JOIN r ON i = ii"))
        {
            applied(tail, "INSERT INTO r (ii, kk) VALUES (1, 'kk1'), (1, 'kk2')");
            run("INSERT INTO l (i, k) VALUES (1, 'k1')");
            assertEquals(List.of("1\tk1\t1\tkk1", "1\tk1\t1\tkk2"), tail.await(2));
            applied(tail, "INSERT INTO r (ii, kk) VALUES (2, 'kk1')");
            run("INSERT INTO l (i, k) VALUES (1, 'k1'), (2, 'k2')");
            assertEquals(List.of("1\tk1\t1\tkk1", "1\tk1\t1\tkk2", "1\tk1\t1\tkk2", "2\tk2\t2\tkk1"),
                tail.await(4));
        }
        run("CREATE STREAM l2 (i int32, k string)");
        run("CREATE STREAM r2 (j int32, k string, kk string) PRIMARY KEY (k, kk) SETTINGS mode = 'versioned_kv'");
        run("INSERT INTO r2 (j, k, kk) VALUES (1, 'a', 'bb'), (1, 'a', 'cc')");
        try (Tail tail = new Tail("SELECT i, l2.k, j, r2.k, kk FROM l2 LEFT JOIN r2 ON l2.k = r2.k"))
        {
            // the keyed stream's rows before the query are its starting state
            applied(tail, "INSERT INTO r2 (j, k, kk) VALUES (1, 'z', 'zz')");
            run("INSERT INTO l2 (i, k) VALUES (1, 'a')");
            assertEquals(2, tail.await(2).size());
            applied(tail, "INSERT INTO r2 (j, k, kk) VALUES (2, 'a', 'cc')");
            run("INSERT INTO l2 (i, k) VALUES (2, 'a')");
            assertEquals(4, tail.await(4).size());
            run("INSERT INTO l2 (i, k) VALUES (2, 'b')");
            final List<String> rows = tail.await(5);
            assertEquals(List.of("1\ta\t1\ta\tbb", "1\ta\t1\ta\tcc"), rows.subList(0, 2).stream().sorted()
                .toList());
            assertEquals(List.of("2\ta\t1\ta\tbb", "2\ta\t2\ta\tcc"), rows.subList(2, 4).stream().sorted()
                .toList());
            assertEquals("2\tb\t0\t\t", rows.get(4));
        }
    }

    @Test
    void aDeleteInAChangelogStreamRemovesItsRowFromTheJoin() throws Exception
    {
        // Proton's smoke test
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (ii int32, kk string) PRIMARY KEY kk SETTINGS mode = 'changelog_kv'");
        try (Tail tail = new Tail("SELECT i, k, ii, kk, _tp_delta FROM l INNER JOIN r ON i = ii"))
        {
            applied(tail, "INSERT INTO r (ii, kk) VALUES (1, 'k1')");
            run("INSERT INTO l (i, k) VALUES (1, 'k1'), (2, 'k2')");
            assertEquals(List.of("1\tk1\t1\tk1\t1"), tail.await(1));
            applied(tail, "INSERT INTO r (ii, kk) VALUES (1, 'k2')");
            applied(tail, "INSERT INTO r (ii, kk, _tp_delta) VALUES (1, 'k1', -1)");
            run("INSERT INTO l (i, k) VALUES (1, 'k1')");
            assertEquals(List.of("1\tk1\t1\tk1\t1", "1\tk1\t1\tk2\t1"), tail.await(2));
        }
    }

    @Test
    void ordersTakeTheCurrentPriceOfTheirProduct() throws Exception
    {
        // Proton's versioned stream page
        run("CREATE STREAM dim_products (product_id string, price float32) PRIMARY KEY product_id " +
            "SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM orders (order_id int8, product_id string, quantity int8)");
        run("INSERT INTO dim_products (product_id, price) VALUES ('iPhone14', 799), ('iPhone14_Plus', 899)");
        run("INSERT INTO dim_products (product_id, price) VALUES ('iPhone14', 800)");
        try (Tail tail = new Tail("SELECT order_id, product_id, quantity, price * quantity AS amount FROM orders " +
            "JOIN dim_products USING (product_id)"))
        {
            applied(tail, "INSERT INTO dim_products (product_id, price) VALUES ('Pixel', 599)");
            run("INSERT INTO orders (order_id, product_id, quantity) VALUES (1, 'iPhone14', 1)");
            run("INSERT INTO orders (order_id, product_id, quantity) VALUES (2, 'iPhone14_Plus', 1)");
            assertEquals(List.of("1\tiPhone14\t1\t800", "2\tiPhone14_Plus\t1\t899"), tail.await(2));
            applied(tail, "INSERT INTO dim_products (product_id, price) VALUES ('iPhone14', 799)");
            run("INSERT INTO orders (order_id, product_id, quantity) VALUES (3, 'iPhone14', 1)");
            assertEquals(List.of("1\tiPhone14\t1\t800", "2\tiPhone14_Plus\t1\t899", "3\tiPhone14\t1\t799"),
                tail.await(3));
        }
        startFails("SELECT * FROM dim_products JOIN orders USING (product_id)", 48, "append stream on the left");
    }

    @Test
    void aggregatesOverAChangelogStreamTakeBackDeletedRows() throws Exception
    {
        // Proton's smoke test, with whole numbers
        run("CREATE STREAM c (id int32, val int64) PRIMARY KEY id SETTINGS mode = 'changelog_kv'");
        run("INSERT INTO c (id, val) VALUES (1, 1), (2, 2), (3, 3)");
        try (Tail tail = new Tail("SELECT count(val), sum(val), avg(val), count_if(val > 2), min(val), max(val) " +
            "FROM c EMIT ON UPDATE"))
        {
            assertEquals(List.of("3\t6\t2\t1\t1\t3"), tail.await(1));
            run("INSERT INTO c (id, val) VALUES (4, 4), (5, 5)");
            assertEquals("5\t15\t3\t3\t1\t5", tail.await(2).get(1));
            run("INSERT INTO c (id, val, _tp_delta) VALUES (3, 3, -1)");
            assertEquals("4\t12\t3\t2\t1\t5", tail.await(3).get(2));
            run("INSERT INTO c (id, val, _tp_delta) VALUES (1, 1, -1)");
            assertEquals("3\t11\t3.6666666666666665\t2\t2\t5", tail.await(4).get(3));
            run("INSERT INTO c (id, val, _tp_delta) VALUES (5, 5, -1)");
            assertEquals("2\t6\t3\t1\t2\t4", tail.await(5).get(4));
        }
        startFails("SELECT uniq(val) FROM c", 48, "cannot take back");
        startFails("SELECT unique_exact(to_string(val)) FROM c", 48, "unique_exact of String");
    }

    @Test
    void distinctCountsOverAChangelogStreamTakeBackDeletedRows() throws Exception
    {
        run("CREATE STREAM c (id int32, val int64) PRIMARY KEY id SETTINGS mode = 'changelog_kv'");
        run("INSERT INTO c (id, val) VALUES (1, 10), (2, 20), (3, 20)");
        try (Tail tail = new Tail("SELECT unique_exact(val), count(DISTINCT val), count_distinct(val) " +
            "FROM c EMIT ON UPDATE"))
        {
            assertEquals(List.of("2\t2\t2"), tail.await(1));
            // one of the two rows of 20 goes: 20 is still there
            run("INSERT INTO c (id, val, _tp_delta) VALUES (2, 20, -1)");
            assertEquals("2\t2\t2", tail.await(2).get(1));
            // the last row of 20 goes, a new value comes
            run("INSERT INTO c (id, val, _tp_delta) VALUES (3, 20, -1), (4, 30, 1), (5, 40, 1)");
            assertEquals("3\t3\t3", tail.await(3).get(2));
        }
        check("SELECT unique_exact(val) FROM table(c)", "3\n");
    }

    @Test
    void aggregatesOverAVersionedStreamCountEachKeyOnce() throws Exception
    {
        // Proton's smoke test: an update replaces the key's row in the sums
        run("CREATE STREAM v (id int32, val float64) PRIMARY KEY id SETTINGS mode = 'versioned_kv'");
        try (Tail tail = new Tail("SELECT sum(val), avg(val), count(), min(val), max(val) FROM v EMIT ON UPDATE"))
        {
            run("INSERT INTO v (id, val) VALUES (1, 1), (2, 3), (3, 5)");
            assertEquals(List.of("9\t3\t3\t1\t5"), tail.await(1));
            run("INSERT INTO v (id, val) VALUES (1, 2), (2, 4), (3, 6)");
            assertEquals("12\t4\t3\t2\t6", tail.await(2).get(1));
            // a lower value for the maximum's key: the maximum falls back to the next value
            run("INSERT INTO v (id, val) VALUES (3, -1.5)");
            assertEquals("4.5\t1.5\t3\t-1.5\t4", tail.await(3).get(2));
        }
        try (Tail tail = new Tail("SELECT id % 2 AS odd, count(), sum(val) FROM v WHERE val > 2 GROUP BY odd " +
            "ORDER BY odd EMIT ON UPDATE"))
        {
            // the state: 1 -> 2 and 3 -> -1.5 (filtered out), 2 -> 4
            assertEquals(List.of("0\t1\t4"), tail.await(1));
            run("INSERT INTO v (id, val) VALUES (3, 7)");
            assertEquals("1\t1\t7", tail.await(2).get(1));
            // key 3 drops under the filter: its old row is taken back
            run("INSERT INTO v (id, val) VALUES (3, 1)");
            assertEquals("1\t0\t0", tail.await(3).get(2));
        }
    }

    @Test
    void twoVersionedStreamsJoinIntoAChangelog() throws Exception
    {
        // Proton's smoke tests
        run("CREATE STREAM l (i int32, s string) PRIMARY KEY s SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM r (ii int32, ss string) PRIMARY KEY ss SETTINGS mode = 'versioned_kv'");
        try (Tail tail = new Tail("SELECT i, ii, s, _tp_delta FROM l JOIN r ON s = ss");
             Tail total = new Tail("SELECT sum(i + ii) AS total FROM l JOIN r ON s = ss GROUP BY s EMIT ON UPDATE"))
        {
            // each change is read by both queries before the next (the sums follow: 0 + 1, 2 + 1, 2 + 3)
            applied(List.of(tail, total), "INSERT INTO r (ii, ss) VALUES (1, 's1')");
            run("INSERT INTO l (i, s) VALUES (0, 's1')");
            assertEquals(List.of("0\t1\ts1\t1"), tail.await(1));
            assertEquals(List.of("1"), total.await(1));
            run("INSERT INTO l (i, s) VALUES (2, 's1')");
            assertEquals(3, tail.await(3).size());
            assertEquals(List.of("1", "3"), total.await(2));
            run("INSERT INTO r (ii, ss) VALUES (3, 's1')");
            assertEquals(List.of("0\t1\ts1\t1", "0\t1\ts1\t-1", "2\t1\ts1\t1", "2\t1\ts1\t-1",
                "2\t3\ts1\t1"), tail.await(5));
            assertEquals(List.of("1", "3", "5"), total.await(3));
        }
        check("SELECT i, s FROM table(l)", "2\ts1\n");
        startFails("SELECT * FROM l LEFT JOIN r ON s = ss AND i < ii", 48, "only equalities in ON");
    }

    @Test
    void outerJoinsOfVersionedStreamsSendUnmatchedRowsAloneAndTakeThemBack() throws Exception
    {
        // Proton's bidirectional join page: LEFT, RIGHT and FULL joins of keyed streams
        run("CREATE STREAM l (i int32, s string) PRIMARY KEY s SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM r (ii int32, ss string) PRIMARY KEY ss SETTINGS mode = 'versioned_kv'");
        try (Tail left = new Tail("SELECT i, ii, s, ss, _tp_delta FROM l LEFT JOIN r ON s = ss");
             Tail right = new Tail("SELECT i, ii, s, ss, _tp_delta FROM l RIGHT JOIN r ON s = ss");
             Tail full = new Tail("SELECT i, ii, s, ss, _tp_delta FROM l FULL JOIN r ON s = ss");
             Tail counts = new Tail("SELECT count(), sum(ii) FROM l FULL JOIN r ON s = ss EMIT ON UPDATE"))
        {
            final List<Tail> all = List.of(left, right, full, counts);
            applied(all, "INSERT INTO l (i, s) VALUES (1, 'a')");
            // a left row without a right row of its key goes out alone
            assertEquals(List.of("1\t0\ta\t\t1"), left.await(1));
            applied(all, "INSERT INTO r (ii, ss) VALUES (10, 'a')");
            // the key's first right row takes the lone row back before the joined row comes
            assertEquals(List.of("1\t0\ta\t\t1", "1\t0\ta\t\t-1", "1\t10\ta\ta\t1"), left.await(3));
            applied(all, "INSERT INTO r (ii, ss) VALUES (20, 'b')");
            // a right row without a left row: alone in the RIGHT and FULL joins, nothing in the LEFT join
            applied(all, "INSERT INTO r (ii, ss) VALUES (11, 'a')");
            // a right key replaced under the same join key: only its joined row changes, no lone rows between
            applied(all, "INSERT INTO l (i, s) VALUES (2, 'b')");
            assertEquals(List.of("1\t0\ta\t\t1", "1\t0\ta\t\t-1", "1\t10\ta\ta\t1", "1\t10\ta\ta\t-1",
                "1\t11\ta\ta\t1", "2\t20\tb\tb\t1"), left.await(6));
            assertEquals(List.of("1\t10\ta\ta\t1", "0\t20\t\tb\t1", "1\t10\ta\ta\t-1", "1\t11\ta\ta\t1",
                "0\t20\t\tb\t-1", "2\t20\tb\tb\t1"), right.await(6));
            assertEquals(List.of("1\t0\ta\t\t1", "1\t0\ta\t\t-1", "1\t10\ta\ta\t1", "0\t20\t\tb\t1",
                "1\t10\ta\ta\t-1", "1\t11\ta\ta\t1", "0\t20\t\tb\t-1", "2\t20\tb\tb\t1"), full.await(8));
            // an aggregation over the FULL join follows its rows: one lone row, then the joined ones
            waitFor(() -> counts.has("2\t31"), "the counts over the FULL join: " + counts.await(1));
            assertEquals("1\t0", counts.await(1).get(0));
        }
        // the same rows as the bounded join
        check("SELECT i, ii, s, ss FROM table(l) AS l FULL JOIN table(r) AS r ON s = ss ORDER BY ii",
            "1\t11\ta\ta\n2\t20\tb\tb\n");
    }

    @Test
    void theLeftSideWaitsUntilTheKeyedSideHasLoadedItsState() throws Exception
    {
        // the state takes several batches; every order of the history finds its key
        run("CREATE STREAM dim (k int64, v int64) PRIMARY KEY k SETTINGS mode = 'versioned_kv'");
        run("CREATE STREAM orders (k int64, qty int64)");
        run("INSERT INTO dim (k, v) SELECT number, number * 10 FROM numbers(30000)");
        // the orders ask for the keys the state brings last first
        run("INSERT INTO orders (k, qty) SELECT 29999 - number, 1 FROM numbers(30000)");
        try (Tail tail = new Tail("SELECT o.k, d.v FROM orders AS o JOIN dim AS d ON o.k = d.k " +
            "SETTINGS seek_to = 'earliest'"))
        {
            final List<String> rows = tail.await(30_000);
            assertEquals(30_000, rows.size());
            assertEquals("29999\t299990", rows.get(0));
            assertEquals("0\t0", rows.get(29_999));
        }
    }

    @Test
    void aWhereOnTheKeyedSideFiltersTheJoinedRowsNotTheVersions() throws Exception
    {
        run("CREATE STREAM orders (order_id int32, product_id int32)");
        run("CREATE STREAM products (product_id int32, price float64, active bool) PRIMARY KEY product_id " +
            "SETTINGS mode = 'versioned_kv'");
        try (Tail tail = new Tail("SELECT o.order_id, p.price FROM orders AS o JOIN products AS p " +
            "ON o.product_id = p.product_id WHERE p.active"))
        {
            applied(tail, "INSERT INTO products (product_id, price, active) VALUES (1, 10, true)");
            applied(tail, "INSERT INTO products (product_id, price, active) VALUES (1, 12, true)");
            run("INSERT INTO orders (order_id, product_id) VALUES (100, 1)");
            assertEquals(List.of("100\t12"), tail.await(1));
            // the inactive version replaces the active one: the next order finds nothing
            applied(tail, "INSERT INTO products (product_id, price, active) VALUES (1, 20, false)");
            applied(tail, "INSERT INTO orders (order_id, product_id) VALUES (101, 1)");
            applied(tail, "INSERT INTO products (product_id, price, active) VALUES (1, 25, true)");
            run("INSERT INTO orders (order_id, product_id) VALUES (102, 1)");
            assertEquals(List.of("100\t12", "102\t25"), tail.await(2));
        }
        startFails("SELECT * FROM orders AS o JOIN (SELECT * FROM products) AS p ON o.product_id = p.product_id", 48,
            "join the versioned_kv or changelog_kv stream itself");
        startFails("SELECT count() FROM (SELECT product_id FROM products)", 48, "aggregate over the stream itself");
    }

    @Test
    void aDeletedKeyKeepsItsVersionAgainstLateRows() throws Exception
    {
        run("CREATE STREAM l (i int32)");
        run("CREATE STREAM r (ii int32, kk string, ver int32) PRIMARY KEY kk " +
            "SETTINGS mode = 'changelog_kv', version_column = 'ver'");
        try (Tail tail = new Tail("SELECT i, kk FROM l JOIN r ON i = ii"))
        {
            applied(tail, "INSERT INTO r (ii, kk, ver) VALUES (1, 'k1', 1)");
            applied(tail, "INSERT INTO r (ii, kk, ver, _tp_delta) VALUES (1, 'k1', 5, -1)");
            // a late row of an older version does not bring the deleted key back
            applied(tail, "INSERT INTO r (ii, kk, ver) VALUES (1, 'k1', 3)");
            applied(tail, "INSERT INTO r (ii, kk, ver) VALUES (2, 'k2', 1)");
            run("INSERT INTO l (i) VALUES (1), (2)");
            assertEquals(List.of("2\tk2"), tail.await(1));
        }
    }

    @Test
    void twoChangelogStreamsJoinIntoAChangelogThatDeletesTakeBack() throws Exception
    {
        run("CREATE STREAM l (i int32, s string) PRIMARY KEY s SETTINGS mode = 'changelog_kv'");
        run("CREATE STREAM r (ii int32, ss string) PRIMARY KEY ss SETTINGS mode = 'changelog_kv'");
        // the join's own _tp_delta is the unqualified one; each side keeps its own under its name
        try (Tail tail = new Tail("SELECT i, ii, s, _tp_delta, r._tp_delta FROM l JOIN r ON s = ss"))
        {
            applied(tail, "INSERT INTO r (ii, ss) VALUES (1, 's1')");
            run("INSERT INTO l (i, s) VALUES (0, 's1')");
            assertEquals(List.of("0\t1\ts1\t1\t1"), tail.await(1));
            run("INSERT INTO r (ii, ss, _tp_delta) VALUES (1, 's1', -1)");
            assertEquals("0\t1\ts1\t-1\t1", tail.await(2).get(1));
            run("INSERT INTO r (ii, ss) VALUES (3, 's1')");
            assertEquals("0\t3\ts1\t1\t1", tail.await(3).get(2));
        }
    }
}
