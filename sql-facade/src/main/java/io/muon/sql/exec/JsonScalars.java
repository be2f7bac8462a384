package io.muon.sql.exec;

/** Vectorized bodies of the JSON extraction functions. */
final class JsonScalars
{
    private JsonScalars()
    {
    }

    static void register()
    {
    }
}
