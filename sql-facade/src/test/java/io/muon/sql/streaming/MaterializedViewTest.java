package io.muon.sql.streaming;

import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Materialized views: run in the background from creation, write into their INTO stream or their own. */
class MaterializedViewTest extends StreamingTestBase
{
    @Test
    void aViewWritesItsWindowsIntoItsTargetStream()
    {
        // Proton's materialized view page, over a stream of our own
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM aggr_results (win_start datetime64(3), k string, total int64)");
        run("CREATE MATERIALIZED VIEW tumble_aggr_mv INTO aggr_results AS SELECT window_start AS win_start, k, " +
            "sum(v) AS total FROM tumble(s, 2s) GROUP BY window_start, k");
        awaitRunning(1);
        at("00", "a", 1);
        at("01", "a", 2);
        at("01", "b", 5);
        at("03", "a", 7);
        // the window [0, 2) closed at 3
        awaitRows("SELECT win_start, k, total FROM table(aggr_results) ORDER BY k",
            "2024-01-01 00:00:00.000\ta\t3\n2024-01-01 00:00:00.000\tb\t5\n");
        run("DROP VIEW tumble_aggr_mv");
        awaitRunning(0);
        // the target stays, and nothing writes into it any more
        at("05", "a", 1);
        assertEquals("2\n", run("SELECT count() FROM table(aggr_results)"));
    }

    @Test
    void aViewWithoutTargetKeepsItsResultsInItsOwnStream() throws Exception
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE MATERIALIZED VIEW doubled AS SELECT k, v * 2 AS d FROM s WHERE v > 1");
        awaitRunning(1);
        try (Tail tail = new Tail("SELECT k, d FROM doubled"))
        {
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 2), ('c', 3)");
            awaitRows("SELECT k, d FROM table(doubled) ORDER BY k", "b\t4\nc\t6\n");
            // the view is a stream: a streaming query over it sees its rows as they are written
            assertEquals(List.of("b\t4", "c\t6"), tail.await(2));
        }
        run("DROP VIEW doubled");
        awaitRunning(0);
        fails("SELECT count() FROM table(doubled)", 60, "doesn't exist");
    }

    @Test
    void aPausedViewWritesNothingUntilItIsResumed()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM target (k string, v int64)");
        run("CREATE MATERIALIZED VIEW copy INTO target AS SELECT k, v FROM s SETTINGS pause_on_start = true");
        assertEquals(0, engine.runningStreamingQueries());
        run("SYSTEM RESUME MATERIALIZED VIEW copy");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('a', 1)");
        awaitRows("SELECT k, v FROM table(target)", "a\t1\n");
        run("SYSTEM PAUSE MATERIALIZED VIEW copy");
        awaitRunning(0);
        run("INSERT INTO s (k, v) VALUES ('b', 2)");
        run("SYSTEM RESUME MATERIALIZED VIEW copy");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('c', 3)");
        // a resumed view reads on from its last checkpoint: what came while it was paused is not skipped
        awaitRows("SELECT k, v FROM table(target) ORDER BY k", "a\t1\nb\t2\nc\t3\n");
        fails("SYSTEM PAUSE MATERIALIZED VIEW s", 60, "is not a materialized view");
        fails("SYSTEM PAUSE MATERIALIZED VIEW nope", 60, "doesn't exist");
        run("DROP VIEW copy");
        awaitRunning(0);
    }

    @Test
    void viewsRunAgainAfterARestart()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM target (k string, v int64)");
        run("CREATE MATERIALIZED VIEW copy INTO target AS SELECT k, v FROM s");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('a', 1)");
        awaitRows("SELECT k, v FROM table(target)", "a\t1\n");
        engine.close();
        store.close();
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('b', 2)");
        awaitRows("SELECT k, v FROM table(target) ORDER BY k", "a\t1\nb\t2\n");
        run("DROP VIEW copy");
        awaitRunning(0);
    }

    @Test
    void aResumedViewRestoresEveryAggregateStateFromItsCheckpoint()
    {
        final String aggregates = "count() AS c, sum(v) AS total, avg(v) AS mean, min(v) AS low, max(v) AS high, " +
            "uniq(v) AS approx, unique_exact(v) AS exact, quantile(0.5)(v) AS median, top_k(k, 2) AS top, " +
            "group_array(v) AS listed, arg_max(k, v) AS at_max, stddev_pop(v) AS deviation, any(k) AS some";
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE MATERIALIZED VIEW totals AS SELECT " + aggregates + " FROM s SETTINGS checkpoint_interval = 1");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('a', 5), ('b', 7), ('a', 1)");
        final String last = "SELECT * EXCEPT (_tp_time) FROM table(totals) ORDER BY c DESC LIMIT 1";
        waitFor(() -> run(last).startsWith("3\t"), "the first totals");
        run("SYSTEM PAUSE MATERIALIZED VIEW totals");
        awaitRunning(0);
        run("INSERT INTO s (k, v) VALUES ('c', 9), ('a', 2)");
        run("SYSTEM RESUME MATERIALIZED VIEW totals");
        awaitRunning(1);
        run("INSERT INTO s (k, v) VALUES ('b', 4)");
        // the restored states plus the rows since the checkpoint are the states of all rows
        final String recomputed = run("SELECT " + aggregates + " FROM table(s)");
        waitFor(() -> run(last).equals(recomputed), "totals over every row: " + recomputed + " (last: " +
            run(last) + ")");
        run("DROP VIEW totals");
        awaitRunning(0);
    }
}
