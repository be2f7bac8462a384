package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.IntervalUnit;
import io.muon.kernel.type.TypeId;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse's typing rules: the types of literals, the result types of arithmetic (integer promotion to the next
 * size, signed results of subtraction and negation, Float64 for division), the least common supertype of several
 * types (if/multiIf branches, array elements, UNION columns) and Nullable propagation.
 */
public final class TypeRules
{
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger UINT128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private TypeRules()
    {
    }

    /** The smallest type of an integer literal: UInt8…UInt256 for non-negative values, Int8…Int256 for negative. */
    public static DataType integerLiteral(final BigInteger value)
    {
        if (value.signum() >= 0)
        {
            if (value.compareTo(BigInteger.valueOf(0xFF)) <= 0)
            {
                return DataType.UINT8;
            }
            if (value.compareTo(BigInteger.valueOf(0xFFFF)) <= 0)
            {
                return DataType.UINT16;
            }
            if (value.compareTo(BigInteger.valueOf(0xFFFF_FFFFL)) <= 0)
            {
                return DataType.UINT32;
            }
            if (value.compareTo(UINT64_MAX) <= 0)
            {
                return DataType.UINT64;
            }
            if (value.compareTo(UINT128_MAX) <= 0)
            {
                return DataType.UINT128;
            }
            if (value.compareTo(UINT256_MAX) <= 0)
            {
                return DataType.UINT256;
            }
            return DataType.FLOAT64;
        }
        final int bits = value.bitLength() + 1;
        if (bits <= 8)
        {
            return DataType.INT8;
        }
        if (bits <= 16)
        {
            return DataType.INT16;
        }
        if (bits <= 32)
        {
            return DataType.INT32;
        }
        if (bits <= 64)
        {
            return DataType.INT64;
        }
        if (bits <= 128)
        {
            return DataType.INT128;
        }
        return bits <= 256 ? DataType.INT256 : DataType.FLOAT64;
    }

    /** The integer type of the given signedness and size in bytes (1…32). */
    public static DataType integer(final boolean signed, final int bytes)
    {
        return switch (bytes)
        {
            case 1 -> signed ? DataType.INT8 : DataType.UINT8;
            case 2 -> signed ? DataType.INT16 : DataType.UINT16;
            case 4 -> signed ? DataType.INT32 : DataType.UINT32;
            case 8 -> signed ? DataType.INT64 : DataType.UINT64;
            case 16 -> signed ? DataType.INT128 : DataType.UINT128;
            default -> signed ? DataType.INT256 : DataType.UINT256;
        };
    }

    /** Bytes of an integer, Bool or float type. */
    static int size(final DataType type)
    {
        return type.id() == TypeId.BOOL ? 1 : type.id().width();
    }

    private static int nextSize(final int size)
    {
        return size < 8 ? size * 2 : size;
    }

    static boolean isIntegerLike(final DataType type)
    {
        return type.id().isInteger() || type.id() == TypeId.BOOL;
    }

    static boolean isNumeric(final DataType type)
    {
        return type.id().isNumber() || type.id() == TypeId.BOOL;
    }

    private static boolean signed(final DataType type)
    {
        return type.id().isSignedInteger() || type.id().isFloat() || type.id() == TypeId.DECIMAL;
    }

    /** plus and multiply: Float64 if either is a float, else an integer one size up, signed if either is. */
    public static DataType additive(final String function, final DataType a, final DataType b)
    {
        if (a.id() == TypeId.DECIMAL || b.id() == TypeId.DECIMAL)
        {
            return decimalArithmetic(function, a, b);
        }
        if (a.id().isFloat() || b.id().isFloat())
        {
            return DataType.FLOAT64;
        }
        return integer(signed(a) || signed(b), nextSize(Math.max(size(a), size(b))));
    }

    /** minus: like plus but always signed. */
    public static DataType subtraction(final DataType a, final DataType b)
    {
        if (a.id() == TypeId.DECIMAL || b.id() == TypeId.DECIMAL)
        {
            return decimalArithmetic("minus", a, b);
        }
        if (a.id().isFloat() || b.id().isFloat())
        {
            return DataType.FLOAT64;
        }
        return integer(true, nextSize(Math.max(size(a), size(b))));
    }

    /** intDiv: an integer of the left operand's size, signed if either is. */
    public static DataType integerDivision(final DataType a, final DataType b)
    {
        if (a.id().isFloat() || b.id().isFloat() || a.id() == TypeId.DECIMAL || b.id() == TypeId.DECIMAL)
        {
            return integer(true, 8);
        }
        return integer(signed(a) || signed(b), size(a));
    }

    /** modulo: Float64 for floats, else an integer signed as the left operand, of the right operand's size. */
    public static DataType modulo(final DataType a, final DataType b)
    {
        if (a.id().isFloat() || b.id().isFloat())
        {
            return DataType.FLOAT64;
        }
        if (a.id() == TypeId.DECIMAL || b.id() == TypeId.DECIMAL)
        {
            return decimalArithmetic("modulo", a, b);
        }
        return integer(signed(a), Math.max(size(b), signed(a) && !signed(b) ? nextSize(size(b)) : size(b)));
    }

    /** Unary minus: signed, one size up for unsigned operands. */
    public static DataType negate(final DataType a)
    {
        if (a.id().isFloat() || a.id() == TypeId.DECIMAL)
        {
            return a;
        }
        return integer(true, signed(a) ? size(a) : nextSize(size(a)));
    }

    private static int decimalBucket(final DataType type)
    {
        if (type.id() == TypeId.DECIMAL)
        {
            final int p = type.precision();
            return p <= 9 ? 9 : p <= 18 ? 18 : p <= 38 ? 38 : 76;
        }
        final int size = size(type);
        return size <= 4 ? 9 : size <= 8 ? 18 : size <= 16 ? 38 : 76;
    }

    private static DataType decimalArithmetic(final String function, final DataType a, final DataType b)
    {
        if (a.id().isFloat() || b.id().isFloat())
        {
            return DataType.FLOAT64;
        }
        final int precision = Math.max(decimalBucket(a), decimalBucket(b));
        final int sa = a.id() == TypeId.DECIMAL ? a.scale() : 0;
        final int sb = b.id() == TypeId.DECIMAL ? b.scale() : 0;
        final int scale = switch (function)
        {
            case "multiply" -> sa + sb;
            case "divide" -> sa;
            default -> Math.max(sa, sb);
        };
        if (scale > precision)
        {
            throw new MuonException(ErrorCodes.ARGUMENT_OUT_OF_BOUND, "Scale " + scale +
                " of the result of " + function + " is out of bounds for Decimal(" + precision + ")");
        }
        return DataType.decimal(precision, scale);
    }

    /** The result of date/time ± interval: DateTime64 wide enough for the interval's sub-second unit. */
    public static DataType dateTimePlusInterval(final DataType time, final IntervalUnit unit)
    {
        final int digits = unit.subSecondDigits();
        switch (time.id())
        {
            case DATE:
            case DATE32:
                if (unit.nanos() == 0 || unit.nanos() >= IntervalUnit.DAY.nanos())
                {
                    return time;
                }
                return digits > 0 ? DataType.dateTime64(digits, null) : DataType.DATETIME;
            case DATETIME:
                return digits > 0 ? DataType.dateTime64(digits, time.timeZone()) : time;
            default:
                return digits > time.precision() ? DataType.dateTime64(digits, time.timeZone()) : time;
        }
    }

    /** Wraps {@code result} in Nullable when any argument is Nullable; Nullable(Nothing) if any is NULL itself. */
    public static DataType propagateNullable(final DataType result, final List<DataType> arguments)
    {
        boolean nullable = false;
        for (final DataType argument : arguments)
        {
            final DataType inner = argument.id() == TypeId.LOW_CARDINALITY ? argument.element(0) : argument;
            if (inner.isNullable())
            {
                if (inner.element(0).id() == TypeId.NOTHING)
                {
                    return nullable(DataType.NOTHING);
                }
                nullable = true;
            }
        }
        return nullable ? nullable(result) : result;
    }

    /** Nullable(T) where ClickHouse allows it; T itself if already Nullable or not wrappable (arrays, tuples…). */
    public static DataType nullable(final DataType type)
    {
        return switch (type.id())
        {
            case NULLABLE, ARRAY, MAP, TUPLE, INTERVAL -> type;
            case LOW_CARDINALITY -> type.element(0).isNullable() ? type :
                DataType.lowCardinality(DataType.nullable(type.element(0)));
            default -> DataType.nullable(type);
        };
    }

    /**
     * The least common supertype, as ClickHouse's {@code getLeastSupertype}: numbers widen (signed and unsigned
     * integers meet in a wider signed type, integers and floats in a float that holds them exactly), strings and
     * fixed strings meet in String, dates in DateTime/DateTime64, arrays and tuples element-wise, NULL with any T in
     * Nullable(T). Throws Code 386 when there is none.
     */
    public static DataType leastSupertype(final List<DataType> types)
    {
        if (types.isEmpty())
        {
            return DataType.NOTHING;
        }
        boolean nullable = false;
        final List<DataType> plain = new ArrayList<>();
        for (final DataType type : types)
        {
            DataType t = type.id() == TypeId.LOW_CARDINALITY ? type.element(0) : type;
            if (t.isNullable())
            {
                nullable = true;
                t = t.element(0);
            }
            if (t.id() != TypeId.NOTHING)
            {
                plain.add(t);
            }
        }
        DataType result;
        if (plain.isEmpty())
        {
            result = DataType.NOTHING;
        }
        else if (plain.stream().allMatch(t -> t.equals(plain.get(0))))
        {
            result = plain.get(0);
        }
        else
        {
            result = commonOfDistinct(plain, types);
        }
        if (nullable)
        {
            return result.id() == TypeId.NOTHING ? DataType.nullable(DataType.NOTHING) : nullable(result);
        }
        return result;
    }

    private static DataType commonOfDistinct(final List<DataType> plain, final List<DataType> original)
    {
        final TypeId first = plain.get(0).id();
        if (plain.stream().allMatch(t -> t.id() == TypeId.STRING || t.id() == TypeId.FIXED_STRING))
        {
            return DataType.STRING;
        }
        if (plain.stream().allMatch(t -> t.id().isDateOrTime()))
        {
            int precision = -1;
            String zone = null;
            boolean hasTime = false;
            boolean hasDate32 = false;
            for (final DataType t : plain)
            {
                if (t.id() == TypeId.DATETIME64)
                {
                    precision = Math.max(precision, t.precision());
                }
                hasTime |= t.id() == TypeId.DATETIME || t.id() == TypeId.DATETIME64;
                hasDate32 |= t.id() == TypeId.DATE32;
                if (t.timeZone() != null && zone == null)
                {
                    zone = t.timeZone();
                }
            }
            if (precision >= 0)
            {
                return DataType.dateTime64(precision, zone);
            }
            if (hasTime)
            {
                return DataType.dateTime(zone);
            }
            return hasDate32 ? DataType.DATE32 : DataType.DATE;
        }
        if (plain.stream().allMatch(t -> t.id() == TypeId.ARRAY))
        {
            final List<DataType> elements = new ArrayList<>();
            for (final DataType t : plain)
            {
                elements.add(t.element(0));
            }
            return DataType.array(leastSupertype(elements));
        }
        if (plain.stream().allMatch(t -> t.id() == TypeId.MAP))
        {
            final List<DataType> keys = new ArrayList<>();
            final List<DataType> values = new ArrayList<>();
            for (final DataType t : plain)
            {
                keys.add(t.element(0));
                values.add(t.element(1));
            }
            return DataType.map(leastSupertype(keys), leastSupertype(values));
        }
        if (plain.stream().allMatch(t -> t.id() == TypeId.TUPLE && t.elements().size() == plain.get(0).elements().size()))
        {
            final List<DataType> elements = new ArrayList<>();
            for (int i = 0; i < plain.get(0).elements().size(); i++)
            {
                final List<DataType> column = new ArrayList<>();
                for (final DataType t : plain)
                {
                    column.add(t.element(i));
                }
                elements.add(leastSupertype(column));
            }
            return DataType.tuple(elements, plain.get(0).names());
        }
        if (plain.stream().allMatch(t -> t.id().isEnum() || t.id() == TypeId.STRING) && first.isEnum())
        {
            return DataType.STRING;
        }
        if (plain.stream().allMatch(TypeRules::isNumeric))
        {
            return numericSupertype(plain, original);
        }
        throw noCommonType(original, "");
    }

    private static DataType numericSupertype(final List<DataType> types, final List<DataType> original)
    {
        int maxUnsigned = 0;
        int maxSigned = 0;
        int maxFloat = 0;
        int maxDecimalBucket = 0;
        int maxScale = 0;
        boolean decimal = false;
        for (final DataType t : types)
        {
            if (t.id() == TypeId.DECIMAL)
            {
                decimal = true;
                maxDecimalBucket = Math.max(maxDecimalBucket, decimalBucket(t));
                maxScale = Math.max(maxScale, t.scale());
            }
            else if (t.id().isFloat())
            {
                maxFloat = Math.max(maxFloat, size(t));
            }
            else if (t.id().isSignedInteger())
            {
                maxSigned = Math.max(maxSigned, size(t));
            }
            else
            {
                maxUnsigned = Math.max(maxUnsigned, size(t));
            }
        }
        if (decimal)
        {
            if (maxFloat > 0)
            {
                throw noCommonType(original, " because some of them are Decimal and some are floating point");
            }
            final int integerBytes = Math.max(maxSigned, maxUnsigned);
            final int bucket = Math.max(maxDecimalBucket, integerBytes == 0 ? 0 : integerBytes <= 4 ? 9 :
                integerBytes <= 8 ? 18 : integerBytes <= 16 ? 38 : 76);
            return DataType.decimal(bucket, maxScale);
        }
        if (maxFloat > 0)
        {
            final int integerBytes = Math.max(maxSigned, maxUnsigned);
            if (integerBytes >= 8)
            {
                throw noCommonType(original, " because some of them are integers and some are floating point, but " +
                    "there is no floating point type that can exactly represent all required integers");
            }
            return integerBytes <= 2 && maxFloat == 4 ? DataType.FLOAT32 : DataType.FLOAT64;
        }
        if (maxSigned > 0 && maxUnsigned > 0)
        {
            final int needed = Math.max(maxSigned, maxUnsigned * 2);
            if (needed > 32)
            {
                throw noCommonType(original, " because some of them are signed integers and some are unsigned " +
                    "integers, but there is no signed integer type that can exactly represent all required unsigned " +
                    "integer values");
            }
            return integer(true, needed);
        }
        return maxSigned > 0 ? integer(true, maxSigned) : integer(false, maxUnsigned);
    }

    private static MuonException noCommonType(final List<DataType> types, final String why)
    {
        final List<String> names = new ArrayList<>();
        for (final DataType type : types)
        {
            names.add(type.clickHouseName());
        }
        return new MuonException(ErrorCodes.NO_COMMON_TYPE,
            "There is no supertype for types " + String.join(", ", names) + why);
    }
    /**
     * Whether a value of type {@code from} can be converted to {@code to}: by {@code CAST} (INSERT … SELECT), or, with
     * {@code literal}, as ClickHouse converts a value of a VALUES row (numbers do not become strings there). Whether a
     * particular value fits (range, parsable text) is checked when it is converted. Returns null when convertible,
     * otherwise why not.
     */
    public static String inconvertible(final DataType from, final DataType to, final boolean literal)
    {
        final DataType f = from.unwrapped();
        final DataType t = to.unwrapped();
        final TypeId fid = f.id();
        final TypeId tid = t.id();
        if (fid == TypeId.NOTHING)
        {
            return null;
        }
        switch (tid)
        {
            case ARRAY:
                return fid == TypeId.ARRAY ? inconvertible(f.element(0), t.element(0), literal) : mismatch(from, to);
            case MAP:
                if (fid != TypeId.MAP)
                {
                    return mismatch(from, to);
                }
                final String key = inconvertible(f.element(0), t.element(0), literal);
                return key != null ? key : inconvertible(f.element(1), t.element(1), literal);
            case TUPLE:
                if (fid != TypeId.TUPLE || f.elements().size() != t.elements().size())
                {
                    return mismatch(from, to);
                }
                for (int i = 0; i < t.elements().size(); i++)
                {
                    final String element = inconvertible(f.element(i), t.element(i), literal);
                    if (element != null)
                    {
                        return element;
                    }
                }
                return null;
            case INTERVAL:
                return fid == TypeId.INTERVAL && f.intervalUnit() == t.intervalUnit() ? null : mismatch(from, to);
            default:
                break;
        }
        if (fid == TypeId.ARRAY || fid == TypeId.MAP || fid == TypeId.TUPLE || fid == TypeId.INTERVAL)
        {
            return tid == TypeId.STRING && !literal ? null : mismatch(from, to);
        }
        if (fid == TypeId.STRING || fid == TypeId.FIXED_STRING)
        {
            return null;
        }
        if (tid == TypeId.STRING || tid == TypeId.FIXED_STRING)
        {
            return !literal || fid == TypeId.ENUM8 || fid == TypeId.ENUM16 || fid == TypeId.UUID ||
                fid == TypeId.IPV4 || fid == TypeId.IPV6 ? null : mismatch(from, to);
        }
        if (fid == TypeId.UUID || tid == TypeId.UUID)
        {
            return fid == tid ? null : mismatch(from, to);
        }
        if (tid == TypeId.IPV6 || fid == TypeId.IPV6)
        {
            return fid == tid || (fid == TypeId.IPV4 && tid == TypeId.IPV6) ? null : mismatch(from, to);
        }
        return null;
    }

    private static String mismatch(final DataType from, final DataType to)
    {
        return "a value of type " + from.clickHouseName() + " cannot be converted to " + to.clickHouseName();
    }
}
