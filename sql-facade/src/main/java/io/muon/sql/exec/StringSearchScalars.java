package io.muon.sql.exec;

/** Vectorized bodies of the string search, regular expressions and string manipulation beyond the core. */
final class StringSearchScalars
{
    private StringSearchScalars()
    {
    }

    static void register()
    {
    }
}
