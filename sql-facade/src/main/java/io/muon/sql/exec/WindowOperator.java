package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.TypedExpr;

/**
 * {@code tumble} and {@code hop} over a bounded input ({@code tumble(table(s), 5s)}): each row with the
 * {@code window_start} and {@code window_end} of every window that holds it, windows aligned to the epoch in the
 * time column's own units; a hop window's row comes once per window (size / slide times). Rows with a NULL time
 * are dropped, as the streaming windows drop them.
 */
final class WindowOperator implements Operator
{
    private final Operator input;
    private final int timeColumn;
    private final long size;
    private final long slide;
    private final DataType windowType;
    private Batch pending;
    private int[] rows = new int[Batch.DEFAULT_ROWS];
    private long[] starts = new long[Batch.DEFAULT_ROWS];

    /** Fails (the caller closes {@code input}) for a session or processing-time window, or a bad size. */
    WindowOperator(final Operator input, final LogicalPlan.Window window)
    {
        if (window.kind() == LogicalPlan.WindowKind.SESSION || window.processingTime())
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, window.processingTime() ? "A window over " +
                "processing time (now(), now64()) has no meaning over table(...): use a time column" : "Session " +
                "windows are only known as rows arrive: use them in a streaming query (without table(...))");
        }
        this.input = input;
        this.timeColumn = window.timeColumn().index();
        this.windowType = window.output().get(window.output().size() - 1).type();
        final long nanosPerTick = JoinTimeBound.nanosPerTick(window.timeColumn().type());
        this.size = ticks(window.size(), nanosPerTick, "The window size");
        this.slide = window.kind() == LogicalPlan.WindowKind.HOP ? ticks(window.slide(), nanosPerTick,
            "The hop slide") : size;
    }

    private static long ticks(final TypedExpr.IntervalValue interval, final long nanosPerTick, final String what)
    {
        final long nanos = interval.approximateNanos();
        if (interval.unit().isCalendar() || nanos <= 0 || nanos % nanosPerTick != 0)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, what + " " + interval + " must be a positive, fixed " +
                "whole number of the time column's units");
        }
        return nanos / nanosPerTick;
    }

    @Override
    public Batch next()
    {
        final Batch batch = input.next();
        if (batch == null)
        {
            return null;
        }
        final Vector time = batch.column(timeColumn);
        final int windowsPerRow = (int)((size + slide - 1) / slide);
        final int capacity = batch.rows() * windowsPerRow;
        if (rows.length < capacity)
        {
            rows = new int[capacity];
            starts = new long[capacity];
        }
        int count = 0;
        for (int r = 0; r < batch.rows(); r++)
        {
            final int at = time.isConstant() ? 0 : r;
            if (time.isNull(at))
            {
                continue;
            }
            final long t = ((LongVector)time).get(at);
            // windows [start, start + size) holding t, start a multiple of the slide, the earliest first
            final long last = Math.floorDiv(t, slide) * slide;
            for (long start = last - (windowsPerRow - 1) * slide; start <= last; start += slide)
            {
                if (start + size > t)
                {
                    rows[count] = r;
                    starts[count] = start;
                    count++;
                }
            }
        }
        final Vector[] columns = new Vector[batch.width() + 2];
        for (int c = 0; c < batch.width(); c++)
        {
            columns[c] = windowsPerRow == 1 && count == batch.rows() ? batch.column(c) :
                batch.column(c).gather(rows, count);
        }
        final LongVector start = (LongVector)Vector.create(windowType, count);
        final LongVector end = (LongVector)Vector.create(windowType, count);
        for (int i = 0; i < count; i++)
        {
            start.append(starts[i]);
            end.append(starts[i] + size);
        }
        columns[batch.width()] = start;
        columns[batch.width() + 1] = end;
        return new Batch(columns, count);
    }

    @Override
    public void close()
    {
        input.close();
    }
}
