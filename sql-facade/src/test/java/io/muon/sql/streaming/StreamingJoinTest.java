package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Joins in streaming queries: a stream with a snapshot of a bounded query, and two streams with each other. */
class StreamingJoinTest extends StreamingTestBase
{
    @Test
    void aStreamJoinsASnapshotOfATableTakenWhenTheQueryStarts() throws Exception
    {
        run("CREATE STREAM orders (product string, qty int64)");
        run("CREATE STREAM products (id string, price int64)");
        run("INSERT INTO products (id, price) VALUES ('apple', 3), ('pear', 5)");
        try (Tail inner = new Tail("SELECT product, qty * price FROM orders JOIN table(products) AS p " +
            "ON orders.product = p.id");
             Tail left = new Tail("SELECT product, qty, p.price FROM orders LEFT JOIN table(products) AS p " +
                 "ON orders.product = p.id"))
        {
            // the snapshot was taken at start: a product added later is not seen
            run("INSERT INTO products (id, price) VALUES ('plum', 7)");
            run("INSERT INTO orders (product, qty) VALUES ('apple', 2), ('plum', 1)");
            run("INSERT INTO orders (product, qty) VALUES ('pear', 10)");
            assertEquals(List.of("apple\t6", "pear\t50"), inner.await(2));
            assertEquals(List.of("apple\t2\t3", "plum\t1\t0", "pear\t10\t5"), left.await(3));
        }
        startFails("SELECT * FROM orders FULL JOIN table(products) AS p ON orders.product = p.id", 48,
            "FULL JOIN of a stream with a bounded query");
        startFails("SELECT * FROM table(products) AS p JOIN orders ON orders.product = p.id", 48,
            "stream on the left");
    }

    @Test
    void twoAppendStreamsJoinBothWaysAndALeftJoinSendsAnUnmatchedRowAtOnce() throws Exception
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (ii int32, kk string)");
        try (Tail left = new Tail("SELECT i, k, ii, kk FROM l LEFT JOIN r ON k = kk");
             Tail inner = new Tail("SELECT i, k, ii, kk FROM l JOIN r ON l.k = r.kk"))
        {
            // Proton's smoke test: r (1,a) (1,b); l (2,a); l (2,b); l (2,c)
            run("INSERT INTO r (ii, kk) VALUES (1, 'a'), (1, 'b')");
            waitFor(() -> engine.runningStreamingQueries() == 2, "queries");
            run("INSERT INTO l (i, k) VALUES (2, 'a')");
            assertEquals(List.of("2\ta\t1\ta"), left.await(1));
            run("INSERT INTO l (i, k) VALUES (2, 'b')");
            assertEquals(List.of("2\ta\t1\ta", "2\tb\t1\tb"), left.await(2));
            run("INSERT INTO l (i, k) VALUES (2, 'c')");
            assertEquals(List.of("2\ta\t1\ta", "2\tb\t1\tb", "2\tc\t0\t"), left.await(3));
            // a right row that comes later joins the left rows kept before it, on both joins
            run("INSERT INTO r (ii, kk) VALUES (3, 'c')");
            assertEquals(List.of("2\ta\t1\ta", "2\tb\t1\tb", "2\tc\t0\t", "2\tc\t3\tc"), left.await(4));
            assertEquals(List.of("2\ta\t1\ta", "2\tb\t1\tb", "2\tc\t3\tc"), inner.await(3));
        }
    }

    @Test
    void aRangeJoinMatchesRowsWithinTheRangeOfEachOther() throws Exception
    {
        // Proton's bidirectional range join page
        run("CREATE STREAM left_range (i int32, k string)");
        run("CREATE STREAM right_range (ii int32, kk string)");
        try (Tail tail = new Tail("SELECT * FROM left_range JOIN right_range ON left_range.k = right_range.kk " +
            "AND date_diff_within(30s)");
             Tail named = new Tail("SELECT i, ii FROM left_range JOIN right_range ON k = kk AND " +
                 "date_diff_within(left_range._tp_time, right_range._tp_time, 5s)"))
        {
            run("INSERT INTO left_range (i, k, _tp_time) VALUES (1, 'a', '2023-07-01 00:01:00')");
            run("INSERT INTO right_range (ii, kk, _tp_time) VALUES (22, 'a', '2023-07-01 00:00:50')");
            assertEquals(List.of("1\ta\t2023-07-01 00:01:00.000\t22\ta\t2023-07-01 00:00:50.000"), tail.await(1));
            // 4 s, 30 s (the range is inclusive) and 31 s apart; the second query's 5 s takes only the first
            run("INSERT INTO right_range (ii, kk, _tp_time) VALUES (25, 'a', '2023-07-01 00:01:04'), " +
                "(24, 'a', '2023-07-01 00:01:30'), (23, 'a', '2023-07-01 00:01:31')");
            assertEquals(List.of("1\ta\t2023-07-01 00:01:00.000\t22\ta\t2023-07-01 00:00:50.000",
                "1\ta\t2023-07-01 00:01:00.000\t25\ta\t2023-07-01 00:01:04.000",
                "1\ta\t2023-07-01 00:01:00.000\t24\ta\t2023-07-01 00:01:30.000"), tail.await(3));
            assertEquals(List.of("1\t25"), named.await(1));
        }
    }

    @Test
    void outOfOrderRowsWithinTheRangeMatchAndRowsBehindTheOtherSidesTimeAreDropped() throws Exception
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (ii int32, kk string)");
        try (Tail tail = new Tail("SELECT i, ii FROM l JOIN r ON k = kk AND date_diff_within(10s)"))
        {
            run("INSERT INTO r (ii, kk, _tp_time) VALUES (60, 'a', '2024-01-01 00:01:00')");
            // the right side is at 60 s: a left row at 30 s can never meet a right row again, one at 55 s can
            run("INSERT INTO l (i, k, _tp_time) VALUES (30, 'a', '2024-01-01 00:00:30'), " +
                "(55, 'a', '2024-01-01 00:00:55')");
            assertEquals(List.of("55\t60"), tail.await(1));
            // out of order on the right, within reach of what the left side kept: 35 s finds nothing, 50 s finds 55
            run("INSERT INTO r (ii, kk, _tp_time) VALUES (35, 'a', '2024-01-01 00:00:35'), " +
                "(50, 'a', '2024-01-01 00:00:50')");
            assertEquals(List.of("55\t60", "55\t50"), tail.await(2));
        }
    }

    @Test
    void aRangeOfOneSidesTimeAroundTheOthersBoundsTheJoin() throws Exception
    {
        // t is each stream's event time: a range between event times bounds the join
        run("CREATE STREAM bids (auction int64, price int64, t datetime64(3)) SETTINGS event_time_column = 't'");
        run("CREATE STREAM maxes (maxprice int64, t datetime64(3)) SETTINGS event_time_column = 't'");
        try (Tail tail = new Tail("SELECT b.auction, b.price FROM bids AS b JOIN maxes AS m ON b.price = m.maxprice " +
            "AND b.t BETWEEN m.t - INTERVAL 10 SECOND AND m.t"))
        {
            run("INSERT INTO bids (auction, price, t) VALUES (1, 7, '2024-01-01 00:00:01'), " +
                "(2, 9, '2024-01-01 00:00:03'), (3, 9, '2024-01-01 00:00:12')");
            run("INSERT INTO maxes (maxprice, t) VALUES (9, '2024-01-01 00:00:10')");
            assertEquals(List.of("2\t9"), tail.await(1));
            run("INSERT INTO maxes (maxprice, t) VALUES (9, '2024-01-01 00:00:20')");
            assertEquals(List.of("2\t9", "3\t9"), tail.await(2));
        }
    }

    @Test
    void windowedAggregationsJoinOnTheirWindowAndKey() throws Exception
    {
        run("CREATE STREAM person (id int64, name string)");
        run("CREATE STREAM auction (seller int64)");
        try (Tail tail = new Tail("SELECT p.id, p.name, p.window_start FROM " +
            "(SELECT id, name, window_start FROM tumble(person, 10s) GROUP BY id, name, window_start) AS p JOIN " +
            "(SELECT seller, window_start FROM tumble(auction, 10s) GROUP BY seller, window_start) AS a " +
            "ON p.id = a.seller AND p.window_start = a.window_start"))
        {
            run("INSERT INTO person (id, name, _tp_time) VALUES (1, 'ann', '2024-01-01 00:00:01'), " +
                "(2, 'bob', '2024-01-01 00:00:02')");
            run("INSERT INTO auction (seller, _tp_time) VALUES (1, '2024-01-01 00:00:05'), " +
                "(2, '2024-01-01 00:00:15')");
            // close the first windows on both sides
            run("INSERT INTO person (id, name, _tp_time) VALUES (3, 'cat', '2024-01-01 00:00:21')");
            run("INSERT INTO auction (seller, _tp_time) VALUES (3, '2024-01-01 00:00:25')");
            assertEquals(List.of("1\tann\t2024-01-01 00:00:00.000"), tail.await(1));
        }
    }

    @Test
    void aSelfJoinReadsTheStreamTwice() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        try (Tail tail = new Tail("SELECT a.v, b.v FROM s AS a JOIN s AS b ON a.k = b.k AND date_diff_within(1m) " +
            "WHERE a.v < b.v"))
        {
            at("01", "x", 1);
            at("02", "x", 2);
            at("03", "y", 3);
            assertEquals(List.of("1\t2"), tail.await(1));
        }
    }

    @Test
    void aRangeJoinKeepsOnlyItsRangeWhileAnUnboundedJoinHitsItsLimit() throws Exception
    {
        run("CREATE STREAM l (k int64, v int64)");
        run("CREATE STREAM r (k int64, v int64)");
        final String limit = " SETTINGS join_max_buffered_bytes = 4000000";
        try (Tail bounded = new Tail("SELECT count() FROM l JOIN r ON l.k = r.k AND date_diff_within(2s) " +
            "EMIT PERIODIC 100ms" + limit);
             Tail unbounded = new Tail("SELECT l.v FROM l JOIN r ON l.k = r.k" + limit))
        {
            // 100 000 rows a side, one second of event time per 1000 rows: the range keeps about 3000 a side
            for (int round = 0; round < 20; round++)
            {
                final String rows = "SELECT number % 100, number, to_datetime64('2024-01-01 00:00:00', 3, 'UTC') " +
                    "+ INTERVAL (number DIV 1000) SECOND FROM numbers(" + round * 5000 + ", 5000)";
                run("INSERT INTO l (k, v, _tp_time) " + rows);
                run("INSERT INTO r (k, v, _tp_time) " + rows);
            }
            // per key, 10 rows a second a side; seconds a and b within 2 s of each other: 494 pairs of seconds
            waitFor(() -> bounded.has("4940000") || bounded.ended, "all pairs");
            waitFor(() -> unbounded.ended, "the unbounded join to fail");
            org.junit.jupiter.api.Assertions.assertTrue(unbounded.failure.get().getMessage()
                .contains("Streaming join's memory reaches max size: 4000000"), unbounded.failure.get().toString());
            org.junit.jupiter.api.Assertions.assertFalse(bounded.ended, "the range join must still run");
        }
    }

    /** Inserts into the right stream, then waits until the query has read {@code total} rows in all. */
    private void right(final Tail tail, final String insert, final long total)
    {
        run(insert);
        waitFor(() -> tail.cursor.readRows() >= total, "the right rows to be read");
    }

    @Test
    void anAsofJoinMatchesTheClosestOfTheLastVersionsOfTheKey() throws Exception
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (j int32, kk string)");
        try (Tail tail = new Tail("SELECT i, k, j, kk FROM l ASOF JOIN r ON k = kk AND i <= j"))
        {
            // Proton's smoke test: three versions kept per key, so j = 1 is gone
            right(tail, "INSERT INTO r (j, kk) VALUES (1, 'a'), (2, 'a'), (3, 'a'), (4, 'a')", 4);
            run("INSERT INTO l (i, k) VALUES (1, 'a')");
            assertEquals(List.of("1\ta\t2\ta"), tail.await(1));
        }
        try (Tail tail = new Tail("SELECT i, k, j, kk FROM l LEFT ASOF JOIN r ON k = kk AND i <= j"))
        {
            right(tail, "INSERT INTO r (j, kk) VALUES (1, 'a'), (3, 'a'), (2, 'b'), (4, 'c')", 4);
            run("INSERT INTO l (i, k) VALUES (2, 'a')");
            assertEquals(List.of("2\ta\t3\ta"), tail.await(1));
            run("INSERT INTO l (i, k) VALUES (3, 'b')");
            assertEquals(List.of("2\ta\t3\ta", "3\tb\t0\t"), tail.await(2));
        }
        try (Tail tail = new Tail("SELECT i, j FROM l ASOF JOIN r ON k = kk AND i <= j SETTINGS keep_versions = 3"))
        {
            right(tail, "INSERT INTO r (j, kk) VALUES (100, 'a'), (102, 'a'), (104, 'a'), (106, 'a')", 4);
            run("INSERT INTO l (i, k) VALUES (101, 'a')");
            assertEquals(List.of("101\t102"), tail.await(1));
            right(tail, "INSERT INTO r (j, kk) VALUES (108, 'a')", 6);
            run("INSERT INTO l (i, k) VALUES (101, 'a')");
            assertEquals(List.of("101\t102", "101\t104"), tail.await(2));
        }
    }

    @Test
    void anAsofJoinOnTimeTakesTheRightRowInForceAtTheLeftRowsTime() throws Exception
    {
        // Proton's dynamic enrichment page: each order at the exchange rate of its time
        run("CREATE STREAM fx_rates (currency string, rate_to_usd float64)");
        run("CREATE STREAM orders (id string, currency string, price float64)");
        try (Tail tail = new Tail("SELECT o.id, o.currency, o.price, r.rate_to_usd, o.price * r.rate_to_usd AS " +
            "price_usd FROM orders AS o ASOF JOIN fx_rates AS r ON o.currency = r.currency AND " +
            "o._tp_time >= r._tp_time SETTINGS keep_versions = 10"))
        {
            right(tail, "INSERT INTO fx_rates (currency, rate_to_usd, _tp_time) VALUES " +
                "('EUR', 1.05, '2025-01-01 00:00:00.000'), ('EUR', 1.08, '2025-01-01 00:10:00.000'), " +
                "('JPY', 0.0071, '2025-01-01 00:00:00.000')", 3);
            run("INSERT INTO orders (id, currency, price, _tp_time) VALUES " +
                "('p1', 'EUR', 100.0, '2025-01-01 00:05:00.000'), ('p2', 'EUR', 200.0, '2025-01-01 00:12:00.000'), " +
                "('p3', 'JPY', 10000.0, '2025-01-01 00:03:00.000')");
            assertEquals(List.of("p1\tEUR\t100\t1.05\t105", "p2\tEUR\t200\t1.08\t216",
                "p3\tJPY\t10000\t0.0071\t71"), tail.await(3));
        }
    }

    @Test
    void aLatestJoinTakesTheLastRightRowOfTheKey() throws Exception
    {
        run("CREATE STREAM l (i int32, s string)");
        run("CREATE STREAM r (ii int32, ss string)");
        try (Tail tail = new Tail("SELECT i, s, ii, ss FROM l LEFT LATEST JOIN r ON i = ii"))
        {
            // Proton's smoke test
            right(tail, "INSERT INTO r (ii, ss) VALUES (1, 'ss1')", 1);
            run("INSERT INTO l (i, s) VALUES (1, 's1')");
            assertEquals(List.of("1\ts1\t1\tss1"), tail.await(1));
            right(tail, "INSERT INTO r (ii, ss) VALUES (1, 'ss3')", 3);
            run("INSERT INTO l (i, s) VALUES (1, 's2')");
            assertEquals(List.of("1\ts1\t1\tss1", "1\ts2\t1\tss3"), tail.await(2));
            run("INSERT INTO l (i, s) VALUES (2, 's3')");
            assertEquals(List.of("1\ts1\t1\tss1", "1\ts2\t1\tss3", "2\ts3\t0\t"), tail.await(3));
        }
        try (Tail tail = new Tail("SELECT i, ii, ss FROM l INNER LATEST JOIN r ON i = ii"))
        {
            // many updates of few keys: the replaced rows are cut out, the last one of each key stays
            right(tail, "INSERT INTO r (ii, ss) SELECT number % 3, to_string(number) FROM numbers(30000)", 30_000);
            run("INSERT INTO l (i, s) VALUES (0, 'x'), (1, 'y'), (2, 'z'), (3, 'w')");
            assertEquals(List.of("0\t0\t29997", "1\t1\t29998", "2\t2\t29999"), tail.await(3));
        }
        startFails("SELECT * FROM l FULL ASOF JOIN r ON i = ii AND s >= ss", 48, "INNER or LEFT");
        startFails("SELECT * FROM l LEFT LATEST JOIN r ON i = ii AND s != ss", 48, "filter the joined rows in WHERE");
    }

    @Test
    void lagBehindHoldsLeftRowsUntilTheRightStreamHasCaughtUp() throws Exception
    {
        run("CREATE STREAM l (i int32, k string)");
        run("CREATE STREAM r (j int32, kk string)");
        try (Tail tail = new Tail("SELECT i, j FROM l ASOF JOIN r ON k = kk AND i >= j AND lag_behind(10ms) " +
            "SETTINGS join_quiesce_threshold_ms = 60000"))
        {
            // the order comes first; the rates of its time come after it
            run("INSERT INTO l (i, k, _tp_time) VALUES (5, 'a', '2024-01-01 00:00:10')");
            right(tail, "INSERT INTO r (j, kk, _tp_time) VALUES (3, 'a', '2024-01-01 00:00:05')", 2);
            org.junit.jupiter.api.Assertions.assertEquals(0, tail.size(), "the left row waits");
            run("INSERT INTO r (j, kk, _tp_time) VALUES (4, 'a', '2024-01-01 00:00:11')");
            assertEquals(List.of("5\t4"), tail.await(1));
        }
        try (Tail tail = new Tail("SELECT i, j FROM l LEFT ASOF JOIN r ON k = kk AND i >= j AND " +
            "lag_behind(10ms, l._tp_time, r._tp_time) SETTINGS join_quiesce_threshold_ms = 100"))
        {
            // the right stream stays quiet: after 100 ms the left row goes on alone
            run("INSERT INTO l (i, k, _tp_time) VALUES (6, 'b', '2024-01-01 00:00:20')");
            assertEquals(List.of("6\t0"), tail.await(1));
        }
        // in a bounded join it is only a hint
        assertEquals("5\t3\n5\t4\n", run("SELECT i, j FROM table(l) AS l JOIN table(r) AS r ON k = kk " +
            "AND lag_behind(10ms) ORDER BY j"));
    }

    @Test
    void timesThatAreNotEventTimesDoNotBoundTheJoin() throws Exception
    {
        // business dates move in any order: equal dates are a plain condition, not a time range
        run("CREATE STREAM a (id int32, d date)");
        run("CREATE STREAM b (id int32, d date)");
        try (Tail tail = new Tail("SELECT a.id, b.id, a.d FROM a JOIN b ON a.id = b.id AND a.d = b.d"))
        {
            run("INSERT INTO b (id, d) VALUES (1, '2024-05-01')");
            run("INSERT INTO a (id, d) VALUES (2, '2024-01-01')");
            run("INSERT INTO b (id, d) VALUES (2, '2024-01-01')");
            assertEquals(List.of("2\t2\t2024-01-01"), tail.await(1));
        }
    }

    @Test
    void aWhereOverAnAsofJoinFiltersTheRowItChose()
    {
        // the ASOF match of l is r at 08 (ok = 0); WHERE then drops it (it must not pick 05 instead)
        run("CREATE STREAM l (k int32, t int32)");
        run("CREATE STREAM r (k int32, t int32, ok uint8)");
        run("INSERT INTO r (k, t, ok) VALUES (1, 5, 1), (1, 8, 0)");
        run("INSERT INTO l (k, t) VALUES (1, 10)");
        assertEquals("", run("SELECT l.k, r.t FROM table(l) AS l ASOF JOIN table(r) AS r ON l.k = r.k AND " +
            "l.t >= r.t WHERE r.ok = 1"));
        assertEquals("1\t8\n", run("SELECT l.k, r.t FROM table(l) AS l ASOF JOIN table(r) AS r ON l.k = r.k AND " +
            "l.t >= r.t WHERE l.t = 10"));
    }

    @Test
    void aFullLatestJoinSendsEveryRowBesideTheOtherSidesLastRowOfItsKey() throws Exception
    {
        // Proton's streaming joins page
        run("CREATE STREAM l (col_k int32, col_v string)");
        run("CREATE STREAM r (col_k int32, col_j string)");
        try (Tail tail = new Tail("SELECT t1.col_k, t1.col_v, t2.col_j FROM l AS t1 FULL LATEST JOIN r AS t2 " +
            "ON t1.col_k = t2.col_k"))
        {
            run("INSERT INTO l (col_k, col_v) VALUES (1, 'v1')");
            assertEquals(List.of("1\tv1\t"), tail.await(1));
            run("INSERT INTO l (col_k, col_v) VALUES (2, 'v2')");
            assertEquals("2\tv2\t", tail.await(2).get(1));
            run("INSERT INTO r (col_k, col_j) VALUES (2, 'j2')");
            assertEquals("2\tv2\tj2", tail.await(3).get(2));
            run("INSERT INTO l (col_k, col_v) VALUES (1, 'vv1')");
            assertEquals("1\tvv1\t", tail.await(4).get(3));
            run("INSERT INTO r (col_k, col_j) VALUES (1, 'j1')");
            assertEquals("1\tvv1\tj1", tail.await(5).get(4));
            // a right row whose key the left side has not sent: empty left columns
            run("INSERT INTO r (col_k, col_j) VALUES (3, 'j3')");
            assertEquals("0\t\tj3", tail.await(6).get(5));
        }
    }
}
