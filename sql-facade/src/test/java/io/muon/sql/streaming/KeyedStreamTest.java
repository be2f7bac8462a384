package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** versioned_kv and changelog_kv streams: the latest row per primary key, bounded and as a streaming start. */
class KeyedStreamTest extends StreamingTestBase
{
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
}
