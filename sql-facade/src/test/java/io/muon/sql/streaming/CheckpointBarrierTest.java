package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.QueryResult;
import io.muon.sql.exec.QueryContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checkpoint barriers through a pipeline this test drives itself, one duty cycle at a time: a barrier leaves every
 * source between two polls and completes when a barrier from each source reached the sink and the rows before it
 * were handed over.
 */
class CheckpointBarrierTest extends StreamingTestBase
{
    private StreamingQuery plan(final String sql)
    {
        return StreamingPlanner.plan(engine.plan(sql, session), store, new QueryContext(Map.of()), Map.of());
    }

    @Test
    void aBarrierFromEverySourceCompletesTheCheckpointAfterTheRowsBeforeIt()
    {
        run("CREATE STREAM s (k string, v int64)");
        run("CREATE STREAM t (k string, v int64)");
        final StreamingQuery query = plan("SELECT k, v FROM s WHERE v > 0 UNION ALL SELECT k, v FROM t");
        try
        {
            query.start(() -> { });
            query.doWork(1);
            assertEquals(0, query.completedCheckpoint());
            run("INSERT INTO s (k, v) VALUES ('a', 1), ('b', 0)");
            run("INSERT INTO t (k, v) VALUES ('c', 3)");
            final long checkpoint = query.requestCheckpoint();
            assertEquals(0, query.completedCheckpoint(), "nothing happens before the agent's next cycle");
            query.doWork(2);
            assertEquals(checkpoint, query.completedCheckpoint());
            final Batch rows = query.results().next();
            assertEquals("a\t1\nc\t3\n", QueryResult.of(java.util.List.of(
                new io.muon.sql.plan.LogicalPlan.Column("k", io.muon.kernel.type.DataType.STRING),
                new io.muon.sql.plan.LogicalPlan.Column("v", io.muon.kernel.type.DataType.INT64)), rows).toTsv());
            assertEquals(checkpoint + 1, query.requestCheckpoint());
            query.doWork(3);
            assertEquals(checkpoint + 1, query.completedCheckpoint(), "a checkpoint with no new rows completes too");
        }
        finally
        {
            query.close();
        }
    }

    @Test
    void barriersPassWindowsAndAggregations()
    {
        run("CREATE STREAM s (k string, v int64)");
        final StreamingQuery query = plan("SELECT window_start, k, count() FROM tumble(s, 5s) " +
            "GROUP BY window_start, k EMIT ON UPDATE");
        try
        {
            query.start(() -> { });
            at("01", "a", 1);
            query.requestCheckpoint();
            query.doWork(1);
            assertEquals(1, query.completedCheckpoint());
        }
        finally
        {
            query.close();
        }
    }
}
