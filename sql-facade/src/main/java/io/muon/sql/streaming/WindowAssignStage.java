package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

/**
 * Adds {@code window_start} and {@code window_end} to each row by its event time, and makes the pipeline's
 * watermark: the largest event time seen minus the allowed delay, passed on after the batch that moved it. When
 * rows come from several sources (UNION ALL of streams), each source's largest time counts separately and the
 * watermark is the smallest of them (as Flink and Proton align their inputs), so a source that runs behind does not
 * see its rows dropped as late; until every source has sent a row there is no watermark (EMIT … AND TIMEOUT closes
 * windows of a source that stays silent). Rows a timer made upstream (a window closing on the clock) move every
 * source's time.
 * <ul>
 * <li>{@code TUMBLE}: the one window {@code [floor(t / size) * size, + size)} (epoch aligned).</li>
 * <li>{@code HOP} for rows read as they are: each row once per window holding it, windows starting at multiples
 * of the slide.</li>
 * <li>{@code HOP} under an aggregation ({@code slices}): the row's slice instead, a window of the greatest common
 * divisor of slide and size; the aggregation merges slices into windows when they fire.</li>
 * <li>{@code SESSION}: the row's own time in both columns; the session stage finds the sessions.</li>
 * </ul>
 * Rows with a NULL event time are dropped. Over processing time ({@code now()}, {@code now64()}) every row takes
 * the time of the pipeline's last tick, and the ticks move the watermark, so windows close on the clock even
 * when no rows come.
 */
final class WindowAssignStage implements StreamingStage
{
    enum Mode
    {
        TUMBLE, HOP_ROWS, SLICES, SESSION
    }

    private final Mode mode;
    private final int timeColumn;
    private final DataType windowType;
    private final long size;
    private final long slide;
    private final long delay;
    private final StreamingStage next;
    /** Processing time: the clock's time, in the time column's units, or null for event time. */
    private final EventTime clock;
    private long now;
    private final StreamingQuery.Counters counters;
    /** The largest event time per source feeding this stage, from the query's source {@code firstSource} on. */
    private long[] maxBySource = {Long.MIN_VALUE};
    private int firstSource;
    private long watermark = Long.MIN_VALUE;
    private int[] positions = new int[Batch.DEFAULT_ROWS];

    /**
     * {@code size} and {@code slide} in time units (for slices, {@code size} is the slice length); {@code clock}: for
     * a processing-time window, the time column's units, else null.
     */
    WindowAssignStage(final Mode mode, final int timeColumn, final DataType windowType, final long size,
        final long slide, final long delay, final EventTime clock, final StreamingQuery.Counters counters,
        final StreamingStage next)
    {
        this.counters = counters;
        this.clock = clock;
        this.now = clock == null ? 0 : clock.fromMillis(System.currentTimeMillis());
        this.mode = mode;
        this.timeColumn = timeColumn;
        this.windowType = windowType;
        this.size = size;
        this.slide = slide;
        this.delay = delay;
        this.next = next;
    }

    @Override
    public void onBatch(final Batch batch)
    {
        final Vector time = clock == null ? batch.column(timeColumn) : null;
        final int rows = batch.rows();
        long batchMax = Long.MIN_VALUE;
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            final long t = clock == null ? EventTime.at(time, r) : now;
            if (t == Long.MIN_VALUE)
            {
                continue;
            }
            batchMax = Math.max(batchMax, t);
            if (mode == Mode.HOP_ROWS)
            {
                // windows starting at multiples of the slide in (t - size, t]
                final long last = Math.floorDiv(t, slide) * slide;
                for (long start = last; start > t - size; start -= slide)
                {
                    append(r, count++);
                }
            }
            else
            {
                append(r, count++);
            }
        }
        if (count > 0)
        {
            final Vector[] columns = new Vector[batch.width() + 2];
            final boolean same = count == rows && mode != Mode.HOP_ROWS;
            for (int c = 0; c < batch.width(); c++)
            {
                columns[c] = same ? batch.column(c) : batch.column(c).gather(positions, count);
            }
            final LongVector starts = (LongVector)Vector.create(windowType, count);
            final LongVector ends = (LongVector)Vector.create(windowType, count);
            final Vector times = clock == null ? columns[timeColumn] : null;
            int previousRow = -1;
            long hopStart = 0;
            for (int i = 0; i < count; i++)
            {
                final long t = clock == null ? EventTime.at(times, i) : now;
                final long start;
                final long end;
                switch (mode)
                {
                    case TUMBLE, SLICES ->
                    {
                        start = Math.floorDiv(t, size) * size;
                        end = start + size;
                    }
                    case HOP_ROWS ->
                    {
                        // consecutive copies of one row take its windows from the latest start down
                        hopStart = positions[i] == previousRow ? hopStart - slide : Math.floorDiv(t, slide) * slide;
                        previousRow = positions[i];
                        start = hopStart;
                        end = start + size;
                    }
                    default ->
                    {
                        start = t;
                        end = t;
                    }
                }
                starts.append(start);
                ends.append(end);
            }
            columns[batch.width()] = starts;
            columns[batch.width() + 1] = ends;
            next.onBatch(new Batch(columns, count));
        }
        if (batchMax != Long.MIN_VALUE && clock == null)
        {
            final int slot = counters.polling - firstSource;
            if (slot >= 0 && slot < maxBySource.length)
            {
                maxBySource[slot] = Math.max(maxBySource[slot], batchMax);
            }
            else
            {
                for (int i = 0; i < maxBySource.length; i++)
                {
                    maxBySource[i] = Math.max(maxBySource[i], batchMax);
                }
            }
            long slowest = Long.MAX_VALUE;
            for (final long max : maxBySource)
            {
                slowest = Math.min(slowest, max);
            }
            final long candidate = slowest - delay;
            if (slowest != Long.MIN_VALUE && candidate > watermark)
            {
                watermark = candidate;
                next.onWatermark(watermark);
            }
        }
    }

    private void append(final int row, final int at)
    {
        if (at == positions.length)
        {
            positions = java.util.Arrays.copyOf(positions, positions.length * 2);
        }
        positions[at] = row;
    }

    /** The query's sources {@code [first, end)} feed this stage; its watermark waits for the slowest. */
    void sources(final int first, final int end)
    {
        firstSource = first;
        maxBySource = new long[Math.max(1, end - first)];
        java.util.Arrays.fill(maxBySource, Long.MIN_VALUE);
    }

    @Override
    public void onTick(final long nowMs)
    {
        if (clock == null)
        {
            return;
        }
        now = clock.fromMillis(nowMs);
        // the clock is the event time: it moves the watermark with or without rows
        if (now - delay > watermark)
        {
            watermark = now - delay;
            next.onWatermark(watermark);
        }
    }

    @Override
    public void onBarrier(final long checkpoint)
    {
        next.onBarrier(checkpoint);
    }

    @Override
    public void onWatermark(final long upstream)
    {
        // this stage makes the watermark of the windows after it from their own time column
    }

    @Override
    public void snapshot(final io.muon.sql.exec.StateOutput out)
    {
        out.writeLongs(maxBySource, maxBySource.length);
        out.writeLong(watermark);
    }

    @Override
    public void restore(final io.muon.sql.exec.StateInput in)
    {
        final long[] stored = in.readLongs();
        if (stored.length != maxBySource.length)
        {
            throw io.muon.sql.exec.StateInput.corrupted(stored.length + " sources where the window has " +
                maxBySource.length);
        }
        maxBySource = stored;
        watermark = in.readLong();
    }
}
