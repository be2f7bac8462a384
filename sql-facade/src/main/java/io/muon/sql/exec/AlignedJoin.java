package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A streaming join whose two sides are aligned in event time, as Proton's {@code lag_behind(offset, left.t,
 * right.t)} asks: left rows wait until the right stream's time has passed theirs plus the offset, so the right rows
 * of their time are in the join before they look; right rows wait while they are more than the offset ahead of the
 * left stream (not for ASOF joins, which keep versions and need no waiting). A side that has sent nothing for
 * {@code join_quiesce_threshold_ms} stops holding the other back. Each side's time is the largest its rows have
 * carried. Waiting batches are copies; owned by the pipeline's thread.
 */
final class AlignedJoin implements StreamingJoin
{
    private final StreamingJoin join;
    private final Evaluator[] times = new Evaluator[2];
    private final long[] nanosPerTick = new long[2];
    private final long offsetNanos;
    private final long quiesceMs;
    private final boolean rightWaits;
    private final long[] watermarks = {Long.MIN_VALUE, Long.MIN_VALUE};
    private final long[] lastDataMs = new long[2];
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Batch>[] waiting = new ArrayDeque[] {new ArrayDeque<Batch>(), new ArrayDeque<Batch>()};
    private long nowMs = System.currentTimeMillis();
    /** What the waiting batches hold (about), counted against {@code join_max_buffered_bytes}. */
    private final long[] waitingBytes = new long[2];
    private final long maxBufferedBytes;

    AlignedJoin(final StreamingJoin join, final Evaluator leftTime, final long leftNanosPerTick,
        final Evaluator rightTime, final long rightNanosPerTick, final long offsetNanos, final long quiesceMs,
        final boolean rightWaits, final long maxBufferedBytes)
    {
        this.maxBufferedBytes = maxBufferedBytes;
        this.join = join;
        this.times[LEFT] = leftTime;
        this.times[RIGHT] = rightTime;
        this.nanosPerTick[LEFT] = leftNanosPerTick;
        this.nanosPerTick[RIGHT] = rightNanosPerTick;
        this.offsetNanos = offsetNanos;
        this.quiesceMs = quiesceMs;
        this.rightWaits = rightWaits;
        lastDataMs[LEFT] = lastDataMs[RIGHT] = nowMs;
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        final Vector time = times[side].evaluate(batch);
        long max = watermarks[side];
        for (int r = 0; r < batch.rows(); r++)
        {
            final int at = time.isConstant() ? 0 : r;
            if (!time.isNull(at))
            {
                max = Math.max(max, ((LongVector)time).get(at) * nanosPerTick[side]);
            }
        }
        watermarks[side] = max;
        lastDataMs[side] = nowMs;
        if (side == RIGHT && !rightWaits)
        {
            join.add(RIGHT, batch, out);
        }
        else
        {
            final Batch copy = copy(batch);
            waiting[side].add(copy);
            waitingBytes[side] += bytes(copy);
            if (maxBufferedBytes > 0 && waitingBytes[LEFT] + waitingBytes[RIGHT] > maxBufferedBytes)
            {
                throw new io.muon.kernel.MuonException(io.muon.kernel.ErrorCodes.SET_SIZE_LIMIT_EXCEEDED,
                    "Streaming join's memory reaches max size: " + maxBufferedBytes + ", rows waiting for the " +
                    "other side's time (lag_behind): " + (waitingBytes[LEFT] + waitingBytes[RIGHT]) + " bytes " +
                    "(join_max_buffered_bytes)");
            }
        }
        release(out);
    }

    @Override
    public void tick(final long now, final Consumer<Batch> out)
    {
        nowMs = now;
        release(out);
    }

    /** Joins the waiting batches that alignment (or a quiet side) lets through, right ones first. */
    private void release(final Consumer<Batch> out)
    {
        final boolean leftQuiet = nowMs - lastDataMs[LEFT] >= quiesceMs;
        final boolean rightQuiet = nowMs - lastDataMs[RIGHT] >= quiesceMs;
        final long leftAhead = saturatedAdd(watermarks[LEFT], offsetNanos);
        if (!waiting[RIGHT].isEmpty() && (watermarks[RIGHT] <= leftAhead || leftQuiet))
        {
            drain(RIGHT, out);
        }
        if (!waiting[LEFT].isEmpty() && (leftAhead < watermarks[RIGHT] || rightQuiet))
        {
            drain(LEFT, out);
        }
    }

    private void drain(final int side, final Consumer<Batch> out)
    {
        Batch batch;
        while ((batch = waiting[side].poll()) != null)
        {
            waitingBytes[side] -= bytes(batch);
            join.add(side, batch, out);
        }
    }

    private static long bytes(final Batch batch)
    {
        long bytes = 0;
        for (final Vector column : batch.columns())
        {
            bytes += column.heapBytes();
        }
        return bytes;
    }

    private static Batch copy(final Batch batch)
    {
        final Vector[] columns = new Vector[batch.width()];
        for (int c = 0; c < columns.length; c++)
        {
            final Vector source = batch.column(c);
            columns[c] = Vector.create(source.type(), batch.rows());
            columns[c].appendRange(source, 0, batch.rows());
        }
        return new Batch(columns, batch.rows());
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    @Override
    public void write(final StateOutput out)
    {
        for (int side = LEFT; side <= RIGHT; side++)
        {
            out.writeLong(watermarks[side]);
            out.writeInt(waiting[side].size());
            for (final Batch batch : waiting[side])
            {
                out.writeTypedBatch(batch);
            }
        }
        join.write(out);
    }

    @Override
    public void read(final StateInput in)
    {
        for (int side = LEFT; side <= RIGHT; side++)
        {
            watermarks[side] = in.readLong();
            final int batches = in.readCount(4);
            for (int b = 0; b < batches; b++)
            {
                final Batch batch = in.readTypedBatch();
                if (batch == null)
                {
                    throw StateInput.corrupted("a missing batch waiting for the other side's time");
                }
                waiting[side].add(batch);
                waitingBytes[side] += bytes(batch);
            }
        }
        join.read(in);
    }

    @Override
    public void close()
    {
        join.close();
    }
}
