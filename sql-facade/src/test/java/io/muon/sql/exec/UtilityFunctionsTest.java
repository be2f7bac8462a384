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
}
