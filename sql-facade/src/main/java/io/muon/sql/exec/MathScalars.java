package io.muon.sql.exec;

/** Vectorized bodies of the math functions (exp, log, sqrt, pow, round, floor, ceil, trigonometry, e, pi). */
final class MathScalars
{
    private MathScalars()
    {
    }

    static void register()
    {
    }
}
