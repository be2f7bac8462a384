package io.muon.sql.exec;

/** Vectorized bodies of the date and time functions beyond the core (date_diff, date_add, format_datetime, to_start_of_interval). */
final class DateScalars
{
    private DateScalars()
    {
    }

    static void register()
    {
    }
}
