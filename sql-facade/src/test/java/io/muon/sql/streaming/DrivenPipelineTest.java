package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.engine.QueryResult;
import io.muon.sql.exec.QueryContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pipelines this test drives itself, one duty cycle at a time, on a clock it chooses: checkpoint barriers (a barrier
 * leaves every source between two polls and completes when a barrier from each source reached the sink and the rows
 * before it were handed over) and when the sink hands rows over ({@code max_emit_delay_ms}).
 */
class DrivenPipelineTest extends StreamingTestBase
{
    private StreamingQuery plan(final String sql)
    {
        return plan(sql, Map.of());
    }

    private StreamingQuery plan(final String sql, final Map<String, Object> settings)
    {
        return StreamingPlanner.plan(engine.plan(sql, session), store, new QueryContext(settings), settings);
    }

    @Test
    void rowsGoOutWhenInputPausesOrAfterTheMaximumEmitDelay()
    {
        run("CREATE STREAM s (k string, v int64)");
        final StreamingQuery query = plan("SELECT k FROM s", Map.of("max_emit_delay_ms", 5L));
        try
        {
            query.start(() -> { });
            run("INSERT INTO s (k, v) VALUES ('a', 1)");
            query.doWork(100);
            assertEquals(0, query.queuedRows(), "the cycle read input: more may follow");
            query.doWork(101);
            assertEquals(1, query.queuedRows(), "no more input: out it goes");
            // rows keep coming every cycle: they wait together up to the delay
            run("INSERT INTO s (k, v) VALUES ('b', 1)");
            query.doWork(110);
            run("INSERT INTO s (k, v) VALUES ('c', 1)");
            query.doWork(113);
            assertEquals(1, query.queuedRows());
            run("INSERT INTO s (k, v) VALUES ('d', 1)");
            query.doWork(115);
            assertEquals(4, query.queuedRows());
        }
        finally
        {
            query.close();
        }
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
