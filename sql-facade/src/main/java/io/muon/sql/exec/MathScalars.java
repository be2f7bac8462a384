package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Vectorized bodies of the math functions: the Float64 functions of one and two arguments (exp, log, sqrt, pow,
 * trigonometry, erf, gamma), the constants e and pi, sign, greatest / least, xor and the random number functions.
 * Rounding, bit operations, gcd / lcm and int_div_or_zero live in {@link MathIntegerScalars}.
 */
final class MathScalars
{
    /** Largest String ClickHouse's random string functions produce. */
    private static final long MAX_RANDOM_STRING = 1L << 30;
    private static final double[] EXP10 = exp10Table();

    private MathScalars()
    {
    }

    private interface UnaryOp
    {
        double apply(double x);
    }

    private interface BinaryOp
    {
        double apply(double x, double y);
    }

    static void register()
    {
        unary(Math::exp, "exp");
        unary(Math::log, "log", "ln");
        unary(MathScalars::log2, "log2");
        unary(Math::log10, "log10");
        unary(x -> Math.pow(2, x), "exp2");
        unary(MathScalars::exp10, "exp10");
        unary(Math::sqrt, "sqrt");
        unary(Math::cbrt, "cbrt");
        unary(Math::sin, "sin");
        unary(Math::cos, "cos");
        unary(Math::tan, "tan");
        unary(Math::asin, "asin");
        unary(Math::acos, "acos");
        unary(Math::atan, "atan");
        unary(Math::sinh, "sinh");
        unary(Math::cosh, "cosh");
        unary(Math::tanh, "tanh");
        unary(SpecialFunctions::erf, "erf");
        unary(SpecialFunctions::erfc, "erfc");
        unary(SpecialFunctions::lgamma, "lgamma");
        unary(SpecialFunctions::tgamma, "tgamma");
        unary(x -> x * (180 / Math.PI), "degrees");
        unary(x -> x * (Math.PI / 180), "radians");
        binary(Math::pow, "pow", "power");
        binary(Math::atan2, "atan2");
        binary(Math::hypot, "hypot");
        Scalars.register((a, rows, result, nulls) -> Constants.repeat(Math.PI, result, rows), "pi");
        Scalars.register((a, rows, result, nulls) -> Constants.repeat(Math.E, result, rows), "e");
        Scalars.register(MathScalars::sign, "sign");
        Scalars.register((a, rows, result, nulls) -> extreme(a, rows, result, true), "greatest");
        Scalars.register((a, rows, result, nulls) -> extreme(a, rows, result, false), "least");
        Scalars.register(MathScalars::xor, "xor");
        registerRandom();
        MathIntegerScalars.register();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Float64 functions

    private static void unary(final UnaryOp op, final String... names)
    {
        Scalars.register((a, rows, result, nulls) ->
        {
            final DoubleVector out = (DoubleVector)Vector.create(result, rows);
            final double[] values = out.values();
            final Vector x = a[0];
            if (x instanceof DoubleVector d)
            {
                final double[] in = d.values();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = op.apply(in[r]);
                }
            }
            else if (x instanceof LongVector l && isPlainSigned(x.type()))
            {
                final long[] in = l.values();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = op.apply(in[r]);
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    values[r] = op.apply(Scalars.getDouble(x, r));
                }
            }
            out.setSize(rows);
            return out;
        }, names);
    }

    private static void binary(final BinaryOp op, final String... names)
    {
        Scalars.register((a, rows, result, nulls) ->
        {
            final DoubleVector out = (DoubleVector)Vector.create(result, rows);
            final double[] values = out.values();
            if (a[0] instanceof DoubleVector x && a[1] instanceof DoubleVector y)
            {
                final double[] xs = x.values();
                final double[] ys = y.values();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = op.apply(xs[r], ys[r]);
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    values[r] = op.apply(Scalars.getDouble(a[0], r), Scalars.getDouble(a[1], r));
                }
            }
            out.setSize(rows);
            return out;
        }, names);
    }

    /** Whether a LongVector of this type holds its values as plain signed numbers (no UInt64, no Decimal scale). */
    static boolean isPlainSigned(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id != TypeId.UINT64 && id != TypeId.DECIMAL && id != TypeId.NOTHING;
    }

    static double log2(final double x)
    {
        if (x > 0 && x < Double.POSITIVE_INFINITY && (Double.doubleToRawLongBits(x) & 0x000FFFFFFFFFFFFFL) == 0 &&
            Math.getExponent(x) >= Double.MIN_EXPONENT)
        {
            return Math.getExponent(x);
        }
        return Math.log(x) / Math.log(2);
    }

    /** 10^x, exact (correctly rounded) for integral x like ClickHouse's preciseExp10. */
    static double exp10(final double x)
    {
        if (x == Math.rint(x) && x >= -350 && x <= 310)
        {
            return EXP10[(int)x + 350];
        }
        return Math.pow(10, x);
    }

    private static double[] exp10Table()
    {
        final double[] table = new double[661];
        for (int i = 0; i < table.length; i++)
        {
            table[i] = Double.parseDouble("1e" + (i - 350));
        }
        return table;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sign, greatest / least, xor

    private static Vector sign(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final Vector x = a[0];
        final TypeId id = x.type().unwrapped().id();
        if (x instanceof LongVector l)
        {
            final long[] in = l.values();
            final boolean unsigned = id == TypeId.UINT64;
            for (int r = 0; r < rows; r++)
            {
                values[r] = unsigned ? (in[r] != 0 ? 1 : 0) : Long.signum(in[r]);
            }
        }
        else if (x instanceof DoubleVector d)
        {
            final double[] in = d.values();
            for (int r = 0; r < rows; r++)
            {
                values[r] = in[r] > 0 ? 1 : in[r] < 0 ? -1 : 0;
            }
        }
        else
        {
            final boolean signed = id != TypeId.UINT128 && id != TypeId.UINT256;
            for (int r = 0; r < rows; r++)
            {
                values[r] = ValueFormatter.Wide.toBigInteger((BytesVector)x, r, signed).signum();
            }
        }
        out.setSize(rows);
        return out;
    }

    /** greatest / least: every argument converted to the result type, then ClickHouse's {@code a > b ? a : b}. */
    private static Vector extreme(final Vector[] a, final int rows, final DataType result, final boolean greatest)
    {
        final DataType plain = result.unwrapped();
        final Vector[] values = new Vector[a.length];
        for (int i = 0; i < a.length; i++)
        {
            values[i] = Conversions.convert(a[i], rows, a[i].type().isNullable() ||
                a[i].type().unwrapped().id() == TypeId.NOTHING ? DataType.nullable(plain) : plain,
                Conversions.Mode.CAST);
        }
        final Vector out = Vector.create(result, rows);
        if (out instanceof DoubleVector d)
        {
            for (int r = 0; r < rows; r++)
            {
                double best = ((DoubleVector)values[0]).get(r);
                for (int i = 1; i < values.length; i++)
                {
                    final double v = ((DoubleVector)values[i]).get(r);
                    best = greatest ? (best > v ? best : v) : (best < v ? best : v);
                }
                d.append(plain.id() == TypeId.FLOAT32 ? (float)best : best);
            }
            return out;
        }
        for (int r = 0; r < rows; r++)
        {
            int best = 0;
            for (int i = 1; i < values.length; i++)
            {
                if (values[i].isNull(r) || values[best].isNull(r))
                {
                    continue;
                }
                final int c = values[best].compareAt(r, values[i], r);
                if (greatest ? c <= 0 : c >= 0)
                {
                    best = i;
                }
            }
            if (values[best] instanceof LongVector l)
            {
                ((LongVector)out).append(l.get(r));
            }
            else
            {
                final BytesVector b = (BytesVector)values[best];
                ((BytesVector)out).append(b.data(), b.start(r), b.length(r));
            }
        }
        return out;
    }

    private static Vector xor(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        for (int r = 0; r < rows; r++)
        {
            int ones = 0;
            for (final Vector v : a)
            {
                ones += !v.isNull(r) && Scalars.getDouble(v, r) != 0 ? 1 : 0;
            }
            values[r] = ones & 1;
        }
        out.setSize(rows);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // random numbers and strings (non-deterministic: never folded into a constant)

    private static void registerRandom()
    {
        Scalars.register((a, rows, result, nulls) -> randomLongs(rows, result, 0xFFFFFFFFL), "rand", "rand32");
        Scalars.register((a, rows, result, nulls) -> randomLongs(rows, result, -1L), "rand64");
        Scalars.register((a, rows, result, nulls) -> randomDoubles(a, rows, result, 0), "rand_uniform");
        Scalars.register((a, rows, result, nulls) -> randomDoubles(a, rows, result, 1), "rand_normal");
        Scalars.register((a, rows, result, nulls) -> randomDoubles(a, rows, result, 2), "rand_log_normal");
        Scalars.register((a, rows, result, nulls) -> randomDoubles(a, rows, result, 3), "rand_exponential");
        Scalars.register(MathScalars::randPoisson, "rand_poisson");
        Scalars.register(MathScalars::randBernoulli, "rand_bernoulli");
        Scalars.register((a, rows, result, nulls) -> randomStrings(a, rows, result, nulls, true),
            "random_printable_ascii");
        Scalars.register((a, rows, result, nulls) -> randomStrings(a, rows, result, nulls, false),
            "random_string", "random_fixed_string");
    }

    private static SplittableRandom random()
    {
        return new SplittableRandom(ThreadLocalRandom.current().nextLong());
    }

    private static Vector randomLongs(final int rows, final DataType result, final long mask)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final SplittableRandom random = random();
        for (int r = 0; r < rows; r++)
        {
            values[r] = random.nextLong() & mask;
        }
        out.setSize(rows);
        return out;
    }

    private static Vector randomDoubles(final Vector[] a, final int rows, final DataType result, final int kind)
    {
        final DoubleVector out = (DoubleVector)Vector.create(result, rows);
        final double[] values = out.values();
        final SplittableRandom random = random();
        for (int r = 0; r < rows; r++)
        {
            final double p = Scalars.getDouble(a[0], r);
            values[r] = switch (kind)
            {
                case 0 -> p + (Scalars.getDouble(a[1], r) - p) * random.nextDouble();
                case 1 -> p + Scalars.getDouble(a[1], r) * gaussian(random);
                case 2 -> Math.exp(p + Scalars.getDouble(a[1], r) * gaussian(random));
                default -> -Math.log(1 - random.nextDouble()) / p;
            };
        }
        out.setSize(rows);
        return out;
    }

    /** A standard normal value (Box-Muller). */
    private static double gaussian(final SplittableRandom random)
    {
        final double u = 1 - random.nextDouble();
        final double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static Vector randPoisson(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final SplittableRandom random = random();
        for (int r = 0; r < rows; r++)
        {
            final double mean = Scalars.getDouble(a[0], r);
            if (!(mean > 0))
            {
                values[r] = 0;
            }
            else if (mean < 30)
            {
                final double limit = Math.exp(-mean);
                long k = 0;
                double product = random.nextDouble();
                while (product > limit)
                {
                    k++;
                    product *= random.nextDouble();
                }
                values[r] = k;
            }
            else
            {
                values[r] = Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
            }
        }
        out.setSize(rows);
        return out;
    }

    private static Vector randBernoulli(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final SplittableRandom random = random();
        for (int r = 0; r < rows; r++)
        {
            final double p = Scalars.getDouble(a[0], r);
            if ((nulls == null || !nulls[r]) && !(p >= 0 && p <= 1))
            {
                throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "Invalid probability " + p + " in function " +
                    "rand_bernoulli: it must be in [0, 1]");
            }
            values[r] = random.nextDouble() < p ? 1 : 0;
        }
        out.setSize(rows);
        return out;
    }

    private static Vector randomStrings(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean printable)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final SplittableRandom random = random();
        final int fixed = result.unwrapped().id() == TypeId.FIXED_STRING ? result.unwrapped().fixedWidth() : -1;
        byte[] buffer = new byte[16];
        for (int r = 0; r < rows; r++)
        {
            final long length = fixed >= 0 ? fixed : nulls != null && nulls[r] ? 0 : Scalars.getLong(a[0], r);
            if (length > MAX_RANDOM_STRING || length < 0 && !printable)
            {
                throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "Too large string size in function " +
                    (printable ? "random_printable_ascii" : "random_string"));
            }
            final int n = (int)Math.max(0, length);
            if (buffer.length < n)
            {
                buffer = new byte[Math.max(n, buffer.length * 2)];
            }
            for (int i = 0; i < n; i++)
            {
                buffer[i] = printable ? (byte)(32 + random.nextInt(95)) : (byte)random.nextInt(256);
            }
            out.append(buffer, 0, n);
        }
        return out;
    }
}
