package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.type.TypeParser;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proton's {@code random_in_type(type[, max][, x -> expression])}: per row, a random unsigned 64-bit number {@code x}
 * (below {@code max} when given), either handed to the lambda (the result is the lambda's) or made a value of
 * {@code type}: integers, IPv4 and Bool take its low bits (so they cover the whole type), dates and times are that many
 * days, seconds or ticks after the epoch within the type's range, Float32/64 are uniform in [0, max) or [0, 1),
 * Decimals have that many units of their scale (below 10^precision), Strings are printable ASCII of that length
 * (below 16 without a max), and wide integers, FixedStrings, UUIDs (version 4) and IPv6 are random bytes unless a
 * max bounds them. Owned by the thread that evaluates the query.
 */
final class RandomInTypeEvaluator implements Evaluator
{
    private static final int UNBOUNDED_STRING_LENGTH = 16;
    private static final long DATE32_FIRST_DAY = -25_567;
    private static final long DATE32_DAYS = 146_097;

    private final DataType result;
    private final DataType target;
    /** The exclusive bound of the random numbers (unsigned), or 0 for the whole 64-bit range. */
    private final long max;
    private final Evaluator body;
    private final int[] outerColumns;
    private final LongVector numbers = (LongVector)Vector.create(DataType.UINT64, Batch.DEFAULT_ROWS);

    RandomInTypeEvaluator(final ExpressionCompiler compiler, final TypedExpr.Call call)
    {
        this.result = call.type();
        final int count = call.arguments().size();
        final TypedExpr last = call.arguments().get(count - 1);
        final TypedExpr.Lambda lambda = last instanceof TypedExpr.Lambda l ? l : null;
        final int maxIndex = count - (lambda == null ? 1 : 2);
        this.max = maxIndex >= 1 ? bound(call.arguments().get(maxIndex)) : 0;
        this.target = lambda == null ? TypeParser.parse(constantText(call.arguments().get(0))) : null;
        if (lambda == null)
        {
            outerColumns = new int[0];
            body = null;
            checkSupported(target.unwrapped());
            return;
        }
        final Map<Integer, Integer> outer = new LinkedHashMap<>();
        HigherOrderEvaluator.collectColumns(lambda.body(), outer);
        outerColumns = outer.keySet().stream().mapToInt(Integer::intValue).toArray();
        body = compiler.compile(HigherOrderEvaluator.rewrite(lambda.body(), 0, outer, outer.size()));
    }

    private static String constantText(final TypedExpr e)
    {
        if (e instanceof TypedExpr.Constant c && c.value() instanceof String s)
        {
            return s;
        }
        throw new MuonException(ErrorCodes.ILLEGAL_COLUMN, "The first argument of random_in_type must be a constant " +
            "type name");
    }

    private static long bound(final TypedExpr e)
    {
        final Object value = e instanceof TypedExpr.Constant c ? c.value() : null;
        final long bound = value instanceof Long l ? l : value instanceof BigInteger b && b.signum() > 0 &&
            b.bitLength() <= 64 ? b.longValue() : 0;
        if (bound == 0)
        {
            throw new MuonException(ErrorCodes.BAD_ARGUMENTS, "The max value of random_in_type must be a positive " +
                "integer constant up to 18446744073709551615");
        }
        return bound;
    }

    private static void checkSupported(final DataType type)
    {
        switch (type.id())
        {
            case ARRAY, MAP, TUPLE, ENUM8, ENUM16, NOTHING, INTERVAL -> throw new MuonException(
                ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "random_in_type does not generate values of type " +
                type.clickHouseName());
            default ->
            {
            }
        }
    }

    @Override
    public Vector evaluate(final Batch input)
    {
        final int rows = input.rows();
        final SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
        numbers.reset();
        numbers.ensureCapacity(rows);
        final long[] values = numbers.values();
        for (int r = 0; r < rows; r++)
        {
            values[r] = max == 0 ? random.nextLong() : unsignedBelow(random, max);
        }
        numbers.setSize(rows);
        if (body != null)
        {
            final Vector[] columns = new Vector[outerColumns.length + 1];
            for (int c = 0; c < outerColumns.length; c++)
            {
                columns[c] = input.column(outerColumns[c]);
            }
            columns[outerColumns.length] = numbers;
            return body.evaluate(new Batch(columns, rows));
        }
        return values(values, rows, random);
    }

    /** Uniform in [0, bound) for an unsigned bound. */
    private static long unsignedBelow(final SplittableRandom random, final long bound)
    {
        if (bound > 0)
        {
            return random.nextLong(bound);
        }
        long v;
        do
        {
            v = random.nextLong();
        }
        while (Long.compareUnsigned(v, bound) >= 0);
        return v;
    }

    private Vector values(final long[] x, final int rows, final SplittableRandom random)
    {
        final DataType type = target.unwrapped();
        final Vector out = Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            switch (type.id())
            {
                case FLOAT32, FLOAT64 ->
                {
                    final double unit = random.nextDouble();
                    final double bound = max == 0 ? 1 : max >= 0 ? max : (max >>> 1) * 2.0;
                    ((DoubleVector)out).append(type.id() == TypeId.FLOAT32 ? (float)(unit * bound) : unit * bound);
                }
                case BOOL -> ((LongVector)out).append(x[r] & 1);
                case DATE -> ((LongVector)out).append(max == 0 ? x[r] & 0xFFFF : x[r]);
                case DATE32 -> ((LongVector)out).append(max == 0 ? DATE32_FIRST_DAY + Long.remainderUnsigned(x[r],
                    DATE32_DAYS) : x[r]);
                case DATETIME -> ((LongVector)out).append(max == 0 ? x[r] & 0xFFFFFFFFL : x[r]);
                case DATETIME64 -> ((LongVector)out).append(max == 0 ? Long.remainderUnsigned(x[r],
                    (1L << 32) * ValueFormatter.pow10(type.precision())) : x[r]);
                case DECIMAL -> decimal(out, type, x[r], random);
                case STRING -> ((BytesVector)out).append(printable(random, max == 0 ?
                    (int)Long.remainderUnsigned(x[r], UNBOUNDED_STRING_LENGTH) : (int)Math.min(x[r], 1 << 20)));
                case FIXED_STRING, UUID, IPV6, INT128, INT256, UINT128, UINT256 ->
                    ((BytesVector)out).append(bytes(type, x[r], random));
                default -> ((LongVector)out).append(Conversions.wrap(x[r], type));
            }
        }
        return out;
    }

    private void decimal(final Vector out, final DataType type, final long x, final SplittableRandom random)
    {
        final BigInteger limit = BigInteger.TEN.pow(type.precision());
        final BigInteger units = max == 0 ? new BigInteger(Long.toUnsignedString(x)).mod(limit) :
            new BigInteger(Long.toUnsignedString(x)).multiply(BigInteger.TEN.pow(type.scale()))
                .add(BigInteger.valueOf(random.nextLong(ValueFormatter.pow10(Math.min(type.scale(), 18)))))
                .min(limit.subtract(BigInteger.ONE));
        if (out instanceof LongVector longs)
        {
            longs.append(units.longValue());
        }
        else
        {
            ((BytesVector)out).append(ValueFormatter.Wide.toBytes(units, type.fixedWidth()));
        }
    }

    private byte[] bytes(final DataType type, final long x, final SplittableRandom random)
    {
        final int width = type.id() == TypeId.FIXED_STRING ? type.precision() : type.fixedWidth();
        final byte[] b = new byte[width];
        if (max != 0 && type.id() != TypeId.FIXED_STRING)
        {
            // the bounded number, little-endian, in a value of the type
            for (int i = 0; i < 8; i++)
            {
                b[type.id() == TypeId.IPV6 || type.id() == TypeId.UUID ? width - 1 - i : i] = (byte)(x >>> (8 * i));
            }
            return b;
        }
        random.nextBytes(b);
        if (type.id() == TypeId.UUID)
        {
            // version 4, variant 1, in ClickHouse's layout of two little-endian halves
            b[1] = (byte)(b[1] & 0x0F | 0x40);
            b[15] = (byte)(b[15] & 0x3F | 0x80);
        }
        return b;
    }

    private static byte[] printable(final SplittableRandom random, final int length)
    {
        final byte[] text = new byte[length];
        for (int i = 0; i < length; i++)
        {
            text[i] = (byte)(32 + random.nextInt(95));
        }
        return text;
    }
}
