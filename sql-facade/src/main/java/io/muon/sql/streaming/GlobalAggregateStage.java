package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.AggregateStates;
import io.muon.sql.plan.EmitSpec;

/**
 * A streaming aggregation without a window: one group state for the whole query, cumulative since it started.
 * PERIODIC n (the default, every 2 s) emits the whole current result every n of processing time when rows arrived
 * since the last emit (always with REPEAT); nothing is emitted before the first row. ON UPDATE emits after every
 * batch (WITH BATCH n: after at least n rows).
 */
final class GlobalAggregateStage implements StreamingStage
{
    private final AggregateStates.State state;
    private final EmitSpec emit;
    private final StreamingStage next;
    private boolean newRows;
    private long rowsSinceEmit;
    private long nextPeriodicMs = -1;

    GlobalAggregateStage(final AggregateStates states, final EmitSpec emit, final StreamingStage next)
    {
        this.state = states.create();
        this.emit = emit;
        this.next = next;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        state.add(batch);
        newRows = true;
        rowsSinceEmit += batch.rows();
        if (emit.policy() == EmitSpec.Policy.ON_UPDATE && rowsSinceEmit >= Math.max(1, emit.batchRows()))
        {
            emitNow();
        }
    }

    @Override
    public void onWatermark(final long watermark)
    {
    }

    @Override
    public void onTick(final long nowMs)
    {
        if (emit.policy() != EmitSpec.Policy.PERIODIC)
        {
            return;
        }
        if (nextPeriodicMs < 0)
        {
            nextPeriodicMs = nowMs + emit.periodicMs();
        }
        else if (nowMs >= nextPeriodicMs)
        {
            nextPeriodicMs = nowMs + emit.periodicMs();
            if (newRows || emit.repeat() && !state.isEmpty())
            {
                emitNow();
            }
        }
    }

    private void emitNow()
    {
        newRows = false;
        rowsSinceEmit = 0;
        final Batch result = state.result();
        if (result != null && result.rows() > 0)
        {
            next.onBatch(result);
        }
    }

    @Override
    public void close()
    {
        state.close();
    }
}
