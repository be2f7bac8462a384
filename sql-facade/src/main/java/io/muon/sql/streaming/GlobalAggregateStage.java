package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.AggregateStates;
import io.muon.sql.plan.EmitSpec;

/**
 * A streaming aggregation without a window: one group state for the whole query, cumulative since it started.
 * PERIODIC n (the default, every 2 s) emits the whole current result every n of processing time when rows arrived
 * since the last emit (always with REPEAT); nothing is emitted before the first row. ON UPDATE emits the groups
 * rows reached, after every batch (WITH BATCH n: every n of processing time, when rows arrived). With EMIT
 * CHANGELOG each emit retracts the previous results of the groups whose result changed. Emits of changes cost
 * what the changed groups cost, however many groups there are.
 */
final class GlobalAggregateStage implements StreamingStage
{
    private final AggregateStates.State state;
    private final EmitSpec emit;
    private final StreamingStage next;
    private final EmitShaper shaper;
    /** For emits of changes: what was last sent per group. */
    private final EmitShaper.Sent sent = new EmitShaper.Sent();
    private boolean newRows;
    private long nextPeriodicMs = -1;

    GlobalAggregateStage(final AggregateStates states, final EmitSpec emit, final EmitShaper shaper,
        final StreamingStage next)
    {
        // emits of changes follow the groups rows reached, not all groups
        this.state = states.create(shaper.changesOnly());
        this.emit = emit;
        this.shaper = shaper;
        this.next = next;
    }

    /** The interval of processing-time emits: PERIODIC n, or ON UPDATE WITH BATCH n; 0 when there are none. */
    private long intervalMs()
    {
        return emit.policy() == EmitSpec.Policy.PERIODIC ? emit.periodicMs() :
            emit.policy() == EmitSpec.Policy.ON_UPDATE ? emit.batchMs() : 0;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        state.add(batch);
        newRows = true;
        if (emit.policy() == EmitSpec.Policy.ON_UPDATE && emit.batchMs() == 0)
        {
            emitNow();
        }
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long watermark)
    {
    }

    @Override
    public void onTick(final long nowMs)
    {
        final long interval = intervalMs();
        if (interval == 0)
        {
            return;
        }
        if (nextPeriodicMs < 0)
        {
            nextPeriodicMs = nowMs + interval;
        }
        else if (nowMs >= nextPeriodicMs)
        {
            nextPeriodicMs = nowMs + interval;
            if (newRows || emit.repeat() && !state.isEmpty())
            {
                emitNow();
            }
        }
    }

    private void emitNow()
    {
        newRows = false;
        final Batch out = shaper.changesOnly() ? shaper.shapeChanges(sent, state.changes()) :
            shaper.shape(null, state.result());
        if (out != null)
        {
            next.onBatch(out);
        }
    }

    @Override
    public void close()
    {
        state.close();
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        state.write(out);
        sent.write(out);
        shaper.write(out);
        out.writeBoolean(newRows);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        state.read(in);
        sent.read(in);
        shaper.read(in);
        newRows = in.readBoolean();
    }
}
