package io.muon.sql.exec;

/** Vectorized bodies of the URL functions. */
final class UrlScalars
{
    private UrlScalars()
    {
    }

    static void register()
    {
    }
}
