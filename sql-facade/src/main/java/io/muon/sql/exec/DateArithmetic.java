package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.IntervalUnit;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Locale;

/**
 * Calendar arithmetic of the date functions, as ClickHouse does it: {@code date_diff} counts unit boundaries crossed
 * (relative unit numbers in each argument's zone), {@code age} counts whole units elapsed, adding days or calendar
 * units keeps the wall-clock time (across daylight saving changes), {@code to_start_of_interval} rounds years, months
 * and weeks from fixed origins and hours from local midnight, {@code date_trunc} is a one-unit interval start.
 */
final class DateArithmetic
{
    private static final long NANOS = 1_000_000_000L;

    private DateArithmetic()
    {
    }

    static void register()
    {
        DateScalars.register((a, rows, result, nulls) -> diff(a, rows, result, false), "date_diff");
        DateScalars.register((a, rows, result, nulls) -> diff(a, rows, result, true), "age");
        DateScalars.register((a, rows, result, nulls) -> dateAdd(a, rows, result, 1), "date_add");
        DateScalars.register((a, rows, result, nulls) -> dateAdd(a, rows, result, -1), "date_sub");
        for (final IntervalUnit unit : IntervalUnit.values())
        {
            final String plural = unit.name().toLowerCase(Locale.ROOT) + "s";
            DateScalars.register((a, rows, result, nulls) -> add(a[0], a[1], unit, 1, rows, result), "add_" + plural);
            DateScalars.register((a, rows, result, nulls) -> add(a[0], a[1], unit, -1, rows, result),
                "subtract_" + plural);
            DateScalars.register(DateArithmetic::toInterval, "to_interval_" + unit.name().toLowerCase(Locale.ROOT));
        }
        DateScalars.register(DateArithmetic::diffWithin, "date_diff_within");
        // an alignment hint of streaming joins: as a condition it lets every pair through
        DateScalars.register((a, rows, result, nulls) -> Constants.repeat(1, result, rows), "lag_behind");
        DateScalars.register(DateArithmetic::startOfInterval, "to_start_of_interval");
        DateScalars.register(DateArithmetic::dateTrunc, "date_trunc");
    }

    /** A unit name as date_diff, date_add and date_trunc accept it (ClickHouse's spellings and abbreviations). */
    static IntervalUnit unit(final String text, final String function)
    {
        return switch (text.toLowerCase(Locale.ROOT))
        {
            case "nanosecond", "nanoseconds", "ns" -> IntervalUnit.NANOSECOND;
            case "microsecond", "microseconds", "us", "u" -> IntervalUnit.MICROSECOND;
            case "millisecond", "milliseconds", "ms" -> IntervalUnit.MILLISECOND;
            case "second", "seconds", "ss", "s" -> IntervalUnit.SECOND;
            case "minute", "minutes", "mi", "n" -> IntervalUnit.MINUTE;
            case "hour", "hours", "hh", "h" -> IntervalUnit.HOUR;
            case "day", "days", "dd", "d" -> IntervalUnit.DAY;
            case "week", "weeks", "wk", "ww" -> IntervalUnit.WEEK;
            case "month", "months", "mm", "m" -> IntervalUnit.MONTH;
            case "quarter", "quarters", "qq", "q" -> IntervalUnit.QUARTER;
            case "year", "years", "yyyy", "yy" -> IntervalUnit.YEAR;
            default -> throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Function " + function +
                " does not support '" + text + "' unit");
        };
    }

    private static IntervalUnit unitArgument(final Vector v, final String function)
    {
        return unit(v.size() == 0 ? "" : ((BytesVector)v).getString(0), function);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // date_diff and age

    private static Vector diff(final Vector[] a, final int rows, final DataType result, final boolean age)
    {
        final String name = age ? "age" : "date_diff";
        final LongVector out = (LongVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final IntervalUnit unit = unitArgument(a[0], name);
        final DataType tx = a[1].type().unwrapped();
        final DataType ty = a[2].type().unwrapped();
        final DateZone zx = DateZone.of(a, 3, tx);
        final DateZone zy = DateZone.of(a, 3, ty);
        final boolean dx = DateZone.isDate(tx);
        final boolean dy = DateZone.isDate(ty);
        final long sx = DateZone.scale(tx);
        final long sy = DateZone.scale(ty);
        final long[] xs = ((LongVector)a[1]).values();
        final long[] ys = ((LongVector)a[2]).values();
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            long res = relative(unit, xs[r], dx, sx, zx, ys[r], dy, sy, zy);
            if (age)
            {
                final long secX = zx.seconds(xs[r], dx, sx);
                final long secY = zy.seconds(ys[r], dy, sy);
                final long fracX = dx ? 0 : Math.floorMod(xs[r], sx) * (NANOS / sx);
                final long fracY = dy ? 0 : Math.floorMod(ys[r], sy) * (NANOS / sy);
                final boolean ordered = secX < secY || secX == secY && fracX <= fracY;
                final long rankX = rank(unit, zx, secX, fracX);
                final long rankY = rank(unit, zy, secY, fracY);
                if (ordered ? rankX > rankY : rankY > rankX)
                {
                    res += ordered ? -1 : 1;
                }
            }
            values[r] = age ? (int)res : res;
        }
        out.setSize(rows);
        return out;
    }

    /**
     * {@code date_diff_within(range, x, y)}: whether x and y are at most the range apart (inclusive). The analyzer
     * puts the range first and the two sides' columns after it; a bare number is seconds between times.
     */
    private static Vector diffWithin(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        if (a.length != 3)
        {
            throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "date_diff_within is a condition " +
                "of JOIN ON: date_diff_within(range[, left.time, right.time])");
        }
        final LongVector out = (LongVector)Vector.create(result, rows);
        if (rows == 0)
        {
            return out;
        }
        final DataType rangeType = a[0].type().unwrapped();
        final DataType tx = a[1].type().unwrapped();
        final DataType ty = a[2].type().unwrapped();
        final boolean times = tx.id().isDateOrTime() && ty.id().isDateOrTime();
        final long range = rangeType.id() == TypeId.INTERVAL ?
            ((LongVector)a[0]).get(0) * rangeType.intervalUnit().nanos() :
            (long)Scalars.getDouble(a[0], 0) * (times ? NANOS : 1);
        final long[] values = out.values();
        final double numericRange = rangeType.id() == TypeId.INTERVAL ? range : Scalars.getDouble(a[0], 0);
        for (int r = 0; r < rows; r++)
        {
            values[r] = times ? (Math.abs(nanos(a[1], tx, r) - nanos(a[2], ty, r)) <= range ? 1 : 0) :
                (Math.abs(Scalars.getDouble(a[1], r) - Scalars.getDouble(a[2], r)) <= numericRange ? 1 : 0);
        }
        out.setSize(rows);
        return out;
    }

    private static long nanos(final Vector v, final DataType type, final int row)
    {
        final long value = ((LongVector)v).get(v.isConstant() ? 0 : row);
        return DateZone.isDate(type) ? value * 86_400L * NANOS : value * (NANOS / DateZone.scale(type));
    }

    private static long relative(final IntervalUnit unit, final long x, final boolean dx, final long sx,
        final DateZone zx, final long y, final boolean dy, final long sy, final DateZone zy)
    {
        return relative(unit, y, dy, sy, zy) - relative(unit, x, dx, sx, zx);
    }

    /** ClickHouse's relative unit number of a value: the difference of two counts boundaries crossed. */
    private static long relative(final IntervalUnit unit, final long v, final boolean date, final long scale,
        final DateZone zone)
    {
        switch (unit)
        {
            case YEAR:
                return DateZone.year(zone.day(v, date, scale));
            case QUARTER:
            {
                final long c = DateZone.civil(zone.day(v, date, scale));
                return c / 10000 * 4 + (c / 100 % 100 - 1) / 3;
            }
            case MONTH:
            {
                final long c = DateZone.civil(zone.day(v, date, scale));
                return c / 10000 * 12 + c / 100 % 100;
            }
            case WEEK:
            {
                final long day = zone.day(v, date, scale);
                return Math.floorDiv(day + 8 - DateZone.dayOfWeek(day), 7);
            }
            case DAY:
                return zone.day(v, date, scale);
            case HOUR:
                return Math.floorDiv(zone.seconds(v, date, scale) + DateZone.DAY - zone.offsetAtEpoch(), 3600);
            case MINUTE:
                return Math.floorDiv(zone.seconds(v, date, scale), 60);
            case SECOND:
                return zone.seconds(v, date, scale);
            default:
            {
                final long perSecond = NANOS / unit.nanos();
                if (date || scale == 1)
                {
                    return zone.seconds(v, date, scale) * perSecond;
                }
                return scale >= perSecond ? v / (scale / perSecond) : v * (perSecond / scale);
            }
        }
    }

    /** The parts below the unit of a time, as one comparable number (age subtracts one if they have not come round). */
    private static long rank(final IntervalUnit unit, final DateZone zone, final long seconds, final long fraction)
    {
        final long local = zone.local(seconds);
        final long day = Math.floorDiv(local, DateZone.DAY);
        final long sod = local - day * DateZone.DAY;
        return switch (unit)
        {
            case YEAR -> ((DateZone.month(day) * 32L + DateZone.dayOfMonth(day)) * DateZone.DAY + sod) * NANOS +
                fraction;
            case QUARTER -> (((DateZone.month(day) - 1) % 3 * 32L + DateZone.dayOfMonth(day)) * DateZone.DAY + sod) *
                NANOS + fraction;
            case MONTH -> (DateZone.dayOfMonth(day) * DateZone.DAY + sod) * NANOS + fraction;
            case WEEK -> (DateZone.dayOfWeek(day) * DateZone.DAY + sod) * NANOS + fraction;
            case DAY -> sod * NANOS + fraction;
            case HOUR -> sod % 3600 * NANOS + fraction;
            case MINUTE -> sod % 60 * NANOS + fraction;
            case SECOND -> fraction;
            case MILLISECOND -> fraction % 1_000_000;
            case MICROSECOND -> fraction % 1_000;
            default -> 0;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // adding intervals

    private static Vector dateAdd(final Vector[] a, final int rows, final DataType result, final int sign)
    {
        final String name = sign > 0 ? "date_add" : "date_sub";
        if (a.length == 3)
        {
            if (rows == 0)
            {
                return Vector.create(result, 0);
            }
            return add(a[2], a[1], unitArgument(a[0], name), sign, rows, result);
        }
        final boolean timeFirst = a[0].type().unwrapped().id() != TypeId.INTERVAL;
        final Vector time = timeFirst ? a[0] : a[1];
        final Vector interval = timeFirst ? a[1] : a[0];
        return add(time, interval, interval.type().unwrapped().intervalUnit(), sign, rows, result);
    }

    private static Vector add(final Vector time, final Vector amounts, final IntervalUnit unit, final int sign,
        final int rows, final DataType result)
    {
        final DataType type = time.type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DataType target = result.unwrapped();
        final TypeId id = target.id();
        final long outScale = DateZone.scale(target);
        final DateZone zone = DateZone.of(id == TypeId.DATE || id == TypeId.DATE32 ? type : target);
        final long[] in = ((LongVector)time).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = add(in[r], date, scale, zone, unit, sign * Scalars.getLong(amounts, r), id, outScale);
        }
        out.setSize(rows);
        return out;
    }

    /**
     * Adds {@code amount} units to a Date (days), DateTime (seconds) or DateTime64 (ticks) value, giving a value of
     * the target type: days and calendar units keep the local wall-clock time, smaller units add elapsed time.
     */
    static long add(final long value, final boolean date, final long scale, final DateZone zone, final IntervalUnit unit,
        final long amount, final TypeId target, final long outScale)
    {
        if (target == TypeId.DATE || target == TypeId.DATE32)
        {
            final long day = zone.day(value, date, scale);
            final long sum = switch (unit)
            {
                case DAY -> day + amount;
                case WEEK -> day + 7 * amount;
                case MONTH -> DateZone.addMonths(day, amount);
                case QUARTER -> DateZone.addMonths(day, 3 * amount);
                case YEAR -> DateZone.addMonths(day, 12 * amount);
                default -> day + Math.floorDiv(amount, IntervalUnit.DAY.nanos() / unit.nanos());
            };
            return target == TypeId.DATE ? sum & 0xFFFF : sum;
        }
        long seconds;
        long fraction;
        if (date)
        {
            seconds = zone.dayStart(value);
            fraction = 0;
        }
        else
        {
            seconds = Math.floorDiv(value, scale);
            final long f = Math.floorMod(value, scale);
            fraction = outScale >= scale ? f * (outScale / scale) : f / (scale / outScale);
        }
        switch (unit)
        {
            case DAY, WEEK, MONTH, QUARTER, YEAR:
            {
                final long local = zone.local(seconds);
                final long day = Math.floorDiv(local, DateZone.DAY);
                final long sod = local - day * DateZone.DAY;
                final long moved = switch (unit)
                {
                    case DAY -> day + amount;
                    case WEEK -> day + 7 * amount;
                    case MONTH -> DateZone.addMonths(day, amount);
                    case QUARTER -> DateZone.addMonths(day, 3 * amount);
                    default -> DateZone.addMonths(day, 12 * amount);
                };
                seconds = zone.toEpoch(moved * DateZone.DAY + sod);
                break;
            }
            case HOUR, MINUTE, SECOND:
                seconds += amount * (unit.nanos() / NANOS);
                break;
            default:
            {
                long ticks = seconds * outScale + fraction;
                final long unitTicks = outScale * unit.nanos();
                ticks += unitTicks >= NANOS ? amount * (unitTicks / NANOS) : amount / (NANOS / unitTicks);
                return ticks;
            }
        }
        final long ticks = seconds * outScale + fraction;
        return target == TypeId.DATETIME ? ticks & 0xFFFFFFFFL : ticks;
    }

    private static Vector toInterval(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = Scalars.getLong(a[0], r);
        }
        out.setSize(rows);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // to_start_of_interval and date_trunc

    private static Vector startOfInterval(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        if (rows == 0)
        {
            return Vector.create(result, 0);
        }
        final long amount = Scalars.getLong(a[1], 0);
        if (amount <= 0)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND,
                "Value for second argument of function to_start_of_interval must be positive");
        }
        return startOf(a[0], DateZone.of(a, 2, a[0].type()), a[1].type().unwrapped().intervalUnit(), amount, rows,
            result);
    }

    private static Vector dateTrunc(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        if (rows == 0)
        {
            return Vector.create(result, 0);
        }
        final String text = ((BytesVector)a[0]).getString(0);
        final IntervalUnit unit = IntervalUnit.of(text);
        if (unit == null)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Function date_trunc does not support '" + text +
                "' unit");
        }
        return startOf(a[1], DateZone.of(a, 2, a[1].type()), unit, 1, rows, result);
    }

    private static Vector startOf(final Vector time, final DateZone zone, final IntervalUnit unit, final long n,
        final int rows, final DataType result)
    {
        final DataType type = time.type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final TypeId target = result.unwrapped().id();
        final long outScale = DateZone.scale(result);
        final long[] in = ((LongVector)time).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = startOf(in[r], date, scale, zone, unit, n, target, outScale);
        }
        out.setSize(rows);
        return out;
    }

    /** ClickHouse's toStartOfInterval of one value, written as the target type. */
    static long startOf(final long v, final boolean date, final long scale, final DateZone zone,
        final IntervalUnit unit, final long n, final TypeId target, final long outScale)
    {
        switch (unit)
        {
            case YEAR, QUARTER, MONTH, WEEK, DAY:
            {
                final long day = zone.day(v, date, scale);
                final long start = switch (unit)
                {
                    case YEAR -> DateZone.daysFromCivil(Math.floorDiv(DateZone.year(day), n) * n, 1, 1);
                    case QUARTER -> monthInterval(day, 3 * n);
                    case MONTH -> monthInterval(day, n);
                    case WEEK -> n == 1 ? day - DateZone.dayOfWeek(day) + 1 : 4 + Math.floorDiv(day - 4, 7 * n) * 7 * n;
                    default -> Math.floorDiv(day, n) * n;
                };
                return DateScalars.fromDay(start, target, outScale, zone);
            }
            case HOUR, MINUTE, SECOND:
            {
                final long t = zone.seconds(v, date, scale);
                final long start;
                if (unit == IntervalUnit.HOUR)
                {
                    start = n == 1 ? roundDown(zone, t, 3600, zone.wholeHours()) : zone.startOfHours(t, n);
                }
                else if (unit == IntervalUnit.MINUTE || n % 60 == 0)
                {
                    start = roundDown(zone, t, unit == IntervalUnit.MINUTE ? 60 * n : n, zone.wholeMinutes());
                }
                else
                {
                    start = n == 1 ? t : roundDown(zone, t, n, zone.wholeHours());
                }
                return target == TypeId.DATE || target == TypeId.DATE32 ? zone.dayOf(start) : start * outScale;
            }
            default:
            {
                final long ticks = date ? zone.dayStart(v) * scale : v;
                final long unitTicks = scale * unit.nanos() / NANOS;
                final long start = unitTicks == 0 ? ticks : Math.floorDiv(ticks, unitTicks * n) * unitTicks * n;
                return outScale >= scale ? start * (outScale / scale) : Math.floorDiv(start, scale / outScale);
            }
        }
    }

    private static long roundDown(final DateZone zone, final long t, final long seconds, final boolean aligned)
    {
        return aligned ? Math.floorDiv(t, seconds) * seconds : zone.roundDownInDay(t, seconds);
    }

    /** Months counted from 1900-01 (ClickHouse's table start) rounded down to a multiple of {@code months}. */
    private static long monthInterval(final long day, final long months)
    {
        final long c = DateZone.civil(day);
        if (months == 1)
        {
            return day - c % 100 + 1;
        }
        final long total = Math.floorDiv((c / 10000 - 1900) * 12 + c / 100 % 100 - 1, months) * months;
        return DateZone.daysFromCivil(1900 + Math.floorDiv(total, 12), Math.floorMod(total, 12) + 1, 1);
    }
}
