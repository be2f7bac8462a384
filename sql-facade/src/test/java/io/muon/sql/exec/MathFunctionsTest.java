package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The math functions: SQL in, ClickHouse's TSV out. */
class MathFunctionsTest extends SqlTestBase
{
    @Test
    void exponentsAndLogarithms()
    {
        assertEquals("2.718281828459045\t1\t2.302585092994046\t3\t3\t1024\t0.1\t1.4142135623730951\t3\t" +
            "3.141592653589793\n", run("SELECT exp(1), log(e()), ln(10), log2(8), log10(1000), exp2(10), exp10(-1), " +
            "sqrt(2), cbrt(27), pi()"));
        assertEquals("nan\t-inf\t1000\t1024\t1.4142135623730951\n",
            run("SELECT sqrt(-1), log(0), exp10(3), pow(2, 10), power(2, 0.5)"));
        assertEquals("\\N\t\\N\t\\N\n", run("SELECT exp(NULL), pow(2, NULL), log(to_nullable(NULL))"));
    }

    @Test
    void trigonometryAndSpecialFunctions()
    {
        assertEquals("0\t1\t0\t1.5707963267948966\t0\t0.7853981633974483\t0\t1\t0\n",
            run("SELECT sin(0), cos(0), tan(0), asin(1), acos(1), atan(1), sinh(0), cosh(0), tanh(0)"));
        assertEquals("0.7853981633974483\t5\t180\t3.141592653589793\n",
            run("SELECT atan2(1, 1), hypot(3, 4), degrees(pi()), radians(180)"));
        assertEquals("0.5204998778130465\t0.4795001221869535\t0\t1\t1\t24\t0\t12.801827480081469\n",
            run("SELECT erf(0.5), erfc(0.5), erf(0), erfc(0), erf(10), tgamma(5), lgamma(1), lgamma(10)"));
    }

    @Test
    void roundingFloats()
    {
        // banker's rounding for floats (nearbyint), half away from zero for integers
        assertEquals("2\t4\t-2\t0\t2.68\t1200\t-0\n",
            run("SELECT round(2.5), round(3.5), round(-2.5), round(0.5), round(2.675, 2), round(1234.5678, -2), " +
                "round(-0.5)"));
        assertEquals("-2\t-1\t-1\t123.45\t123.5\t-120\t1.5\n",
            run("SELECT floor(-1.5), ceil(-1.5), trunc(-1.5), floor(123.456, 2), ceil(123.451, 1), " +
                "truncate(-123.456, -1), ceiling(1.5, 1)"));
        assertEquals("4\t-4\t3.6\t3.6\t10.4\t10.76\n", run("SELECT round_bankers(4.5), round_bankers(-3.5), " +
            "round_bankers(3.55, 1), round_bankers(3.65, 1), round_bankers(10.35, 1), round_bankers(10.755, 2)"));
        assertEquals("1.2\t2\tFloat32\t1\n", run("SELECT round(to_float32(1.25), 1), floor(to_float32(2.7)), " +
            "to_type_name(round(to_float32(1.1))), round(to_float32(1.05), 1)"));
    }

    @Test
    void roundingIntegersAndDecimals()
    {
        assertEquals("20\t-20\t10\t-10\t0\t1\t0\n", run("SELECT round(15, -1), round(-15, -1), round(14, -1), " +
            "round(-14, -1), round(4, -1), round(1, 30), round(100, -30)"));
        assertEquals("20\t-20\t40\t-20\t-10\t20\n", run("SELECT round_bankers(25, -1), round_bankers(-25, -1), " +
            "round_bankers(35, -1), floor(-15, -1), ceil(-15, -1), ceil(15, -1)"));
        assertEquals("18446744073709551610\tUInt64\n", run("SELECT floor(to_uint64(18446744073709551615), -1), " +
            "to_type_name(floor(to_uint64(18446744073709551615), -1))"));
        assertEquals("1.2300\t-1.3000\t-1.30\t1.30\t-1.20\t1.20\n", run("SELECT round(to_decimal32(1.2345, 4), 2), " +
            "floor(to_decimal64(-1.2345, 4), 1), round(to_decimal128('-1.25', 2), 1), " +
            "round(to_decimal64('1.25', 2), 1), round_bankers(to_decimal64('-1.25', 2), 1), " +
            "round_bankers(to_decimal64('1.25', 2), 1)"));
        assertEquals("\\N\n", run("SELECT round(NULL, 2)"));
        fails("SELECT round(1.5, 40000)", 69, "Scale argument for rounding function is too large");
    }

    @Test
    void signGreatestLeastXor()
    {
        assertEquals("-1\t0\t1\t1\t-1\tInt8\n", run("SELECT sign(-5), sign(0), sign(2.5), " +
            "sign(to_uint64(18446744073709551615)), sign(-0.1), to_type_name(sign(1))"));
        assertEquals("2.5\t-1\t18446744073709551615\t-1\t1.5\t\\N\n", run("SELECT greatest(1, 2.5, -1), " +
            "least(1, 2.5, -1), greatest(to_uint64(18446744073709551615), 1), least(-1, to_uint8(3)), " +
            "greatest(to_float32(1.5), to_float32(0.1)), greatest(1, NULL)"));
        assertEquals("1\t0\t1\t\\N\n", run("SELECT xor(1, 0), xor(1, 1), xor(1, 1, 1), xor(0, NULL)"));
    }

    @Test
    void bitsGcdLcmAndIntDivOrZero()
    {
        assertEquals("8\t14\t6\t255\t250\t8\t-4\t254\t1\t0\n", run("SELECT bit_and(12, 10), bit_or(12, 10), " +
            "bit_xor(12, 10), bit_not(to_uint8(0)), bit_not(5), bit_shift_left(1, 3), bit_shift_right(-16, 2), " +
            "bit_shift_left(to_uint8(255), 1), bit_shift_right(to_uint64(18446744073709551615), 63), " +
            "bit_shift_left(to_int8(1), 8)"));
        fails("SELECT bit_shift_left(1, 65)", 69, "number of shift positions");
        assertEquals("6\t12\t6\t0\t0\tUInt16\n",
            run("SELECT gcd(12, 18), lcm(4, 6), gcd(-12, 18), lcm(0, 5), gcd(0, 0), to_type_name(gcd(12, 18))"));
        assertEquals("3\t0\t-3\t0\t9223372036854775807\n", run("SELECT int_div_or_zero(7, 2), int_div_or_zero(7, 0), " +
            "int_div_or_zero(-7, 2), int_div_or_zero(7.5, 0), int_div_or_zero(to_uint64(18446744073709551615), 2)"));
    }

    @Test
    void randomFunctionsStayInRange()
    {
        assertEquals("1\t1\t1\t7\t5\t1\n", run("SELECT rand() <= 4294967295, rand_uniform(5, 10) BETWEEN 5 AND 10, " +
            "rand_bernoulli(1), length(random_string(7)), length(random_printable_ascii(5)), " +
            "rand_exponential(1) >= 0"));
        assertEquals("0\n", run("SELECT rand_bernoulli(0)"));
        fails("SELECT rand_bernoulli(2)", 36, "Invalid probability");
    }

    @Test
    void functionsOverAStream()
    {
        run("CREATE STREAM m (id uint32, x float64, f float32, i int32, n nullable(float64))");
        run("INSERT INTO m (id, x, f, i, n) VALUES (1, 2.5, 1.25, -15, NULL), (2, -0.5, 2.5, 25, 4), " +
            "(3, 100, -1.5, 7, 0.25)");
        assertEquals("1\t2\t0\t1.2\t-20\t-20\t\\N\t-1\t2.5\t1\t5\n" +
                "2\t-0\t-10\t2.5\t30\t20\t2\t1\t25\t1\t5\n" +
                "3\t100\t100\t-1.5\t10\t10\t0.5\t1\t100\t3\t1\n",
            run("SELECT id, round(x), floor(x, -1), round(f, 1), round(i, -1), round_bankers(i, -1), sqrt(n), " +
                "sign(i), greatest(x, i), bit_and(i, 3), gcd(i, 10) FROM table(m) ORDER BY id"));
        assertEquals("1\t0.5984721441039564\t-0.2\n2\t-0.479425538604203\t2.2\n3\t-0.5063656411097588\t50.7\n",
            run("SELECT id, sin(x), round(x / 2 + i / 10, 1) FROM table(m) ORDER BY id"));
    }
}
