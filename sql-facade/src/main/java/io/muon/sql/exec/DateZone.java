package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time zone arithmetic on epoch seconds for the date functions, the way ClickHouse's DateLUT sees a zone: local day
 * numbers, the instant a local day starts, wall-clock time to instant (a wall time at or after a transition's old wall
 * time takes the new offset). One cursor per batch: it caches the offset period last looked up, so rows of nearby
 * times need no java.time objects. Also the proleptic Gregorian calendar on day numbers (1970-01-01 is day 0).
 */
final class DateZone
{
    static final long DAY = 86_400;

    /** What is fixed about a zone: its rules and whether its offsets since 1970 are whole hours / minutes. */
    private record Info(String name, ZoneRules rules, boolean fixed, int fixedOffset, boolean wholeHours,
        boolean wholeMinutes, int offsetAtEpoch)
    {
    }

    private static final ConcurrentHashMap<String, Info> ZONES = new ConcurrentHashMap<>();

    private final Info info;
    private long from = Long.MAX_VALUE;
    private long to = Long.MIN_VALUE;
    private int offset;
    private int offsetBefore;

    private DateZone(final Info info)
    {
        this.info = info;
    }

    /** The zone of a Date/DateTime type (the server zone, UTC, when the type names none). */
    static DateZone of(final DataType type)
    {
        final String zone = type == null ? null : type.unwrapped().timeZone();
        return of(zone == null ? "UTC" : zone);
    }

    static DateZone of(final String name)
    {
        Info info = ZONES.get(name);
        if (info == null)
        {
            info = load(name);
            ZONES.putIfAbsent(name, info);
        }
        return new DateZone(info);
    }

    /** The zone named by a constant string argument, else the zone of {@code type}. */
    static DateZone of(final io.muon.kernel.vector.Vector[] a, final int index, final DataType type)
    {
        if (a.length > index && a[index] instanceof io.muon.kernel.vector.BytesVector s && s.size() > 0 &&
            !s.isNull(0))
        {
            return of(s.getString(0));
        }
        return of(type);
    }

    private static Info load(final String name)
    {
        final ZoneRules rules;
        try
        {
            rules = ZoneId.of(name).getRules();
        }
        catch (final RuntimeException e)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Cannot load time zone " + name);
        }
        final int atEpoch = rules.getOffset(Instant.EPOCH).getTotalSeconds();
        boolean hours = atEpoch % 3600 == 0;
        boolean minutes = atEpoch % 60 == 0;
        for (final ZoneOffsetTransition t : rules.getTransitions())
        {
            if (t.toEpochSecond() > 0)
            {
                hours &= t.getOffsetAfter().getTotalSeconds() % 3600 == 0;
                minutes &= t.getOffsetAfter().getTotalSeconds() % 60 == 0;
            }
        }
        for (final ZoneOffsetTransitionRule t : rules.getTransitionRules())
        {
            hours &= t.getOffsetAfter().getTotalSeconds() % 3600 == 0;
            minutes &= t.getOffsetAfter().getTotalSeconds() % 60 == 0;
        }
        return new Info(name, rules, rules.isFixedOffset(), atEpoch, hours, minutes, atEpoch);
    }

    String name()
    {
        return info.name;
    }

    boolean wholeHours()
    {
        return info.wholeHours;
    }

    boolean wholeMinutes()
    {
        return info.wholeMinutes;
    }

    int offsetAtEpoch()
    {
        return info.offsetAtEpoch;
    }

    /** UTC offset in seconds at an instant. */
    int offsetAt(final long t)
    {
        if (info.fixed)
        {
            return info.fixedOffset;
        }
        if (t < from || t >= to)
        {
            load(t);
        }
        return offset;
    }

    private void load(final long t)
    {
        final ZoneRules rules = info.rules;
        final Instant instant = Instant.ofEpochSecond(t);
        offset = rules.getOffset(instant).getTotalSeconds();
        final ZoneOffsetTransition next = rules.nextTransition(instant);
        to = next == null ? Long.MAX_VALUE : next.toEpochSecond();
        final ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(t, 1));
        from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
        offsetBefore = previous == null ? offset : previous.getOffsetBefore().getTotalSeconds();
    }

    /** Local wall-clock seconds since 1970-01-01 00:00 local. */
    long local(final long t)
    {
        return t + offsetAt(t);
    }

    /** The local day number of an instant. */
    long dayOf(final long t)
    {
        return Math.floorDiv(local(t), DAY);
    }

    /** The instant of a local wall-clock time; in a gap or overlap, ClickHouse's choice (see the class comment). */
    long toEpoch(final long wall)
    {
        if (info.fixed)
        {
            return wall - info.fixedOffset;
        }
        offsetAt(wall - offsetAt(wall));
        for (int i = 0; i < 8; i++)
        {
            if (from != Long.MIN_VALUE && wall < from + offsetBefore)
            {
                load(from - 1);
            }
            else if (to != Long.MAX_VALUE && wall >= to + offset)
            {
                load(to);
            }
            else
            {
                break;
            }
        }
        return wall - offset;
    }

    /** The first instant of a local day. */
    long dayStart(final long day)
    {
        final long t = toEpoch(day * DAY);
        return !info.fixed && t < from ? from : t;
    }

    /** Seconds of wall-clock time since the local midnight of an instant. */
    long secondOfDay(final long t)
    {
        return Math.floorMod(local(t), DAY);
    }

    /**
     * Rounds an instant down to a multiple of {@code seconds} counted from the start of its local day, as ClickHouse
     * does for zones whose offsets are not whole units.
     */
    long roundDownInDay(final long t, final long seconds)
    {
        final long date = dayStart(dayOf(t));
        return date + Math.floorDiv(t - date, seconds) * seconds;
    }

    /** ClickHouse's toStartOfHourInterval: hours counted from local midnight, the day's offset change respected. */
    long startOfHours(final long t, final long hours)
    {
        final long seconds = hours * 3600;
        final long date = dayStart(dayOf(t));
        long time = t - date;
        offsetAt(t);
        final boolean changed = !info.fixed && from > date && from <= t;
        if (!changed)
        {
            return date + time / seconds * seconds;
        }
        final long change = from - date;
        final long amount = offset - offsetBefore;
        time = (time + amount) / seconds * seconds;
        if (time >= change)
        {
            time = Math.max(time - amount, change);
        }
        return date + time;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the calendar on day numbers

    /** Day number of a civil date. */
    static long daysFromCivil(final long year, final int month, final int day)
    {
        final long y = month <= 2 ? year - 1 : year;
        final long era = Math.floorDiv(y, 400);
        final long yoe = y - era * 400;
        final long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /** The civil date of a day number packed as {@code year * 10000 + month * 100 + day}. */
    static long civil(final long dayNumber)
    {
        final long z = dayNumber + 719468;
        final long era = Math.floorDiv(z, 146097);
        final long doe = z - era * 146097;
        final long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final long d = doy - (153 * mp + 2) / 5 + 1;
        final long m = mp < 10 ? mp + 3 : mp - 9;
        final long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return y * 10000 + m * 100 + d;
    }

    static int year(final long dayNumber)
    {
        return (int)Math.floorDiv(civil(dayNumber), 10000);
    }

    static int month(final long dayNumber)
    {
        return (int)(civil(dayNumber) / 100 % 100);
    }

    static int dayOfMonth(final long dayNumber)
    {
        return (int)(civil(dayNumber) % 100);
    }

    /** 1 = Monday … 7 = Sunday. */
    static int dayOfWeek(final long dayNumber)
    {
        return Math.floorMod(dayNumber + 3, 7) + 1;
    }

    static boolean leap(final long year)
    {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int daysInMonth(final long year, final int month)
    {
        return switch (month)
        {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    static int dayOfYear(final long dayNumber)
    {
        return (int)(dayNumber - daysFromCivil(year(dayNumber), 1, 1) + 1);
    }

    /** Adds calendar months, the day of month clamped to the target month's length. */
    static long addMonths(final long dayNumber, final long months)
    {
        final long c = civil(dayNumber);
        final long y = c / 10000;
        final long total = y * 12 + (c / 100 % 100) - 1 + months;
        final long ny = Math.floorDiv(total, 12);
        final int nm = Math.floorMod(total, 12) + 1;
        return daysFromCivil(ny, nm, (int)Math.min(c % 100, daysInMonth(ny, nm)));
    }

    /** The Monday of the ISO year of a day (ClickHouse's toStartOfISOYear). */
    static long isoYearStart(final long dayNumber)
    {
        final int isoYear = year(dayNumber + 4 - dayOfWeek(dayNumber));
        final long first = daysFromCivil(isoYear, 1, 1);
        final int weekday = dayOfWeek(first);
        return weekday <= 4 ? first + 1 - weekday : first + 8 - weekday;
    }

    static int isoYear(final long dayNumber)
    {
        return year(dayNumber + 4 - dayOfWeek(dayNumber));
    }

    static int isoWeek(final long dayNumber)
    {
        final long monday = dayNumber - dayOfWeek(dayNumber) + 1;
        return (int)(1 + (monday - isoYearStart(dayNumber)) / 7);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading Date / DateTime / DateTime64 values

    /** Ticks per second of a time type: 10^precision for DateTime64, else 1. */
    static long scale(final DataType type)
    {
        return type.unwrapped().id() == TypeId.DATETIME64 ? ValueFormatter.pow10(type.unwrapped().precision()) : 1;
    }

    static boolean isDate(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.DATE || id == TypeId.DATE32;
    }

    /** The epoch second of a value: a Date is the start of its day in this zone. */
    long seconds(final long value, final boolean date, final long scale)
    {
        return date ? dayStart(value) : scale == 1 ? value : Math.floorDiv(value, scale);
    }

    /** The local day number of a value. */
    long day(final long value, final boolean date, final long scale)
    {
        return date ? value : dayOf(scale == 1 ? value : Math.floorDiv(value, scale));
    }
}
