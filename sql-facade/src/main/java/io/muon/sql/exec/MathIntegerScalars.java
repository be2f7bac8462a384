package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.math.BigInteger;

/**
 * Vectorized bodies of the math functions that keep the argument's type: floor / ceil / round / trunc /
 * round_bankers with ClickHouse's optional precision N (N > 0 digits after the point, N < 0 zeros before it; floats
 * scale, round and scale back in their own width, integers and decimals round exactly), the bit operations, gcd /
 * lcm and int_div_or_zero. Part of the math family; registered by {@link MathScalars#register()}.
 */
final class MathIntegerScalars
{
    private static final int FLOOR = 0;
    private static final int CEIL = 1;
    private static final int ROUND = 2;
    private static final int TRUNC = 3;
    private static final int BANKERS = 4;

    private MathIntegerScalars()
    {
    }

    private interface LongOp
    {
        long apply(long a, long b);
    }

    private interface BigOp
    {
        BigInteger apply(BigInteger a, BigInteger b);
    }

    static void register()
    {
        Scalars.register((a, rows, result, nulls) -> round(a, rows, result, nulls, FLOOR), "floor");
        Scalars.register((a, rows, result, nulls) -> round(a, rows, result, nulls, CEIL), "ceil");
        Scalars.register((a, rows, result, nulls) -> round(a, rows, result, nulls, ROUND), "round");
        Scalars.register((a, rows, result, nulls) -> round(a, rows, result, nulls, TRUNC), "trunc");
        Scalars.register((a, rows, result, nulls) -> round(a, rows, result, nulls, BANKERS), "round_bankers");
        Scalars.register(bitwise((x, y) -> x & y, BigInteger::and), "bit_and");
        Scalars.register(bitwise((x, y) -> x | y, BigInteger::or), "bit_or");
        Scalars.register(bitwise((x, y) -> x ^ y, BigInteger::xor), "bit_xor");
        Scalars.register(MathIntegerScalars::bitNot, "bit_not");
        Scalars.register((a, rows, result, nulls) -> shift(a, rows, result, nulls, true), "bit_shift_left");
        Scalars.register((a, rows, result, nulls) -> shift(a, rows, result, nulls, false), "bit_shift_right");
        Scalars.register((a, rows, result, nulls) -> gcdLcm(a, rows, result, nulls, false), "gcd");
        Scalars.register((a, rows, result, nulls) -> gcdLcm(a, rows, result, nulls, true), "lcm");
        Scalars.register(MathIntegerScalars::intDivOrZero, "int_div_or_zero");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // rounding

    /** ClickHouse's intExp10: 10^n for 0..19, 0 below, UInt64's maximum (as bits) above. */
    private static long intExp10(final int n)
    {
        if (n < 0)
        {
            return 0;
        }
        if (n > 19)
        {
            return -1L;
        }
        long p = 1;
        for (int i = 0; i < n; i++)
        {
            p *= 10;
        }
        return p;
    }

    private static double unsignedToDouble(final long v)
    {
        return v >= 0 ? v : (double)(v >>> 1) * 2.0 + (v & 1);
    }

    private static int scaleArgument(final Vector[] a, final int row, final boolean[] nulls)
    {
        if (a.length < 2 || nulls != null && nulls[row])
        {
            return 0;
        }
        final long n = Scalars.getLong(a[1], row);
        final boolean unsigned = a[1] instanceof LongVector l && l.isUnsigned();
        if (n > Short.MAX_VALUE || n < Short.MIN_VALUE || unsigned && n < 0)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Scale argument for rounding function is too " +
                "large");
        }
        return (int)n;
    }

    private static Vector round(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final int mode)
    {
        final DataType type = result.unwrapped();
        final Vector x = a[0];
        final Vector out = Vector.create(result, rows);
        if (out instanceof DoubleVector d)
        {
            final boolean float32 = type.id() == TypeId.FLOAT32;
            final double[] values = d.values();
            for (int r = 0; r < rows; r++)
            {
                final int n = scaleArgument(a, r, nulls);
                final double v = Scalars.getDouble(x, r);
                values[r] = float32 ? roundFloat((float)v, n, mode) : roundDouble(v, n, mode);
            }
            d.setSize(rows);
            return d;
        }
        final boolean decimal = type.id() == TypeId.DECIMAL;
        if (out instanceof LongVector l)
        {
            final long[] values = l.values();
            final LongVector in = (LongVector)x;
            final boolean unsigned = type.id() == TypeId.UINT64;
            for (int r = 0; r < rows; r++)
            {
                final int n = scaleArgument(a, r, nulls);
                final long v = in.get(r);
                if (decimal)
                {
                    final int digits = type.scale() - n;
                    values[r] = digits <= 0 ? v : digits > 18 ? 0 : roundLong(v, intExp10(digits), mode, type, false);
                }
                else if (n >= 0)
                {
                    values[r] = v;
                }
                else
                {
                    final long scale = intExp10(-n);
                    values[r] = !unsigned && (scale < 0 || scale > maxOf(type)) ? 0 :
                        roundLong(v, scale, mode, type, unsigned);
                }
            }
            l.setSize(rows);
            return l;
        }
        final BytesVector in = (BytesVector)x;
        final BytesVector bytes = (BytesVector)out;
        final boolean signed = type.id() != TypeId.UINT128 && type.id() != TypeId.UINT256;
        for (int r = 0; r < rows; r++)
        {
            final int n = scaleArgument(a, r, nulls);
            final int digits = decimal ? type.scale() - n : -n;
            final BigInteger v = ValueFormatter.Wide.toBigInteger(in, r, signed);
            final BigInteger rounded = digits <= 0 ? v : roundBig(v, BigInteger.TEN.pow(digits), mode);
            bytes.append(ValueFormatter.Wide.toBytes(rounded, type.fixedWidth()));
        }
        return bytes;
    }

    private static long maxOf(final DataType type)
    {
        return switch (type.id())
        {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8, BOOL -> 0xFF;
            case INT16 -> Short.MAX_VALUE;
            case UINT16, DATE -> 0xFFFF;
            case INT32, DATE32 -> Integer.MAX_VALUE;
            case UINT32, DATETIME -> 0xFFFFFFFFL;
            default -> Long.MAX_VALUE;
        };
    }

    private static double apply(final double v, final int mode)
    {
        return switch (mode)
        {
            case FLOOR -> Math.floor(v);
            case CEIL -> Math.ceil(v);
            case TRUNC -> v < 0 ? Math.ceil(v) : Math.floor(v);
            default -> Math.rint(v);
        };
    }

    static double roundDouble(final double v, final int n, final int mode)
    {
        if (n == 0)
        {
            return apply(v, mode);
        }
        final double scale = unsignedToDouble(intExp10(Math.abs(n)));
        return n > 0 ? apply(v * scale, mode) / scale : apply(v / scale, mode) * scale;
    }

    static float roundFloat(final float v, final int n, final int mode)
    {
        if (n == 0)
        {
            return (float)apply(v, mode);
        }
        final float scale = (float)unsignedToDouble(intExp10(Math.abs(n)));
        return n > 0 ? (float)apply(v * scale, mode) / scale : (float)apply(v / scale, mode) * scale;
    }

    /** ClickHouse's integer rounding to a multiple of {@code scale}, wrapping in the type as its C++ does. */
    private static long roundLong(final long value, final long scale, final int mode, final DataType type,
        final boolean unsigned)
    {
        long x = value;
        switch (mode)
        {
            case TRUNC:
                return Conversions.wrap(div(x, scale, unsigned) * scale, type);
            case FLOOR:
                if (x < 0 && !unsigned)
                {
                    x = Conversions.wrap(x - (scale - 1), type);
                }
                return Conversions.wrap(div(x, scale, unsigned) * scale, type);
            case CEIL:
                if (x >= 0 || unsigned)
                {
                    x = Conversions.wrap(x + (scale - 1), type);
                }
                return Conversions.wrap(div(x, scale, unsigned) * scale, type);
            case ROUND:
                if (x < 0 && !unsigned)
                {
                    x = Conversions.wrap(x - scale, type);
                }
                return Conversions.wrap(div(x + (scale >>> 1), scale, unsigned) * scale, type);
            default:
            {
                if (x < 0 && !unsigned)
                {
                    x = Conversions.wrap(x - scale, type);
                }
                final long half = x + (scale >>> 1);
                final long quotient = div(half, scale, unsigned);
                if (quotient * scale == half)
                {
                    return Conversions.wrap(((quotient + (x < 0 && !unsigned ? 1 : 0)) & ~1L) * scale, type);
                }
                return Conversions.wrap(quotient * scale, type);
            }
        }
    }

    private static long div(final long x, final long scale, final boolean unsigned)
    {
        return unsigned ? Long.divideUnsigned(x, scale) : x / scale;
    }

    private static BigInteger roundBig(final BigInteger value, final BigInteger scale, final int mode)
    {
        BigInteger x = value;
        final boolean negative = x.signum() < 0;
        switch (mode)
        {
            case TRUNC:
                return x.divide(scale).multiply(scale);
            case FLOOR:
                if (negative)
                {
                    x = x.subtract(scale).add(BigInteger.ONE);
                }
                return x.divide(scale).multiply(scale);
            case CEIL:
                if (!negative)
                {
                    x = x.add(scale).subtract(BigInteger.ONE);
                }
                return x.divide(scale).multiply(scale);
            case ROUND:
                if (negative)
                {
                    x = x.subtract(scale);
                }
                return x.add(scale.shiftRight(1)).divide(scale).multiply(scale);
            default:
            {
                if (negative)
                {
                    x = x.subtract(scale);
                }
                final BigInteger half = x.add(scale.shiftRight(1));
                final BigInteger quotient = half.divide(scale);
                if (quotient.multiply(scale).equals(half))
                {
                    final BigInteger q = negative ? quotient.add(BigInteger.ONE) : quotient;
                    return q.clearBit(0).multiply(scale);
                }
                return quotient.multiply(scale);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // bit operations

    private static boolean isWide(final Vector v)
    {
        return v instanceof BytesVector;
    }

    private static BigInteger big(final Vector v, final int row)
    {
        if (v instanceof LongVector l)
        {
            final long x = l.get(row);
            return l.isUnsigned() && x < 0 ? BigInteger.valueOf(x).add(BigInteger.ONE.shiftLeft(64)) :
                BigInteger.valueOf(x);
        }
        final TypeId id = v.type().unwrapped().id();
        return ValueFormatter.Wide.toBigInteger((BytesVector)v, row, id != TypeId.UINT128 && id != TypeId.UINT256);
    }

    /** Appends a wide integer into a wide result, keeping its low bits (two's complement wrap). */
    private static void appendWide(final BytesVector out, final BigInteger value, final DataType type)
    {
        out.append(ValueFormatter.Wide.toBytes(value, type.fixedWidth()));
    }

    private static ScalarFunction bitwise(final LongOp longs, final BigOp bigs)
    {
        return (a, rows, result, nulls) ->
        {
            final DataType type = result.unwrapped();
            final Vector out = Vector.create(result, rows);
            if (out instanceof BytesVector wide)
            {
                for (int r = 0; r < rows; r++)
                {
                    appendWide(wide, bigs.apply(big(a[0], r), big(a[1], r)), type);
                }
                return out;
            }
            final LongVector l = (LongVector)out;
            final long[] values = l.values();
            if (a[0] instanceof LongVector x && a[1] instanceof LongVector y)
            {
                final long[] xs = x.values();
                final long[] ys = y.values();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = Conversions.wrap(longs.apply(xs[r], ys[r]), type);
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    values[r] = Conversions.wrap(longs.apply(Scalars.getLong(a[0], r), Scalars.getLong(a[1], r)), type);
                }
            }
            l.setSize(rows);
            return l;
        };
    }

    private static Vector bitNot(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = result.unwrapped();
        final Vector out = Vector.create(result, rows);
        if (out instanceof BytesVector wide)
        {
            for (int r = 0; r < rows; r++)
            {
                appendWide(wide, big(a[0], r).not(), type);
            }
            return out;
        }
        final LongVector l = (LongVector)out;
        final long[] values = l.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = Conversions.wrap(~Scalars.getLong(a[0], r), type);
        }
        l.setSize(rows);
        return l;
    }

    private static Vector shift(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean left)
    {
        final DataType type = result.unwrapped();
        final int bits = type.fixedWidth() * 8;
        final Vector out = Vector.create(result, rows);
        final boolean signed = type.id().isSignedInteger();
        for (int r = 0; r < rows; r++)
        {
            final boolean isNull = nulls != null && nulls[r];
            final long b = isNull ? 0 : Scalars.getLong(a[1], r);
            if (b < 0 || b > bits)
            {
                throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "The number of shift positions needs to " +
                    "be a non-negative value and less or equal to the bit width of the value to shift");
            }
            if (out instanceof BytesVector wide)
            {
                final BigInteger x = big(a[0], r);
                appendWide(wide, left ? x.shiftLeft((int)b) : x.shiftRight((int)b), type);
                continue;
            }
            final long x = Scalars.getLong(a[0], r);
            final long v;
            if (b >= 64)
            {
                v = left || !signed || x >= 0 ? 0 : -1;
            }
            else if (left)
            {
                v = x << b;
            }
            else
            {
                v = signed ? x >> b : x >>> b;
            }
            ((LongVector)out).append(Conversions.wrap(v, type));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // gcd, lcm, int_div_or_zero

    private static Vector gcdLcm(final Vector[] a, final int rows, final DataType result, final boolean[] nulls,
        final boolean lcm)
    {
        final DataType type = result.unwrapped();
        final Vector out = Vector.create(result, rows);
        final boolean wide = out instanceof BytesVector || isWide(a[0]) || isWide(a[1]) ||
            type.id() == TypeId.UINT64;
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                out.appendNull();
                continue;
            }
            if (wide)
            {
                final BigInteger x = big(a[0], r).abs();
                final BigInteger y = big(a[1], r).abs();
                final BigInteger g = x.gcd(y);
                final BigInteger v = !lcm ? g : g.signum() == 0 ? BigInteger.ZERO : x.divide(g).multiply(y);
                if (out instanceof BytesVector b)
                {
                    appendWide(b, v, type);
                }
                else
                {
                    ((LongVector)out).append(Conversions.wrap(v.longValue(), type));
                }
                continue;
            }
            final long x = Scalars.getLong(a[0], r);
            final long y = Scalars.getLong(a[1], r);
            if (x == Long.MIN_VALUE && y == -1 || y == Long.MIN_VALUE && x == -1)
            {
                throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division of minimal signed number by minus " +
                    "one in function " + (lcm ? "lcm" : "gcd"));
            }
            final long p = Math.abs(x);
            final long q = Math.abs(y);
            final long g = gcd(p, q);
            final long v = !lcm ? g : g == 0 ? 0 : p / g * q;
            ((LongVector)out).append(Conversions.wrap(v, type));
        }
        return out;
    }

    private static long gcd(final long x, final long y)
    {
        long p = x;
        long q = y;
        while (q != 0)
        {
            final long t = Long.remainderUnsigned(p, q);
            p = q;
            q = t;
        }
        return p;
    }

    private static Vector intDivOrZero(final Vector[] a, final int rows, final DataType result, final boolean[] nulls)
    {
        final DataType type = result.unwrapped();
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long[] values = out.values();
        final boolean unsigned = a[0] instanceof LongVector l && l.isUnsigned() ||
            a[1] instanceof LongVector m && m.isUnsigned();
        final boolean floats = a[0] instanceof DoubleVector || a[1] instanceof DoubleVector ||
            !(a[0] instanceof LongVector) || !(a[1] instanceof LongVector) ||
            a[0].type().unwrapped().id() == TypeId.DECIMAL || a[1].type().unwrapped().id() == TypeId.DECIMAL;
        for (int r = 0; r < rows; r++)
        {
            if (floats)
            {
                final double q = Scalars.getDouble(a[1], r);
                final double v = q == 0 ? 0 : Scalars.getDouble(a[0], r) / q;
                values[r] = Double.isFinite(v) ? Conversions.wrap((long)v, type) : 0;
                continue;
            }
            final long p = Scalars.getLong(a[0], r);
            final long q = Scalars.getLong(a[1], r);
            if (q == 0 || !unsigned && p == Long.MIN_VALUE && q == -1)
            {
                values[r] = 0;
            }
            else if (unsigned && (p < 0 && isUnsigned(a[0]) || q < 0 && isUnsigned(a[1])))
            {
                values[r] = Conversions.wrap(big(a[0], r).divide(big(a[1], r)).longValue(), type);
            }
            else
            {
                values[r] = Conversions.wrap(p / q, type);
            }
        }
        out.setSize(rows);
        return out;
    }

    private static boolean isUnsigned(final Vector v)
    {
        return v instanceof LongVector l && l.isUnsigned();
    }
}
