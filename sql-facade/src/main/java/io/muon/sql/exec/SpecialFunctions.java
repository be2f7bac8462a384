package io.muon.sql.exec;

/**
 * erf, erfc, lgamma and tgamma, which java.lang.Math lacks. erf / erfc follow the rational approximations of Sun's
 * freely distributable fdlibm (as glibc does, so results agree to the last bit); the gamma functions use exact
 * products for small positive integers and a Lanczos approximation (g = 7, 9 terms) elsewhere.
 */
final class SpecialFunctions
{
    private static final double ERX = 8.45062911510467529297e-01;
    private static final double EFX = 1.28379167095512586316e-01;
    private static final double EFX8 = 1.02703333676410069053e+00;
    private static final double[] PP = {1.28379167095512558561e-01, -3.25042107247001499370e-01,
        -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05};
    private static final double[] QQ = {1, 3.97917223959155352819e-01, 6.50222499887672944485e-02,
        5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06};
    private static final double[] PA = {-2.36211856075265944077e-03, 4.14856118683748331666e-01,
        -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01,
        3.54783043256182359371e-02, -2.16637559486879084300e-03};
    private static final double[] QA = {1, 1.06420880400844228286e-01, 5.40397917702171048937e-01,
        7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02,
        1.19844998467991074170e-02};
    private static final double[] RA = {-9.86494403484714822705e-03, -6.93858572707181764372e-01,
        -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02,
        -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00};
    private static final double[] SA = {1, 1.96512716674392571292e+01, 1.37657754143519042600e+02,
        4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02,
        1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02};
    private static final double[] RB = {-9.86494292470009928597e-03, -7.99283237680523006574e-01,
        -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02,
        -1.02509513161107724954e+03, -4.83519191608651397019e+02};
    private static final double[] SB = {1, 3.03380607434824582924e+01, 3.25792512996573918826e+02,
        1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03,
        4.74528541206955367215e+02, -2.24409524465858183362e+01};
    private static final double TINY = 1e-300;

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double HALF_LOG_TWO_PI = 0.9189385332046728;
    private static final double[] FACTORIALS = factorials();

    private SpecialFunctions()
    {
    }

    private static double poly(final double[] c, final double x)
    {
        double v = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--)
        {
            v = c[i] + x * v;
        }
        return v;
    }

    private static int highWord(final double x)
    {
        return (int)(Double.doubleToRawLongBits(x) >>> 32);
    }

    /** exp(-x*x - 0.5625 + R/S) / x for the tail of erf / erfc, split as fdlibm does for accuracy. */
    private static double tail(final double ax, final int ix)
    {
        final double s = 1 / (ax * ax);
        final double ratio = ix < 0x4006DB6E ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
        final double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xFFFFFFFF00000000L);
        return Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + ratio) / ax;
    }

    static double erf(final double x)
    {
        final int hx = highWord(x);
        final int ix = hx & 0x7fffffff;
        if (ix >= 0x7ff00000)
        {
            return Double.isNaN(x) ? x : (x > 0 ? 1 : -1);
        }
        if (ix < 0x3feb0000)
        {
            if (ix < 0x3e300000)
            {
                return ix < 0x00800000 ? 0.125 * (8.0 * x + EFX8 * x) : x + EFX * x;
            }
            final double z = x * x;
            return x + x * (poly(PP, z) / poly(QQ, z));
        }
        if (ix < 0x3ff40000)
        {
            final double s = Math.abs(x) - 1;
            final double pq = poly(PA, s) / poly(QA, s);
            return hx >= 0 ? ERX + pq : -ERX - pq;
        }
        if (ix >= 0x40180000)
        {
            return hx >= 0 ? 1 - TINY : TINY - 1;
        }
        final double r = tail(Math.abs(x), ix);
        return hx >= 0 ? 1 - r : r - 1;
    }

    static double erfc(final double x)
    {
        final int hx = highWord(x);
        final int ix = hx & 0x7fffffff;
        if (ix >= 0x7ff00000)
        {
            return Double.isNaN(x) ? x : (x > 0 ? 0 : 2);
        }
        if (ix < 0x3feb0000)
        {
            if (ix < 0x3c700000)
            {
                return 1 - x;
            }
            final double z = x * x;
            final double y = poly(PP, z) / poly(QQ, z);
            if (hx < 0x3fd00000)
            {
                return 1 - (x + x * y);
            }
            return 0.5 - (x * y + (x - 0.5));
        }
        if (ix < 0x3ff40000)
        {
            final double s = Math.abs(x) - 1;
            final double pq = poly(PA, s) / poly(QA, s);
            return hx >= 0 ? (1 - ERX) - pq : 1 + (ERX + pq);
        }
        if (ix < 0x403c0000)
        {
            if (hx < 0 && ix >= 0x40180000)
            {
                return 2 - TINY;
            }
            final double r = tail(Math.abs(x), ix < 0x4006DB6D ? 0 : 0x4006DB6E);
            return hx > 0 ? r : 2 - r;
        }
        return hx > 0 ? TINY * TINY : 2 - TINY;
    }

    private static double[] factorials()
    {
        final double[] f = new double[171];
        f[0] = 1;
        for (int i = 1; i < f.length; i++)
        {
            f[i] = f[i - 1] * i;
        }
        return f;
    }

    private static double lanczosSum(final double x)
    {
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++)
        {
            sum += LANCZOS[i] / (x + i);
        }
        return sum;
    }

    static double tgamma(final double x)
    {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY)
        {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY)
        {
            return x;
        }
        if (x == 0)
        {
            return 1 / x;
        }
        if (x == Math.rint(x))
        {
            if (x < 0)
            {
                return Double.NaN;
            }
            return x <= 171 ? FACTORIALS[(int)x - 1] : Double.POSITIVE_INFINITY;
        }
        if (x < 0.5)
        {
            return Math.PI / (Math.sin(Math.PI * x) * tgamma(1 - x));
        }
        if (x > 171.7)
        {
            return Double.POSITIVE_INFINITY;
        }
        final double y = x - 1;
        final double t = y + 7.5;
        // t^(y + 0.5) split in two halves so that it does not overflow before exp(-t) scales it down
        final double half = Math.pow(t, (y + 0.5) / 2);
        return Math.sqrt(2 * Math.PI) * half * (half * Math.exp(-t)) * lanczosSum(y);
    }

    static double lgamma(final double x)
    {
        if (Double.isNaN(x))
        {
            return x;
        }
        if (Double.isInfinite(x))
        {
            return Double.POSITIVE_INFINITY;
        }
        if (x == 1 || x == 2)
        {
            return 0;
        }
        if (x <= 0 && x == Math.rint(x))
        {
            return Double.POSITIVE_INFINITY;
        }
        if (x == Math.rint(x) && x <= 171)
        {
            return Math.log(FACTORIALS[(int)x - 1]);
        }
        if (x < 0.5)
        {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
        }
        final double y = x - 1;
        final double t = y + 7.5;
        return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(lanczosSum(y));
    }
}
