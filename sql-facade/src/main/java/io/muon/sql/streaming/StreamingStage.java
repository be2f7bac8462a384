package io.muon.sql.streaming;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.StateInput;
import io.muon.sql.exec.StateOutput;

/**
 * One operator of a streaming pipeline, with one method per message kind. Every call comes from the pipeline's
 * agent thread. A stage passes what it produces to the stage after it; {@link #onTick} is not passed on (the
 * pipeline ticks every stage itself, once per duty cycle).
 */
interface StreamingStage
{
    /** Rows, in the columns of the plan step this stage runs after. The batch is valid during the call only. */
    void onBatch(Batch batch);

    /**
     * Event time has reached {@code watermark} (in the time column's own units, as the window stage that made it
     * counts): no row before it is expected any more.
     */
    void onWatermark(long watermark);

    /**
     * Checkpoint barrier {@code checkpoint}: every row read before it has reached this stage. A stage passes it on
     * once what it passed on before reflects all of those rows; a stage that keeps state is then at a consistent
     * point (where a snapshot would be taken). A stage fed by several sources gets one barrier from each.
     */
    void onBarrier(long checkpoint);

    /** Processing time is {@code nowMs}: periodic emits and timeouts fire here. */
    default void onTick(final long nowMs)
    {
    }

    /** Writes the stage's state at a checkpoint: every row before the barrier has reached it, none after. */
    default void snapshot(final StateOutput out)
    {
    }

    /** Restores, before the query starts, what {@link #snapshot} wrote. */
    default void restore(final StateInput in)
    {
    }

    /** Frees what the stage holds; called once when the query ends. */
    default void close()
    {
    }

    /** The rows at {@code positions[0, count)} of {@code batch}, as a new batch. */
    static Batch gathered(final Batch batch, final int[] positions, final int count)
    {
        return batch.gather(positions, count);
    }
}
