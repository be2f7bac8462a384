package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Utility functions whose results depend on blocks, time or chance (the others are in the differential corpus). */
class UtilityFunctionsTest extends SqlTestBase
{
    @Test
    void blocksErrorsSleepAndUuids()
    {
        assertEquals("3\t0\n3\t1\n3\t2\n", run("SELECT blockSize(), rowNumberInBlock() FROM numbers(3)"));
        assertEquals("1\n", run("SELECT block_size()"));
        fails("SELECT throwIf(number = 2, 'boom at two') FROM numbers(3)", 395, "boom at two");
        fails("SELECT throw_if(number > 1) FROM numbers(3)", 395, "Value passed to 'throwIf' function is non-zero");
        assertEquals("0\t\\N\n", run("SELECT throwIf(0), throwIf(NULL)"));
        fails("SELECT sleep(3.5)", 160, "The maximum sleep time is 3000000 microseconds");
        // every row its own random version-4 UUID
        assertEquals("1000\t1\t1\n", run("SELECT uniqExact(u), min(substring(toString(u), 15, 1) = '4'), " +
            "max(substring(toString(u), 15, 1) = '4') FROM (SELECT generateUUIDv4() AS u FROM numbers(1000))"));
    }

    @Test
    void barDrawsCellsAndEighthsAs1816()
    {
        // 18.16's values: 0..2 cells in eighths of a cell; its table has no 7/8 glyph and 1/8 exactly is dropped
        assertEquals("['','','\u258E','\u258D','\u258C','\u258B','\u258B','\u258A','\u2588','\u2588','\u2588\u258E']\n",
            run("SELECT groupArray(bar(number, 0, 64, 8)) FROM numbers(11)"));
        assertEquals("\u2588\t\t240\t\t\t\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\t\\N\n",
            run("SELECT bar(1.9, 0, 10, 10), bar(-5, 0, 10), length(bar(100, 0, 10)), bar(5, 10, 0, 10), " +
                "bar(1, 0, 8, 1), bar(9, 0, 8, 9), bar(NULL, 0, 2, 2)"));
        fails("SELECT bar(1, 0, 10, 0.5)", 69, "Max_width argument must be >= 1.");
        fails("SELECT bar(1, 0, 10, 1001)", 69, "Too large max_width.");
        fails("SELECT bar(1, number, 10) FROM numbers(2)", 44, "must be constant");
    }

    @Test
    void existsRunsItsSubqueryUpToTheFirstRow()
    {
        assertEquals("1\t0\t1\tUInt8\n", run("SELECT EXISTS(SELECT 1), EXISTS(SELECT 1 WHERE 0), " +
            "NOT EXISTS(SELECT number FROM numbers(10) WHERE number > 50), toTypeName(EXISTS(SELECT 1))"));
        assertEquals("", run("SELECT number FROM numbers(3) WHERE EXISTS(SELECT 1 FROM numbers(2) WHERE number > 5)"));
        // a billion rows are never produced: the subquery stops at its first row
        assertEquals("0\n1\n2\n", run("SELECT number FROM numbers(3) WHERE EXISTS(SELECT number FROM numbers(1000000000))"));
    }

    @Test
    void settingsAndEarliestTimestamp()
    {
        assertEquals("65409\tfalse\t180\t-1\tUInt64\tBool\tInt64\tFloat64\n", run("SELECT getSetting('max_block_size'), " +
            "getSetting('join_use_nulls'), getSetting('distributed_ddl_task_timeout'), get_setting('eps'), " +
            "toTypeName(getSetting('max_block_size')), toTypeName(getSetting('join_use_nulls')), " +
            "toTypeName(getSetting('distributed_ddl_task_timeout')), toTypeName(getSetting('eps'))"));
        assertEquals("1000\n", run("SELECT getSetting('max_block_size') SETTINGS max_block_size = 1000"));
        run("SET join_use_nulls = 1");
        assertEquals("true\n", run("SELECT getSetting('join_use_nulls')"));
        fails("SELECT getSetting('no_such_setting')", 115, "Unknown setting no_such_setting");
        // Proton's earliest_timestamp(): the epoch, so that _tp_time > earliest_ts() holds for every event
        assertEquals("1970-01-01 00:00:00.000\t1970-01-01 00:00:00.000\tDateTime64(3, \\'UTC\\')\n",
            run("SELECT earliest_timestamp(), earliest_ts(), toTypeName(earliest_ts())"));
        run("CREATE STREAM events (v int32)");
        run("INSERT INTO events (v) VALUES (1), (2)");
        assertEquals("2\n", run("SELECT count() FROM table(events) WHERE _tp_time > earliest_ts()"));
    }

    @Test
    void randomInTypeAsProtonDocumentsIt()
    {
        assertEquals("Int32\tUInt32\tString\tDate\tDecimal(9, 3)\tUUID\tIPv4\tIPv6\tDateTime64(3)\n", run("SELECT " +
            "toTypeName(random_in_type('int')), toTypeName(random_in_type('uint')), toTypeName(random_in_type('string')), " +
            "toTypeName(random_in_type('date')), toTypeName(random_in_type('decimal32(3)')), " +
            "toTypeName(random_in_type('uuid')), toTypeName(random_in_type('ipv4')), toTypeName(random_in_type('ipv6')), " +
            "toTypeName(random_in_type('datetime64(3)'))"));
        // below the max, every value reached over 1000 rows, a new value per row
        assertEquals("0\t2\t3\n", run("SELECT min(x), max(x), uniqExact(x) FROM (SELECT random_in_type('int', 3) AS x " +
            "FROM numbers(1000))"));
        assertEquals("1970-01-01\t1970-01-30\t30\n", run("SELECT min(x), max(x), uniqExact(x) FROM " +
            "(SELECT randomInType('date', 30) AS x FROM numbers(2000))"));
        // the lambda gets the number; it may read the row's columns
        assertEquals("2023-09-01\t2023-09-03\t3\tDate\n", run("SELECT min(x), max(x), uniqExact(x), toTypeName(any(x)) " +
            "FROM (SELECT random_in_type('date32', 3, x -> to_date('2023-09-01') + interval x day) AS x FROM numbers(1000))"));
        assertEquals("1\t1\n", run("SELECT uniqExact(x) > 990, countIf(x % 2 = 1) = 0 FROM " +
            "(SELECT random_in_type('int', x -> to_int(2 * x)) AS x FROM numbers(1000))"));
        assertEquals("1\n1\n1\n", run("SELECT random_in_type('uint64', 5, x -> x + number) - number < 5 FROM numbers(3)"));
        assertEquals("0\t1\t1\t1\t1\t1000\t1\n", run("SELECT min(length(s)), max(length(s)) < 16, min(f) >= 0, " +
            "max(f) < 1, max(f2) < 10, uniqExact(u), min(substring(toString(u), 15, 1) = '4') FROM (SELECT " +
            "random_in_type('string') AS s, random_in_type('float64') AS f, random_in_type('float32', 10) AS f2, " +
            "random_in_type('uuid') AS u FROM numbers(1000))"));
        fails("SELECT random_in_type('array(int)')", 43, "does not generate values of type Array(Int32)");
        fails("SELECT random_in_type('int', 0)", 36, "must be a positive integer");
    }
}
