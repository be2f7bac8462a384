package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Vectorized bodies of the date and time functions beyond the core: calendar starts (quarter, week, ISO year, five
 * minutes…), week numbers, relative numbers, time zones and Unix timestamps. Arithmetic (date_diff, date_add,
 * to_start_of_interval, date_trunc) is in {@link DateArithmetic}, formatting in {@link DateFormatter}, parsing in
 * {@link DateParser}; the zone and calendar math they share in {@link DateZone}. Values are epoch days, seconds or
 * DateTime64 ticks; a DateTime's zone comes from its type or from an explicit zone argument, else it is UTC.
 */
final class DateScalars
{
    private DateScalars()
    {
    }

    /** Computes a result from a local day number (and a mode). */
    private interface DayOp
    {
        long apply(long day, int mode);
    }

    static void register()
    {
        register(days((d, m) -> DateZone.daysFromCivil(DateZone.year(d), (DateZone.month(d) - 1) / 3 * 3 + 1, 1)),
            "to_start_of_quarter");
        register(days((d, m) -> (m & 1) != 0 ? d - DateZone.dayOfWeek(d) + 1 :
            d - DateZone.dayOfWeek(d) % 7), "to_start_of_week");
        register(days((d, m) -> d - DateZone.dayOfWeek(d) + 1), "to_monday");
        register(days((d, m) -> d + DateZone.daysInMonth(DateZone.year(d), DateZone.month(d)) - DateZone.dayOfMonth(d)),
            "to_last_day_of_month");
        register(days((d, m) -> DateZone.isoYearStart(d)), "to_start_of_iso_year");
        register(days((d, m) -> DateZone.isoWeek(d)), "to_iso_week");
        register(days((d, m) -> week(d, m) % 100), "to_week");
        register(days(DateScalars::dayOfWeek), "to_day_of_week");
        register(minutes(5, "to_start_of_five_minutes"), "to_start_of_five_minutes");
        register(minutes(10, "to_start_of_ten_minutes"), "to_start_of_ten_minutes");
        register(minutes(15, "to_start_of_fifteen_minutes"), "to_start_of_fifteen_minutes");
        register(subSecond(1000), "to_start_of_millisecond");
        register(subSecond(1_000_000), "to_start_of_microsecond");
        register((a, rows, result, nulls) -> relative(a, rows, result, 0), "to_relative_second_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 1), "to_relative_minute_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 2), "to_relative_hour_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 3), "to_relative_day_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 4), "to_relative_week_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 5), "to_relative_month_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 6), "to_relative_quarter_num");
        register((a, rows, result, nulls) -> relative(a, rows, result, 7), "to_relative_year_num");
        register(DateScalars::yyyymmddhhmmss, "to_yyyymmddhhmmss");
        register(DateScalars::timeSlot, "time_slot");
        register((a, rows, result, nulls) -> fill(result, rows, LocalDate.now(ZoneOffset.UTC).toEpochDay() - 1),
            "yesterday");
        register((a, rows, result, nulls) -> Constants.repeat("UTC", result, rows), "timezone");
        register((a, rows, result, nulls) -> Constants.repeat(DateZone.of(a[0].type()).name(), result, rows),
            "timezone_of");
        register(DateScalars::toTimezone, "to_timezone");
        register((a, rows, result, nulls) -> toUnix64(a, rows, result, 1000), "to_unix_timestamp64_milli");
        register((a, rows, result, nulls) -> toUnix64(a, rows, result, 1_000_000), "to_unix_timestamp64_micro");
        register((a, rows, result, nulls) -> toUnix64(a, rows, result, 1_000_000_000), "to_unix_timestamp64_nano");
        register(DateScalars::fromUnix64, "from_unix_timestamp64_milli", "from_unix_timestamp64_micro",
            "from_unix_timestamp64_nano");
        register((a, rows, result, nulls) -> Conversions.convert(a[0], rows, result, Conversions.Mode.CAST),
            "from_unix_timestamp");
        DateArithmetic.register();
        DateFormatter.register();
        DateParser.register();
        JodaDateParser.register();
    }

    static void register(final ScalarFunction body, final String... names)
    {
        Scalars.register(body, names);
    }

    /** ClickHouse's toDayOfWeek modes (mode & 3): 0 Monday 1-7, 1 Monday 0-6, 2 Sunday 0-6, 3 Sunday 1-7. */
    private static long dayOfWeek(final long day, final int mode)
    {
        int r = DateZone.dayOfWeek(day);
        final int m = mode & 3;
        if (m == 2 || m == 3)
        {
            r = r % 7 + 1;
        }
        if (m == 1 || m == 2)
        {
            r--;
        }
        return r;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading arguments

    /** The integer mode argument (second argument if it is not a zone string). */
    static int mode(final Vector[] a, final int index)
    {
        return a.length > index && a[index] instanceof LongVector l && l.size() > 0 ? (int)l.get(0) : 0;
    }

    /** Index of the zone argument of {@code f(t [, mode] [, zone])}. */
    static int zoneIndex(final Vector[] a)
    {
        for (int i = 1; i < a.length; i++)
        {
            if (a[i] instanceof BytesVector)
            {
                return i;
            }
        }
        return a.length;
    }

    static Vector fill(final DataType result, final int rows, final long value)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        java.util.Arrays.fill(out.values(), 0, rows, value);
        out.setSize(rows);
        return out;
    }

    static void requireTime(final DataType type, final String function)
    {
        if (DateZone.isDate(type))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " +
                type.unwrapped().clickHouseName() + " of argument for function " + function);
        }
    }

    /** Writes a day number into a Date (saturated), DateTime or DateTime64 result. */
    static long fromDay(final long day, final TypeId target, final long scale, final DateZone zone)
    {
        return switch (target)
        {
            case DATE -> Math.max(0, Math.min(65535, day));
            case DATE32 -> day;
            case DATETIME64 -> zone.dayStart(day) * scale;
            default -> zone.dayStart(day);
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // bodies

    private static ScalarFunction days(final DayOp op)
    {
        return (a, rows, result, nulls) ->
        {
            final DataType type = a[0].type().unwrapped();
            final boolean date = DateZone.isDate(type);
            final long scale = DateZone.scale(type);
            final DateZone zone = DateZone.of(a, zoneIndex(a), type);
            final int mode = a.length > 1 && a[1] instanceof LongVector ? mode(a, 1) : 0;
            final TypeId target = result.unwrapped().id();
            final long[] in = ((LongVector)a[0]).values();
            final LongVector out = (LongVector)Vector.create(result, rows);
            final long[] values = out.values();
            for (int r = 0; r < rows; r++)
            {
                final long day = op.apply(zone.day(in[r], date, scale), mode);
                values[r] = target == TypeId.DATE || target == TypeId.DATE32 ? fromDay(day, target, 1, zone) : day;
            }
            out.setSize(rows);
            return out;
        };
    }

    /** ClickHouse's toWeek (the week of toYearWeek) for MySQL week modes 0-9; returns year * 100 + week. */
    static long week(final long day, final int weekMode)
    {
        final boolean newYearDay = (weekMode & 8) != 0;
        int mode = weekMode & 7;
        if ((mode & 1) == 0)
        {
            mode ^= 4;
        }
        final boolean mondayFirst = (mode & 1) != 0;
        boolean yearMode = (mode & 2) != 0;
        final boolean firstWeekday = (mode & 4) != 0;
        int year = DateZone.year(day);
        if (newYearDay)
        {
            final int offset = mondayFirst ? 0 : 1;
            year = DateZone.year(day + 7 - DateZone.dayOfWeek(day + offset));
            long first = DateZone.daysFromCivil(year, 1, 1);
            long thisDay = day;
            if (mondayFirst)
            {
                first -= DateZone.dayOfWeek(first) - 1;
                thisDay -= DateZone.dayOfWeek(day) - 1;
            }
            else
            {
                first -= DateZone.dayOfWeek(first) % 7;
                thisDay -= DateZone.dayOfWeek(day) % 7;
            }
            return year * 100L + (thisDay - first) / 7 + 1;
        }
        long firstDay = DateZone.daysFromCivil(year, 1, 1);
        int weekday = mondayFirst ? DateZone.dayOfWeek(firstDay) - 1 : DateZone.dayOfWeek(firstDay + 1) - 1;
        long days;
        if (DateZone.month(day) == 1 && DateZone.dayOfMonth(day) <= 7 - weekday)
        {
            if (!yearMode && (firstWeekday && weekday != 0 || !firstWeekday && weekday >= 4))
            {
                return year * 100L;
            }
            yearMode = true;
            year--;
            final int length = DateZone.leap(year) ? 366 : 365;
            firstDay -= length;
            weekday = (weekday + 53 * 7 - length) % 7;
        }
        if (firstWeekday && weekday != 0 || !firstWeekday && weekday >= 4)
        {
            days = day - (firstDay + 7 - weekday);
        }
        else
        {
            days = day - (firstDay - weekday);
        }
        if (yearMode && days >= 52 * 7)
        {
            weekday = (weekday + (DateZone.leap(year) ? 366 : 365)) % 7;
            if (!firstWeekday && weekday < 4 || firstWeekday && weekday == 0)
            {
                return (year + 1) * 100L + 1;
            }
        }
        return year * 100L + days / 7 + 1;
    }

    /** to_start_of_{five,ten,fifteen}_minutes: minute intervals from the epoch (from local midnight in odd zones). */
    private static ScalarFunction minutes(final int minutes, final String name)
    {
        return (a, rows, result, nulls) ->
        {
            final DataType type = a[0].type().unwrapped();
            requireTime(type, name);
            final long scale = DateZone.scale(type);
            final DateZone zone = DateZone.of(a, zoneIndex(a), type);
            final long divisor = 60L * minutes;
            final long outScale = DateZone.scale(result);
            final long[] in = ((LongVector)a[0]).values();
            final LongVector out = (LongVector)Vector.create(result, rows);
            final long[] values = out.values();
            for (int r = 0; r < rows; r++)
            {
                final long t = Math.floorDiv(in[r], scale);
                values[r] = (zone.wholeMinutes() ? Math.floorDiv(t, divisor) * divisor :
                    zone.roundDownInDay(t, divisor)) * outScale;
            }
            out.setSize(rows);
            return out;
        };
    }

    /** to_start_of_millisecond / microsecond: truncates DateTime64 ticks; whole seconds pass unchanged. */
    private static ScalarFunction subSecond(final long perSecond)
    {
        return (a, rows, result, nulls) ->
        {
            final DataType type = a[0].type().unwrapped();
            requireTime(type, perSecond == 1000 ? "to_start_of_millisecond" : "to_start_of_microsecond");
            final long scale = DateZone.scale(type);
            final long step = scale > perSecond ? scale / perSecond : 1;
            final long[] in = ((LongVector)a[0]).values();
            final LongVector out = (LongVector)Vector.create(result, rows);
            final long[] values = out.values();
            for (int r = 0; r < rows; r++)
            {
                values[r] = Math.floorDiv(in[r], step) * step;
            }
            out.setSize(rows);
            return out;
        };
    }

    /** to_relative_{second,minute,hour,day}_num, as UInt32 (ClickHouse's formulas, including odd-offset zones). */
    private static Vector relative(final Vector[] a, final int rows, final DataType result, final int unit)
    {
        final DataType type = a[0].type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DateZone zone = DateZone.of(a, zoneIndex(a), type);
        final long[] in = ((LongVector)a[0]).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            final long v = switch (unit)
            {
                case 0 -> zone.seconds(in[r], date, scale);
                case 1 -> Math.floorDiv(zone.seconds(in[r], date, scale), 60);
                case 2 -> relativeHour(zone, zone.seconds(in[r], date, scale));
                case 3 -> zone.day(in[r], date, scale);
                // weeks start on Monday: day 0 (1970-01-01) is a Thursday
                case 4 -> Math.floorDiv(zone.day(in[r], date, scale) + 3, 7);
                default ->
                {
                    final java.time.LocalDate day = java.time.LocalDate.ofEpochDay(zone.day(in[r], date, scale));
                    yield switch (unit)
                    {
                        case 5 -> day.getYear() * 12L + day.getMonthValue();
                        case 6 -> day.getYear() * 4L + (day.getMonthValue() - 1) / 3 + 1;
                        default -> day.getYear();
                    };
                }
            };
            values[r] = v & 0xFFFFFFFFL;
        }
        out.setSize(rows);
        return out;
    }

    static long relativeHour(final DateZone zone, final long t)
    {
        if (t >= 0 && zone.wholeHours())
        {
            return t / 3600;
        }
        return Math.floorDiv(t + DateZone.DAY - zone.offsetAtEpoch(), 3600);
    }

    private static Vector yyyymmddhhmmss(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = a[0].type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DateZone zone = DateZone.of(a, zoneIndex(a), type);
        final long[] in = ((LongVector)a[0]).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            if (date)
            {
                values[r] = DateZone.civil(in[r]) * 1_000_000L;
                continue;
            }
            final long local = zone.local(Math.floorDiv(in[r], scale));
            final long day = Math.floorDiv(local, DateZone.DAY);
            final long s = local - day * DateZone.DAY;
            values[r] = DateZone.civil(day) * 1_000_000L + s / 3600 * 10000 + s / 60 % 60 * 100 + s % 60;
        }
        out.setSize(rows);
        return out;
    }

    /** time_slot: rounds down to the half hour (from the epoch). */
    private static Vector timeSlot(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = a[0].type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DateZone zone = DateZone.of(type);
        final long[] in = ((LongVector)a[0]).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = Math.floorDiv(zone.seconds(in[r], date, scale), 1800) * 1800;
        }
        out.setSize(rows);
        return out;
    }

    private static Vector toTimezone(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = a[0].type().unwrapped();
        if (DateZone.isDate(type))
        {
            throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " + type.clickHouseName() +
                " of argument of function to_timezone. Should be DateTime or DateTime64");
        }
        DateZone.of(result);
        final LongVector out = (LongVector)Vector.create(result, rows);
        System.arraycopy(((LongVector)a[0]).values(), 0, out.values(), 0, rows);
        out.setSize(rows);
        return out;
    }

    /** to_unix_timestamp64_*: ticks rescaled to milli/micro/nanoseconds (a Date is its UTC midnight). */
    private static Vector toUnix64(final Vector[] a, final int rows, final DataType result, final long target)
    {
        final DataType type = a[0].type().unwrapped();
        final boolean date = DateZone.isDate(type);
        final long scale = DateZone.scale(type);
        final DateZone zone = DateZone.of(type);
        final long[] in = ((LongVector)a[0]).values();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            final long v = date ? zone.dayStart(in[r]) : in[r];
            values[r] = scale >= target ? v / (scale / target) : v * (target / scale);
        }
        out.setSize(rows);
        return out;
    }

    private static Vector fromUnix64(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        DateZone.of(result);
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = Scalars.getLong(a[0], r);
        }
        out.setSize(rows);
        return out;
    }
}
