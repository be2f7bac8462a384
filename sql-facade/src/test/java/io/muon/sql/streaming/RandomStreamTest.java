package io.muon.sql.streaming;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random streams: rows made of DEFAULT expressions, streamed at eps rows per second, or bounded with table(). */
class RandomStreamTest extends StreamingTestBase
{
    @Test
    void aRandomStreamMakesRowsFromItsDefaults() throws Exception
    {
        run("CREATE RANDOM STREAM r (id int64 DEFAULT rand() % 10, name string DEFAULT random_printable_ascii(4), " +
            "fixed string DEFAULT 'x') SETTINGS eps = 400, interval_time = 10");
        assertEquals("400\t400\t1\n", run("SELECT count(), count_if(id >= 0 AND id < 10 AND length(name) = 4), " +
            "unique_exact(fixed) FROM table(r)"));
        assertEquals("0\t399\n", run("SELECT min(_tp_sn), max(_tp_sn) FROM table(r)"));
        try (Tail tail = new Tail("SELECT id < 10, length(name), fixed, _tp_sn FROM r LIMIT 30"))
        {
            waitFor(() -> tail.ended, "the LIMIT to end the query");
            final List<String> lines = tail.await(30);
            assertEquals(30, lines.size());
            for (int i = 0; i < lines.size(); i++)
            {
                assertEquals("1\t4\tx\t" + i, lines.get(i));
            }
        }
        try (Tail tail = new Tail("SELECT window_start, count() FROM tumble(r, 1s) GROUP BY window_start LIMIT 1"))
        {
            // a second of rows at 400 per second, give or take a tick at each end
            waitFor(() -> tail.ended, "the first window to close");
            final long count = Long.parseLong(tail.await(1).get(0).split("\t")[1]);
            assertTrue(count > 0 && count <= 420, "rows in one second: " + count);
        }
    }

    @Test
    void badRandomStreamSettingsAndWritesFailClearly()
    {
        run("CREATE RANDOM STREAM r (id int64 DEFAULT rand()) SETTINGS eps = 'fast'");
        fails("SELECT count() FROM table(r)", 36, "eps");
        run("CREATE RANDOM STREAM q (id int64 DEFAULT rand())");
        assertEquals("1000\n", run("SELECT count() FROM table(q)"));
        fails("INSERT INTO q (id) VALUES (1)", 48, "random stream");
    }
}
