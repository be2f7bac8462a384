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
}
