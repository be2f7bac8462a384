package io.muon.sql.streaming;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

/**
 * Event time in the units a time column stores: seconds for DateTime, 10^-P seconds for DateTime64(P). Windows,
 * watermarks and delays are computed in those units, so window bounds are exact whatever the precision.
 */
final class EventTime
{
    private final long ticksPerSecond;

    EventTime(final DataType timeType)
    {
        final DataType plain = timeType.unwrapped();
        if (plain.id() == TypeId.DATETIME)
        {
            ticksPerSecond = 1;
        }
        else if (plain.id() == TypeId.DATETIME64)
        {
            long ticks = 1;
            for (int i = 0; i < plain.precision(); i++)
            {
                ticks *= 10;
            }
            ticksPerSecond = ticks;
        }
        else
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Event time must be DateTime or DateTime64, " +
                "not " + plain.clickHouseName());
        }
    }

    /** An interval as ticks; it must be a fixed, positive whole number of ticks. */
    long ticks(final TypedExpr.IntervalValue interval, final String what)
    {
        if (interval.unit().isCalendar())
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, what + " must be a fixed length (seconds to weeks), " +
                "not " + interval);
        }
        final long nanos = interval.approximateNanos();
        final long nanosPerTick = 1_000_000_000L / ticksPerSecond;
        if (nanos <= 0 || nanos % nanosPerTick != 0)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, what + " " + interval + " is not a positive whole " +
                "number of the time column's units");
        }
        return nanos / nanosPerTick;
    }

    /** Milliseconds as ticks (rounded down). */
    long fromMillis(final long millis)
    {
        return ticksPerSecond >= 1000 ? millis * (ticksPerSecond / 1000) : millis / (1000 / ticksPerSecond);
    }

    /** The time of {@code row}, or {@link Long#MIN_VALUE} for NULL. */
    static long at(final Vector time, final int row)
    {
        final int at = time.isConstant() ? 0 : row;
        if (time.isNull(at))
        {
            return Long.MIN_VALUE;
        }
        return ((LongVector)time).get(at);
    }
}
