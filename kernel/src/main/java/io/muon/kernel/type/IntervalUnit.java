package io.muon.kernel.type;

/**
 * Units of ClickHouse's interval types ({@code IntervalSecond}, {@code IntervalMonth}…). Units up to a week have a
 * fixed length; months, quarters and years are calendar units.
 */
public enum IntervalUnit
{
    NANOSECOND("Nanosecond", 1L),
    MICROSECOND("Microsecond", 1_000L),
    MILLISECOND("Millisecond", 1_000_000L),
    SECOND("Second", 1_000_000_000L),
    MINUTE("Minute", 60_000_000_000L),
    HOUR("Hour", 3_600_000_000_000L),
    DAY("Day", 86_400_000_000_000L),
    WEEK("Week", 604_800_000_000_000L),
    MONTH("Month", 0),
    QUARTER("Quarter", 0),
    YEAR("Year", 0);

    private final String title;
    private final long nanos;

    IntervalUnit(final String title, final long nanos)
    {
        this.title = title;
        this.nanos = nanos;
    }

    /** The unit as ClickHouse's type names spell it: {@code Second} in {@code IntervalSecond}. */
    public String title()
    {
        return title;
    }

    /** Nanoseconds per unit, or 0 for calendar units (month, quarter, year). */
    public long nanos()
    {
        return nanos;
    }

    public boolean isCalendar()
    {
        return nanos == 0;
    }

    /** Sub-second digits needed to represent this unit: 9, 6, 3 or 0. */
    public int subSecondDigits()
    {
        return switch (this)
        {
            case NANOSECOND -> 9;
            case MICROSECOND -> 6;
            case MILLISECOND -> 3;
            default -> 0;
        };
    }

    /** The unit of an upper-case SQL name such as {@code SECOND}, or null. */
    public static IntervalUnit of(final String name)
    {
        for (final IntervalUnit unit : values())
        {
            if (unit.name().equalsIgnoreCase(name))
            {
                return unit;
            }
        }
        return null;
    }
}
