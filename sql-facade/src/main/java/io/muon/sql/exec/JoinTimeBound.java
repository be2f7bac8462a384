package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.sql.plan.TypedExpr;

import java.util.List;

/**
 * The time range a join's ON condition puts between its two sides, found in its conjuncts so that a streaming join
 * can drop rows that time has put out of reach: {@code date_diff_within(range, l, r)} (|l - r| within the range),
 * comparisons of a left event time and a right one ({@link io.muon.sql.plan.TimeAttributes}) each shifted by a
 * constant interval ({@code l.t BETWEEN r.t - 10s AND r.t}), and the equality of two (two window starts). Every conjunct that names the same pair of times narrows
 * the bound; the comparisons the bound enforces leave the condition, an equality stays (it is also a hash key).
 *
 * @param left        the left time, over the left side's columns
 * @param right       the right time, over the joined row's columns (right columns after the left ones)
 * @param low         the least {@code left - right}, in nanoseconds (or the columns' own units for numbers)
 * @param high        the greatest {@code left - right}
 */
record JoinTimeBound(TypedExpr left, long leftNanosPerTick, TypedExpr right, long rightNanosPerTick, long low,
    long high)
{
    /**
     * The bound the conjuncts put on their first pair of times, or null; the conjuncts that remain a condition go to
     * {@code rest}.
     */
    static JoinTimeBound find(final List<TypedExpr> conjuncts, final int leftWidth, final java.util.BitSet eventTimes,
        final List<TypedExpr> rest)
    {
        JoinTimeBound bound = null;
        for (final TypedExpr conjunct : conjuncts)
        {
            final JoinTimeBound found = of(conjunct, leftWidth, eventTimes);
            final boolean samePair = found != null && (bound == null ||
                found.left.equals(bound.left) && found.right.equals(bound.right));
            if (samePair)
            {
                bound = bound == null ? found : new JoinTimeBound(bound.left, bound.leftNanosPerTick, bound.right,
                    bound.rightNanosPerTick, Math.max(bound.low, found.low), Math.min(bound.high, found.high));
            }
            if (!samePair || conjunct instanceof TypedExpr.Call call && call.function().equals("equals"))
            {
                rest.add(conjunct);
            }
        }
        return bound;
    }

    private static JoinTimeBound of(final TypedExpr conjunct, final int leftWidth, final java.util.BitSet eventTimes)
    {
        if (!(conjunct instanceof TypedExpr.Call call))
        {
            return null;
        }
        if (call.function().equals("date_diff_within") && call.arguments().size() == 3)
        {
            return within(call, leftWidth);
        }
        if (call.arguments().size() != 2 || !List.of("equals", "less", "less_or_equals", "greater",
            "greater_or_equals").contains(call.function()))
        {
            return null;
        }
        final Term a = Term.of(call.arguments().get(0), leftWidth);
        final Term b = Term.of(call.arguments().get(1), leftWidth);
        if (a == null || b == null || a.side == b.side || !isEventTime(a.base, eventTimes) ||
            !isEventTime(b.base, eventTimes))
        {
            // only times that move forward bound a join; another time (a business date) is a plain condition
            return null;
        }
        // (a + oa) op (b + ob), written as (left - right) op constant
        final boolean leftFirst = a.side < 0;
        final Term l = leftFirst ? a : b;
        final Term r = leftFirst ? b : a;
        final String op = leftFirst ? call.function() : flip(call.function());
        final long constant = r.offset - l.offset;
        final long ln = nanosPerTick(l.base.type());
        final long rn = nanosPerTick(r.base.type());
        return switch (op)
        {
            case "equals" -> new JoinTimeBound(l.base, ln, r.base, rn, constant, constant);
            case "greater_or_equals" -> new JoinTimeBound(l.base, ln, r.base, rn, constant, Long.MAX_VALUE);
            case "greater" -> new JoinTimeBound(l.base, ln, r.base, rn, constant + 1, Long.MAX_VALUE);
            case "less_or_equals" -> new JoinTimeBound(l.base, ln, r.base, rn, Long.MIN_VALUE, constant);
            default -> new JoinTimeBound(l.base, ln, r.base, rn, Long.MIN_VALUE, constant - 1);
        };
    }

    private static JoinTimeBound within(final TypedExpr.Call call, final int leftWidth)
    {
        final TypedExpr x = call.arguments().get(1);
        final TypedExpr y = call.arguments().get(2);
        final int sx = side(x, leftWidth);
        final int sy = side(y, leftWidth);
        if (sx == 0 || sy == 0 || sx == sy)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "date_diff_within compares a column of " +
                "each side of the join: date_diff_within(range, left.time, right.time)");
        }
        final TypedExpr l = sx < 0 ? x : y;
        final TypedExpr r = sx < 0 ? y : x;
        final boolean times = isTime(l.type()) && isTime(r.type());
        if (!times && (isTime(l.type()) || isTime(r.type()) || !isInteger(l.type()) || !isInteger(r.type())))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "date_diff_within compares two times or " +
                "two integers, not " + l.type().clickHouseName() + " and " + r.type().clickHouseName());
        }
        final Object value = ((TypedExpr.Constant)call.arguments().get(0)).value();
        final long range;
        if (value instanceof TypedExpr.IntervalValue interval)
        {
            if (!times || interval.unit().isCalendar() || interval.amount() < 0)
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The range of date_diff_within must be a " +
                    "positive interval of fixed length (1s, 2m) between two time columns, not " + interval);
            }
            range = interval.approximateNanos();
        }
        else if (value instanceof Number number && number.longValue() >= 0)
        {
            // a bare number is seconds between times, or the columns' own units between numbers
            range = times ? number.longValue() * 1_000_000_000L : number.longValue();
        }
        else
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The range of date_diff_within must be a positive " +
                "interval or number, not " + value);
        }
        return new JoinTimeBound(l, nanosPerTick(l.type()), r, nanosPerTick(r.type()), -range, range);
    }

    /** A time expression of one side plus a constant interval: {@code base + offset} (nanoseconds). */
    private record Term(TypedExpr base, long offset, int side)
    {
        static Term of(final TypedExpr expr, final int leftWidth)
        {
            long offset = 0;
            TypedExpr base = expr;
            if (expr instanceof TypedExpr.Call call && call.arguments().size() == 2 &&
                (call.function().equals("plus") || call.function().equals("minus")))
            {
                final boolean intervalLast = call.arguments().get(1) instanceof TypedExpr.Constant;
                final TypedExpr constant = call.arguments().get(intervalLast ? 1 : 0);
                if (!(constant instanceof TypedExpr.Constant c) ||
                    !(c.value() instanceof TypedExpr.IntervalValue interval) || interval.unit().isCalendar() ||
                    !intervalLast && call.function().equals("minus"))
                {
                    return null;
                }
                base = call.arguments().get(intervalLast ? 0 : 1);
                offset = call.function().equals("minus") ? -interval.approximateNanos() :
                    interval.approximateNanos();
            }
            final int side = QueryExecutor.side(base, leftWidth);
            return side == 0 || !isTime(base.type()) ? null : new Term(base, offset, side);
        }
    }

    private static boolean isInteger(final DataType type)
    {
        return type.unwrapped().id().isInteger();
    }

    private static boolean isEventTime(final TypedExpr expr, final java.util.BitSet eventTimes)
    {
        return expr instanceof TypedExpr.ColumnRef ref && eventTimes.get(ref.index());
    }

    private static boolean isTime(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.DATETIME || id == TypeId.DATETIME64 || id == TypeId.DATE || id == TypeId.DATE32;
    }

    /** A constant interval (or a number of seconds) in nanoseconds. */
    static long nanos(final Object value)
    {
        if (value instanceof TypedExpr.IntervalValue interval && !interval.unit().isCalendar())
        {
            return interval.approximateNanos();
        }
        if (value instanceof Number number)
        {
            return number.longValue() * 1_000_000_000L;
        }
        throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Expected an interval of fixed length (10ms, 2s), not " +
            value);
    }

    /** How many nanoseconds one unit of a time column is (1 for numbers: their own units). */
    static long nanosPerTick(final DataType type)
    {
        final DataType plain = type.unwrapped();
        return switch (plain.id())
        {
            case DATETIME -> 1_000_000_000L;
            case DATETIME64 ->
            {
                long ticks = 1_000_000_000L;
                for (int p = 0; p < Math.min(9, plain.precision()); p++)
                {
                    ticks /= 10;
                }
                yield ticks;
            }
            case DATE, DATE32 -> 86_400_000_000_000L;
            default -> 1;
        };
    }

    private static String flip(final String comparison)
    {
        return switch (comparison)
        {
            case "less" -> "greater";
            case "greater" -> "less";
            case "less_or_equals" -> "greater_or_equals";
            case "greater_or_equals" -> "less_or_equals";
            default -> comparison;
        };
    }

    private static int side(final TypedExpr expr, final int leftWidth)
    {
        return QueryExecutor.side(expr, leftWidth);
    }
}
