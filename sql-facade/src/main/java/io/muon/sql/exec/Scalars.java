package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.IntervalUnit;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.BytesVector;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.TypedExpr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vectorized bodies of the scalar functions the query engine evaluates, by canonical (snake_case) name.
 * Arithmetic follows ClickHouse: integers wrap in the result type the analyzer chose, {@code /} is Float64,
 * {@code int_div} and {@code modulo} by zero fail with Code 153, comparisons convert a String operand to the other
 * side's type.
 */
final class Scalars
{
    private static final Map<String, ScalarFunction> BODIES = new HashMap<>();
    private static final Set<String> NON_DETERMINISTIC = Set.of("now", "now64", "today", "yesterday", "rand", "rand64",
        "rand32", "random_string", "generate_uuidv4", "block_size", "row_number_in_block", "sleep", "materialize", "uptime",
        "rand_uniform", "rand_normal", "rand_log_normal", "rand_exponential", "rand_poisson", "rand_bernoulli", "random_printable_ascii", "random_fixed_string",
        "array_shuffle", "random_in_type");

    private Scalars()
    {
    }

    static boolean isNonDeterministic(final String name)
    {
        return NON_DETERMINISTIC.contains(name);
    }

    static ScalarFunction find(final String name, final List<TypedExpr> arguments)
    {
        if (name.equals("cast") || name.equals("accurate_cast") || name.equals("accurate_cast_or_null"))
        {
            return (a, rows, result, nulls) -> Conversions.convert(a[0], rows, result, name.equals("accurate_cast") ?
                Conversions.Mode.CHECKED : Conversions.Mode.CAST);
        }
        return BODIES.get(name);
    }

    /** Registers {@code body} under each canonical name; the function families call this from their {@code register()}. */
    static void register(final ScalarFunction body, final String... names)
    {
        for (final String name : names)
        {
            BODIES.put(name, body);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // reading numbers of any representation

    static boolean isFloat(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.FLOAT32 || id == TypeId.FLOAT64;
    }

    static double getDouble(final Vector v, final int row)
    {
        return Conversions.toDouble(v, v.type().unwrapped(), row);
    }

    static long getLong(final Vector v, final int row)
    {
        if (v instanceof LongVector l)
        {
            return l.get(row);
        }
        if (v instanceof DoubleVector d)
        {
            return (long)d.get(row);
        }
        return ValueFormatter.Wide.toBigInteger((BytesVector)v, row, true).longValue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // arithmetic

    private interface LongOp
    {
        long apply(long a, long b);
    }

    private interface DoubleOp
    {
        double apply(double a, double b);
    }

    private static ScalarFunction arithmetic(final String name, final LongOp longs, final DoubleOp doubles)
    {
        return (a, rows, result, nulls) ->
        {
            final DataType type = result.unwrapped();
            final TypeId id = type.id();
            if (id == TypeId.DATE || id == TypeId.DATE32 || id == TypeId.DATETIME || id == TypeId.DATETIME64)
            {
                return dateArithmetic(name, a, rows, result);
            }
            final Vector out = Vector.create(result, rows);
            if (isFloat(type) || id == TypeId.DECIMAL)
            {
                final DoubleVector d = out instanceof DoubleVector dv ? dv : null;
                for (int r = 0; r < rows; r++)
                {
                    final double v = doubles.apply(getDouble(a[0], r), getDouble(a[1], r));
                    if (d != null)
                    {
                        d.append(type.id() == TypeId.FLOAT32 ? (float)v : v);
                    }
                    else
                    {
                        ((LongVector)out).append(Math.round(v * Math.pow(10, type.scale())));
                    }
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
                    values[r] = Conversions.wrap(longs.apply(getLong(a[0], r), getLong(a[1], r)), type);
                }
            }
            l.setSize(rows);
            return l;
        };
    }

    private static Vector dateArithmetic(final String name, final Vector[] a, final int rows, final DataType result)
    {
        final int timeIndex = isTime(a[0].type()) ? 0 : 1;
        final Vector time = a[timeIndex];
        final Vector other = a[1 - timeIndex];
        final DataType timeType = time.type().unwrapped();
        final long sign = name.equals("minus") ? -1 : 1;
        final LongVector out = (LongVector)Vector.create(result, rows);
        final IntervalUnit unit = other.type().unwrapped().id() == TypeId.INTERVAL ?
            other.type().unwrapped().intervalUnit() : (timeType.id() == TypeId.DATE || timeType.id() == TypeId.DATE32 ?
            IntervalUnit.DAY : IntervalUnit.SECOND);
        for (int r = 0; r < rows; r++)
        {
            out.append(addInterval(((LongVector)time).get(r), timeType, unit, sign * getLong(other, r)));
        }
        return out;
    }

    /** A number of any representation as an exact decimal (Decimal columns by their scale). */
    static java.math.BigDecimal decimalOf(final Vector v, final int row)
    {
        final DataType type = v.type().unwrapped();
        if (type.id() == TypeId.DECIMAL && v instanceof LongVector l)
        {
            return java.math.BigDecimal.valueOf(l.get(row), type.scale());
        }
        if (v instanceof LongVector l)
        {
            return l.isUnsigned() ? new java.math.BigDecimal(Long.toUnsignedString(l.get(row))) :
                java.math.BigDecimal.valueOf(l.get(row));
        }
        if (v instanceof DoubleVector d)
        {
            return java.math.BigDecimal.valueOf(d.get(row));
        }
        return new java.math.BigDecimal(ValueFormatter.text(v, row));
    }

    static boolean isTime(final DataType type)
    {
        final TypeId id = type.unwrapped().id();
        return id == TypeId.DATE || id == TypeId.DATE32 || id == TypeId.DATETIME || id == TypeId.DATETIME64;
    }

    /** Adds {@code amount} units to a Date (days), DateTime (seconds) or DateTime64 (ticks) value. */
    static long addInterval(final long value, final DataType timeType, final IntervalUnit unit, final long amount)
    {
        final TypeId id = timeType.id();
        final ZoneId zone = ValueFormatter.zone(timeType);
        final long scale = id == TypeId.DATETIME64 ? ValueFormatter.pow10(timeType.precision()) : 1;
        if (id == TypeId.DATE || id == TypeId.DATE32)
        {
            final LocalDate date = LocalDate.ofEpochDay(value);
            return switch (unit)
            {
                case DAY -> value + amount;
                case WEEK -> value + 7 * amount;
                case MONTH -> date.plusMonths(amount).toEpochDay();
                case QUARTER -> date.plusMonths(3 * amount).toEpochDay();
                case YEAR -> date.plusYears(amount).toEpochDay();
                default -> value + Math.floorDiv(amount * unit.nanos(), IntervalUnit.DAY.nanos());
            };
        }
        switch (unit)
        {
            case MONTH:
            case QUARTER:
            case YEAR:
            {
                final long seconds = Math.floorDiv(value, scale);
                final long fraction = Math.floorMod(value, scale);
                ZonedDateTime t = Instant.ofEpochSecond(seconds).atZone(zone);
                t = unit == IntervalUnit.YEAR ? t.plusYears(amount) : t.plusMonths(unit == IntervalUnit.QUARTER ?
                    3 * amount : amount);
                return t.toEpochSecond() * scale + fraction;
            }
            default:
            {
                final long nanosPerTick = 1_000_000_000L / scale;
                final long unitNanos = unit.nanos();
                if (unitNanos >= nanosPerTick)
                {
                    return value + amount * (unitNanos / nanosPerTick);
                }
                return value + amount / (nanosPerTick / unitNanos);
            }
        }
    }

    private static long intDiv(final long a, final long b)
    {
        if (b == 0)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division by zero");
        }
        return a / b;
    }

    private static long modulo(final long a, final long b)
    {
        if (b == 0)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division by zero");
        }
        return a % b;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // comparison

    private static final int EQ = 0;
    private static final int NE = 1;
    private static final int LT = 2;
    private static final int GT = 3;
    private static final int LE = 4;
    private static final int GE = 5;

    private static ScalarFunction comparison(final int op)
    {
        return (a, rows, result, nulls) ->
        {
            Vector x = a[0];
            Vector y = a[1];
            final DataType tx = x.type().unwrapped();
            final DataType ty = y.type().unwrapped();
            if (isText(tx) && !isText(ty))
            {
                x = Conversions.convert(x, rows, nullableLike(x, ty), Conversions.Mode.CAST);
            }
            else if (isText(ty) && !isText(tx))
            {
                y = Conversions.convert(y, rows, nullableLike(y, tx), Conversions.Mode.CAST);
            }
            else if (isTime(tx) && isTime(ty) && !tx.equals(ty))
            {
                final DataType wider = timeRank(tx) >= timeRank(ty) ? tx : ty;
                x = Conversions.convert(x, rows, nullableLike(x, wider), Conversions.Mode.CAST);
                y = Conversions.convert(y, rows, nullableLike(y, wider), Conversions.Mode.CAST);
            }
            final LongVector out = (LongVector)Vector.create(result, rows);
            final long[] values = out.values();
            if (x instanceof LongVector lx && y instanceof LongVector ly && lx.isUnsigned() == ly.isUnsigned())
            {
                final long[] xs = lx.values();
                final long[] ys = ly.values();
                final boolean unsigned = lx.isUnsigned();
                for (int r = 0; r < rows; r++)
                {
                    final int c = unsigned ? Long.compareUnsigned(xs[r], ys[r]) : Long.compare(xs[r], ys[r]);
                    values[r] = test(op, c) ? 1 : 0;
                }
            }
            else if (x instanceof LongVector lx && y instanceof LongVector ly)
            {
                for (int r = 0; r < rows; r++)
                {
                    final long p = lx.get(r);
                    final long q = ly.get(r);
                    final int c;
                    if (lx.isUnsigned())
                    {
                        c = p < 0 || q < 0 ? 1 : Long.compare(p, q);
                    }
                    else
                    {
                        c = q < 0 || p < 0 ? -1 : Long.compare(p, q);
                    }
                    values[r] = test(op, c) ? 1 : 0;
                }
            }
            else if ((x instanceof LongVector || x instanceof DoubleVector) &&
                (y instanceof LongVector || y instanceof DoubleVector))
            {
                // plain floats and signed (or small unsigned) integers read straight from their arrays
                final double[] xd = x instanceof DoubleVector d ? d.values() : null;
                final double[] yd = y instanceof DoubleVector d ? d.values() : null;
                final long[] xl = x instanceof LongVector l && !l.isUnsigned() && !isDecimal(tx) ? l.values() : null;
                final long[] yl = y instanceof LongVector l && !l.isUnsigned() && !isDecimal(ty) ? l.values() : null;
                final boolean direct = (xd != null || xl != null) && (yd != null || yl != null);
                for (int r = 0; r < rows; r++)
                {
                    final double p = direct ? (xd != null ? xd[r] : xl[r]) : getDouble(x, r);
                    final double q = direct ? (yd != null ? yd[r] : yl[r]) : getDouble(y, r);
                    final boolean nan = Double.isNaN(p) || Double.isNaN(q);
                    values[r] = nan ? (op == NE ? 1 : 0) : test(op, Double.compare(p, q) == 0 && p == q ? 0 :
                        p < q ? -1 : p > q ? 1 : 0) ? 1 : 0;
                }
            }
            else if (x.getClass() == y.getClass())
            {
                for (int r = 0; r < rows; r++)
                {
                    final int c = op == EQ || op == NE ? (x.equalsAt(r, y, r) ? 0 : 1) : x.compareAt(r, y, r);
                    values[r] = test(op, c) ? 1 : 0;
                }
            }
            else
            {
                throw new MuonException(ErrorCodes.NO_COMMON_TYPE, "Cannot compare " + tx.clickHouseName() + " with " +
                    ty.clickHouseName());
            }
            out.setSize(rows);
            return out;
        };
    }

    private static boolean isDecimal(final DataType t)
    {
        return t.id() == TypeId.DECIMAL;
    }

    private static int timeRank(final DataType t)
    {
        return switch (t.id())
        {
            case DATE -> 0;
            case DATE32 -> 1;
            case DATETIME -> 2;
            default -> 3;
        };
    }

    private static DataType nullableLike(final Vector v, final DataType type)
    {
        return v.type().isNullable() || v.type().unwrapped().id() == TypeId.NOTHING ? DataType.nullable(type) : type;
    }

    private static boolean isText(final DataType t)
    {
        return t.id() == TypeId.STRING || t.id() == TypeId.FIXED_STRING;
    }

    private static boolean test(final int op, final int c)
    {
        return switch (op)
        {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case GT -> c > 0;
            case LE -> c <= 0;
            default -> c >= 0;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // logic with three-valued NULLs

    private static ScalarFunction logic(final boolean and)
    {
        return (a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            boolean plain = true;
            for (final Vector v : a)
            {
                plain &= v instanceof LongVector && v.nulls() == null;
            }
            if (plain)
            {
                // no NULLs: a tight loop over the integer arrays
                final long[] values = out.values();
                final long[] first = ((LongVector)a[0]).values();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = first[r] != 0 ? 1 : 0;
                }
                for (int i = 1; i < a.length; i++)
                {
                    final long[] next = ((LongVector)a[i]).values();
                    for (int r = 0; r < rows; r++)
                    {
                        values[r] = and ? values[r] & (next[r] != 0 ? 1 : 0) : values[r] | (next[r] != 0 ? 1 : 0);
                    }
                }
                out.setSize(rows);
                return out;
            }
            for (int r = 0; r < rows; r++)
            {
                boolean unknown = false;
                boolean value = and;
                for (final Vector v : a)
                {
                    if (v.isNull(r))
                    {
                        unknown = true;
                        continue;
                    }
                    final boolean b = getDouble(v, r) != 0;
                    if (and && !b)
                    {
                        value = false;
                        unknown = false;
                        break;
                    }
                    if (!and && b)
                    {
                        value = true;
                        unknown = false;
                        break;
                    }
                }
                if (unknown)
                {
                    out.appendNull();
                }
                else
                {
                    out.append(value ? 1 : 0);
                }
            }
            return out;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // conditionals

    private static Vector ifThenElse(final Vector[] a, final int rows, final DataType result)
    {
        final Vector then = Conversions.convert(a[1], rows, result, Conversions.Mode.CAST);
        final Vector otherwise = Conversions.convert(a[2], rows, result, Conversions.Mode.CAST);
        final Vector out = Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final boolean condition = !a[0].isNull(r) && getDouble(a[0], r) != 0;
            out.appendFrom(condition ? then : otherwise, r);
        }
        return out;
    }

    private static Vector multiIf(final Vector[] a, final int rows, final DataType result)
    {
        final Vector[] branches = new Vector[a.length];
        for (int i = 1; i < a.length; i += 2)
        {
            branches[i] = Conversions.convert(a[i], rows, result, Conversions.Mode.CAST);
        }
        branches[a.length - 1] = Conversions.convert(a[a.length - 1], rows, result, Conversions.Mode.CAST);
        final Vector out = Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            int chosen = a.length - 1;
            for (int i = 0; i + 1 < a.length; i += 2)
            {
                if (!a[i].isNull(r) && getDouble(a[i], r) != 0)
                {
                    chosen = i + 1;
                    break;
                }
            }
            out.appendFrom(branches[chosen], r);
        }
        return out;
    }

    private static Vector coalesce(final Vector[] a, final int rows, final DataType result)
    {
        final Vector[] converted = new Vector[a.length];
        for (int i = 0; i < a.length; i++)
        {
            converted[i] = Conversions.convert(a[i], rows, DataType.nullable(result.unwrapped()), Conversions.Mode.CAST);
        }
        final Vector out = Vector.create(result, rows);
        final Vector scratch = Vector.create(DataType.nullable(result.unwrapped()), 1);
        for (int r = 0; r < rows; r++)
        {
            int chosen = -1;
            for (int i = 0; i < a.length; i++)
            {
                if (!converted[i].isNull(r))
                {
                    chosen = i;
                    break;
                }
            }
            if (chosen < 0)
            {
                out.appendNull();
            }
            else
            {
                scratch.reset();
                scratch.appendFrom(converted[chosen], r);
                appendPlain(out, scratch, 0);
            }
        }
        return out;
    }

    /** Appends a non-NULL value from a vector of the same type up to Nullable. */
    private static void appendPlain(final Vector out, final Vector source, final int row)
    {
        if (out instanceof LongVector l)
        {
            l.append(((LongVector)source).get(row));
        }
        else if (out instanceof DoubleVector d)
        {
            d.append(((DoubleVector)source).get(row));
        }
        else if (out instanceof BytesVector b)
        {
            final BytesVector s = (BytesVector)source;
            b.append(s.data(), s.start(row), s.length(row));
        }
        else
        {
            out.appendFrom(source, row);
        }
    }

    private static Vector isNull(final Vector[] a, final int rows, final DataType result, final boolean wanted)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            out.append(a[0].isNull(r) == wanted ? 1 : 0);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // strings

    private static Vector stringLength(final Vector[] a, final int rows, final DataType result, final boolean utf8)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        if (a[0] instanceof ArrayVector array)
        {
            for (int r = 0; r < rows; r++)
            {
                out.append(array.length(r));
            }
            return out;
        }
        final BytesVector s = (BytesVector)a[0];
        for (int r = 0; r < rows; r++)
        {
            if (!utf8)
            {
                out.append(s.length(r));
                continue;
            }
            int count = 0;
            final byte[] data = s.data();
            for (int i = s.start(r); i < s.start(r + 1); i++)
            {
                if ((data[i] & 0xC0) != 0x80)
                {
                    count++;
                }
            }
            out.append(count);
        }
        return out;
    }

    private static Vector mapString(final Vector[] a, final int rows, final DataType result,
        final java.util.function.UnaryOperator<String> f)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            out.append(f.apply(s.getString(r)));
        }
        return out;
    }

    private static Vector concat(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final Vector[] texts = new Vector[a.length];
        for (int i = 0; i < a.length; i++)
        {
            texts[i] = Conversions.convert(a[i], rows, a[i].type().isNullable() ? DataType.nullable(DataType.STRING) :
                DataType.STRING, Conversions.Mode.CAST);
        }
        final java.io.ByteArrayOutputStream row = new java.io.ByteArrayOutputStream();
        for (int r = 0; r < rows; r++)
        {
            row.reset();
            for (final Vector text : texts)
            {
                final BytesVector b = (BytesVector)text;
                row.write(b.data(), b.start(r), b.length(r));
            }
            out.append(row.toByteArray());
        }
        return out;
    }

    private static Vector substring(final Vector[] a, final int rows, final DataType result)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            final int length = s.length(r);
            long offset = getLong(a[1], r);
            long count = a.length > 2 ? getLong(a[2], r) : length;
            long start = offset > 0 ? offset - 1 : offset < 0 ? length + offset : length;
            if (start < 0)
            {
                count = a.length > 2 ? count + start : count;
                start = 0;
            }
            final long end = count < 0 ? length + count : Math.min(length, start + count);
            if (start >= length || end <= start)
            {
                out.append(new byte[0]);
            }
            else
            {
                out.append(s.data(), s.start(r) + (int)start, (int)(end - start));
            }
        }
        return out;
    }

    private static Vector like(final Vector[] a, final int rows, final DataType result, final boolean negate,
        final boolean caseInsensitive)
    {
        final BytesVector s = (BytesVector)a[0];
        final BytesVector p = (BytesVector)a[1];
        final LongVector out = (LongVector)Vector.create(result, rows);
        String lastPattern = null;
        java.util.regex.Pattern compiled = null;
        if (!caseInsensitive && rows > 0 && isConstant(p, rows))
        {
            final LikeMatcher matcher = LikeMatcher.of(p.getString(0));
            if (matcher != null)
            {
                final long[] values = out.values();
                final byte[] data = s.data();
                for (int r = 0; r < rows; r++)
                {
                    values[r] = matcher.matches(data, s.start(r), s.start(r + 1)) != negate ? 1 : 0;
                }
                out.setSize(rows);
                return out;
            }
        }
        for (int r = 0; r < rows; r++)
        {
            final String pattern = p.getString(r);
            if (!pattern.equals(lastPattern))
            {
                compiled = java.util.regex.Pattern.compile(likeToRegex(pattern), java.util.regex.Pattern.DOTALL |
                    (caseInsensitive ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE :
                    0));
                lastPattern = pattern;
            }
            out.append(compiled.matcher(s.getString(r)).matches() != negate ? 1 : 0);
        }
        return out;
    }

    /** Whether every row of a string vector holds the same bytes (a constant argument repeated to the batch). */
    static boolean isConstant(final BytesVector v, final int rows)
    {
        if (v.isConstant())
        {
            return true;
        }
        final byte[] data = v.data();
        final int length = v.length(0);
        final int first = v.start(0);
        for (int r = 1; r < rows; r++)
        {
            if (v.length(r) != length)
            {
                return false;
            }
            final int start = v.start(r);
            for (int i = 0; i < length; i++)
            {
                if (data[start + i] != data[first + i])
                {
                    return false;
                }
            }
        }
        return true;
    }

    static String likeToRegex(final String pattern)
    {
        final StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++)
        {
            final char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length())
            {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%')
            {
                regex.append(".*");
            }
            else if (c == '_')
            {
                regex.append('.');
            }
            else
            {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // dates and times

    private static Vector now(final DataType result, final int rows)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final long millis = System.currentTimeMillis();
        final DataType t = result.unwrapped();
        final long value = t.id() == TypeId.DATETIME64 ? millis * ValueFormatter.pow10(t.precision()) / 1000 :
            t.id() == TypeId.DATE ? LocalDate.now(ValueFormatter.zone(t)).toEpochDay() : millis / 1000;
        for (int r = 0; r < rows; r++)
        {
            out.append(value);
        }
        return out;
    }

    private interface TimeField
    {
        long of(ZonedDateTime time);
    }

    private static ScalarFunction timeField(final TimeField field)
    {
        return (a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            final Vector time = a.length > 1 || !isTime(a[0].type()) ? inZone(a, rows) : a[0];
            final DataType type = time.type().unwrapped();
            for (int r = 0; r < rows; r++)
            {
                out.append(Conversions.wrap(field.of(zoned(time, type, r)), result.unwrapped()));
            }
            return out;
        };
    }

    /**
     * The time argument {@code a[0]} seen in the time zone named by {@code a[1]} (when given): DateTime and DateTime64
     * keep their instant and change zone, text is parsed as a DateTime in that zone, a Date stays as it is.
     */
    static Vector inZone(final Vector[] a, final int rows)
    {
        final String zone = a.length > 1 && a[1] instanceof BytesVector z && rows > 0 ? z.getString(0) : null;
        final DataType type = a[0].type().unwrapped();
        final DataType target = switch (type.id())
        {
            case DATE, DATE32 -> type;
            case DATETIME64 -> DataType.dateTime64(type.precision(), zone == null ? type.timeZone() : zone);
            default -> zone == null ? (type.id() == TypeId.DATETIME ? type : DataType.DATETIME) :
                DataType.dateTime(zone);
        };
        return target.equals(type) ? a[0] : Conversions.convert(a[0], rows, target, Conversions.Mode.CAST);
    }

    static ZonedDateTime zoned(final Vector v, final DataType type, final int row)
    {
        final long value = ((LongVector)v).get(row);
        switch (type.id())
        {
            case DATE:
            case DATE32:
                return LocalDate.ofEpochDay(value).atStartOfDay(ZoneId.of("UTC"));
            case DATETIME64:
            {
                final long scale = ValueFormatter.pow10(type.precision());
                return Instant.ofEpochSecond(Math.floorDiv(value, scale), Math.floorMod(value, scale) *
                    (1_000_000_000L / scale)).atZone(ValueFormatter.zone(type));
            }
            default:
                return Instant.ofEpochSecond(value).atZone(ValueFormatter.zone(type));
        }
    }

    /** to_start_of_* into the result type (Date, DateTime or DateTime64 as the analyzer typed it). */
    private static ScalarFunction startOf(final java.time.temporal.ChronoUnit unit)
    {
        return (a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            final DataType type = a[0].type().unwrapped();
            final DataType target = result.unwrapped();
            for (int r = 0; r < rows; r++)
            {
                final ZonedDateTime t = zoned(a[0], type, r);
                final ZonedDateTime start = switch (unit)
                {
                    case YEARS -> t.withDayOfYear(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                    case MONTHS -> t.withDayOfMonth(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                    case WEEKS -> t.minusDays((t.getDayOfWeek().getValue() + 6) % 7 == 6 ? 6 :
                        t.getDayOfWeek().getValue() % 7).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
                    default -> t.truncatedTo(unit);
                };
                out.append(fromZoned(start, target));
            }
            return out;
        };
    }

    static long fromZoned(final ZonedDateTime t, final DataType target)
    {
        return switch (target.id())
        {
            case DATE, DATE32 -> t.toLocalDate().toEpochDay();
            case DATETIME64 -> t.toEpochSecond() * ValueFormatter.pow10(target.precision()) +
                t.getNano() / (1_000_000_000L / ValueFormatter.pow10(target.precision()));
            default -> t.toEpochSecond();
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // arrays and tuples

    private static Vector arrayOf(final Vector[] a, final int rows, final DataType result)
    {
        final ArrayVector out = (ArrayVector)Vector.create(result, rows);
        final Vector[] converted = new Vector[a.length];
        for (int i = 0; i < a.length; i++)
        {
            converted[i] = Conversions.convert(a[i], rows, out.elements().type(), Conversions.Mode.CAST);
        }
        for (int r = 0; r < rows; r++)
        {
            for (final Vector element : converted)
            {
                out.elements().appendFrom(element, r);
            }
            out.endRow();
        }
        return out;
    }

    private static Vector tupleOf(final Vector[] a, final int rows, final DataType result)
    {
        final TupleVector out = (TupleVector)Vector.create(result, rows);
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < a.length; i++)
            {
                out.field(i).appendFrom(a[i], r);
            }
            out.endRow();
        }
        return out;
    }

    /** lower/upper as ClickHouse: ASCII letters only, byte by byte (the _utf8 forms handle other letters). */
    private static Vector asciiCase(final Vector input, final int rows, final DataType result, final boolean upper)
    {
        final BytesVector in = (BytesVector)input;
        final BytesVector out = (BytesVector)Vector.create(result, rows);
        final byte[] data = in.data();
        for (int r = 0; r < rows; r++)
        {
            out.append(data, in.start(r), in.length(r));
        }
        final byte[] copy = out.data();
        for (int i = 0, end = out.start(rows); i < end; i++)
        {
            final byte b = copy[i];
            if (upper ? b >= 'a' && b <= 'z' : b >= 'A' && b <= 'Z')
            {
                copy[i] = (byte)(b ^ 0x20);
            }
        }
        return out;
    }

    /** ClickHouse's trim: only the space character, at both ends. */
    private static String trimSpaces(final String s)
    {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == ' ')
        {
            from++;
        }
        while (to > from && s.charAt(to - 1) == ' ')
        {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean emptyAt(final Vector v, final int row)
    {
        return v instanceof ArrayVector array ? array.length(row) == 0 : ((BytesVector)v).length(row) == 0;
    }

    private static Vector arrayElement(final Vector[] a, final int rows, final DataType result)
    {
        final Vector out = Vector.create(result, rows);
        if (a[0] instanceof TupleVector tuple)
        {
            // t.name (the index a string naming an element of a named tuple) or t.1
            final int index = a[1] instanceof BytesVector name ?
                tuple.type().unwrapped().names().indexOf(name.getString(0)) : (int)getLong(a[1], 0) - 1;
            for (int r = 0; r < rows; r++)
            {
                out.appendFrom(tuple.field(index), r);
            }
            return out;
        }
        final ArrayVector array = (ArrayVector)a[0];
        if (array.type().unwrapped().id() == TypeId.MAP)
        {
            // map[key]: the value of the first entry with that key, else the value type's default
            final TupleVector entries = (TupleVector)array.elements();
            final Vector keys = entries.field(0);
            final Vector key = ArrayScalars.as(a[1], rows, keys.type());
            final Vector values = ArrayScalars.as(entries.field(1), entries.size(), result);
            for (int r = 0; r < rows; r++)
            {
                int found = -1;
                for (int i = array.start(r); i < array.start(r) + array.length(r) && found < 0; i++)
                {
                    found = keys.equalsAt(i, key, r) ? i : -1;
                }
                if (found < 0)
                {
                    out.appendNull();
                }
                else
                {
                    out.appendFrom(values, found);
                }
            }
            return out;
        }
        final Vector elements = Conversions.convert(array.elements(), array.elements().size(), result,
            Conversions.Mode.CAST);
        for (int r = 0; r < rows; r++)
        {
            final long index = getLong(a[1], r);
            final int length = array.length(r);
            final long position = index > 0 ? index - 1 : index < 0 ? length + index : -1;
            if (position < 0 || position >= length)
            {
                out.appendNull();
            }
            else
            {
                out.appendFrom(elements, array.start(r) + (int)position);
            }
        }
        return out;
    }

    private static Vector in(final Vector[] a, final int rows, final DataType result, final boolean negate)
    {
        final LongVector out = (LongVector)Vector.create(result, rows);
        final Vector set = a[1];
        final Vector candidates;
        final int[] starts;
        if (set instanceof TupleVector tuple && (!(a[0] instanceof TupleVector) ||
            tuple.width() > 0 && tuple.field(0) instanceof TupleVector))
        {
            // x IN (1, 2, 3): a constant tuple; compare against each field
            for (int r = 0; r < rows; r++)
            {
                boolean found = false;
                for (int i = 0; i < tuple.width() && !found; i++)
                {
                    found = matches(a[0], r, tuple.field(i), r, rows);
                }
                out.append(found != negate ? 1 : 0);
            }
            return out;
        }
        if (set instanceof ArrayVector array)
        {
            candidates = array.elements();
            starts = array.offsets();
            for (int r = 0; r < rows; r++)
            {
                boolean found = false;
                for (int i = starts[r]; i < starts[r + 1] && !found; i++)
                {
                    found = matches(a[0], r, candidates, i, rows);
                }
                out.append(found != negate ? 1 : 0);
            }
            return out;
        }
        for (int r = 0; r < rows; r++)
        {
            out.append(matches(a[0], r, set, r, rows) != negate ? 1 : 0);
        }
        return out;
    }

    private static boolean matches(final Vector x, final int row, final Vector candidate, final int candidateRow,
        final int rows)
    {
        if (x.isNull(row) || candidate.isNull(candidateRow))
        {
            return false;
        }
        final DataType tx = x.type().unwrapped();
        final DataType tc = candidate.type().unwrapped();
        if (x.getClass() == candidate.getClass() && (tx.equals(tc) || !(x instanceof LongVector) ||
            ((LongVector)x).isUnsigned() == ((LongVector)candidate).isUnsigned()) && !isTime(tx) && !isTime(tc))
        {
            return x.equalsAt(row, candidate, candidateRow) || (x instanceof LongVector l &&
                l.get(row) == ((LongVector)candidate).get(candidateRow));
        }
        final Vector one = Vector.create(candidate.type(), 1);
        one.appendFrom(candidate, candidateRow);
        final Vector left = Vector.create(x.type(), 1);
        left.appendFrom(x, row);
        final Vector eq = comparison(EQ).apply(new Vector[] {left, one}, 1, DataType.UINT8, null);
        return ((LongVector)eq).get(0) != 0;
    }

    static
    {
        MathScalars.register();
        StringSearchScalars.register();
        HashScalars.register();
        JsonScalars.register();
        UrlScalars.register();
        DateScalars.register();
        ArrayScalars.register();
        NetworkScalars.register();
        UtilityScalars.register();
        FallbackConversions.register();
        ArrayLayoutScalars.register();
        KeyValuePairScalars.register();
        QueryNormalization.register();
        GrokScalars.register();
        register(arithmetic("plus", (x, y) -> x + y, (x, y) -> x + y), "plus");
        register(arithmetic("minus", (x, y) -> x - y, (x, y) -> x - y), "minus");
        register(arithmetic("multiply", (x, y) -> x * y, (x, y) -> x * y), "multiply");
        register((a, rows, result, nulls) ->
        {
            if (result.unwrapped().id() == TypeId.DECIMAL)
            {
                // Decimal / number stays Decimal of the dividend's scale (truncated, as ClickHouse)
                final Vector out = Vector.create(result, rows);
                final int scale = result.unwrapped().scale();
                for (int r = 0; r < rows; r++)
                {
                    final java.math.BigDecimal x = decimalOf(a[0], r);
                    final java.math.BigDecimal y = decimalOf(a[1], r);
                    if (y.signum() == 0)
                    {
                        if (nulls != null && nulls[r])
                        {
                            out.appendNull();
                            continue;
                        }
                        throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division by zero");
                    }
                    final java.math.BigDecimal q = x.divide(y, scale, java.math.RoundingMode.DOWN);
                    final Vector one = Vector.create(DataType.STRING, 1);
                    ((BytesVector)one).append(q.toPlainString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    out.appendFrom(Conversions.convert(one, 1, result.unwrapped(), Conversions.Mode.CAST), 0);
                }
                return out;
            }
            final DoubleVector out = (DoubleVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(getDouble(a[0], r) / getDouble(a[1], r));
            }
            return out;
        }, "divide");
        register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            final boolean unsigned = a[0] instanceof LongVector l && l.isUnsigned();
            for (int r = 0; r < rows; r++)
            {
                if (nulls != null && nulls[r])
                {
                    out.append(0);
                    continue;
                }
                if (a[0] instanceof DoubleVector || a[1] instanceof DoubleVector)
                {
                    final double q = getDouble(a[1], r);
                    if (q == 0)
                    {
                        throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division by zero");
                    }
                    out.append(Conversions.wrap((long)(getDouble(a[0], r) / q), result.unwrapped()));
                }
                else
                {
                    final long q = getLong(a[1], r);
                    out.append(Conversions.wrap(unsigned ? Long.divideUnsigned(getLong(a[0], r), intDivisor(q)) :
                        intDiv(getLong(a[0], r), q), result.unwrapped()));
                }
            }
            return out;
        }, "int_div");
        register((a, rows, result, nulls) ->
        {
            final Vector out = Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                if (nulls != null && nulls[r])
                {
                    out.appendNull();
                    continue;
                }
                if (out instanceof DoubleVector d)
                {
                    d.append(getDouble(a[0], r) % getDouble(a[1], r));
                }
                else
                {
                    ((LongVector)out).append(Conversions.wrap(modulo(getLong(a[0], r), getLong(a[1], r)),
                        result.unwrapped()));
                }
            }
            return out;
        }, "modulo");
        register((a, rows, result, nulls) ->
        {
            final Vector out = Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                if (out instanceof DoubleVector d)
                {
                    d.append(-getDouble(a[0], r));
                }
                else
                {
                    ((LongVector)out).append(Conversions.wrap(-getLong(a[0], r), result.unwrapped()));
                }
            }
            return out;
        }, "negate");
        register((a, rows, result, nulls) ->
        {
            final Vector out = Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                if (out instanceof DoubleVector d)
                {
                    d.append(Math.abs(getDouble(a[0], r)));
                }
                else
                {
                    ((LongVector)out).append(Conversions.wrap(Math.abs(getLong(a[0], r)), result.unwrapped()));
                }
            }
            return out;
        }, "abs");
        register(comparison(EQ), "equals");
        register(comparison(NE), "not_equals");
        register(comparison(LT), "less");
        register(comparison(GT), "greater");
        register(comparison(LE), "less_or_equals");
        register(comparison(GE), "greater_or_equals");
        register(logic(true), "and");
        register(logic(false), "or");
        register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(getDouble(a[0], r) == 0 ? 1 : 0);
            }
            return out;
        }, "not");
        register((a, rows, result, nulls) -> ifThenElse(a, rows, result), "if");
        register((a, rows, result, nulls) ->
        {
            // null_if(x, y): NULL where x = y, else x
            final Vector equal = comparison(EQ).apply(a, rows, DataType.nullable(DataType.UINT8), null);
            final Vector x = ArrayScalars.as(a[0], rows, result);
            final Vector out = Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                if (!equal.isNull(r) && ((LongVector)equal).get(r) != 0)
                {
                    out.appendNull();
                }
                else
                {
                    out.appendFrom(x, r);
                }
            }
            return out;
        }, "null_if");
        register((a, rows, result, nulls) -> multiIf(a, rows, result), "multi_if");
        register((a, rows, result, nulls) -> coalesce(a, rows, result), "coalesce", "if_null");
        register((a, rows, result, nulls) -> isNull(a, rows, result, true), "is_null");
        register((a, rows, result, nulls) -> isNull(a, rows, result, false), "is_not_null");
        register((a, rows, result, nulls) -> stringLength(a, rows, result, false), "length");
        register((a, rows, result, nulls) -> stringLength(a, rows, result, true), "length_utf8");
        register((a, rows, result, nulls) -> asciiCase(a[0], rows, result, false), "lower");
        register((a, rows, result, nulls) -> asciiCase(a[0], rows, result, true), "upper");
        register((a, rows, result, nulls) -> mapString(a, rows, result, s -> s.toLowerCase(java.util.Locale.ROOT)),
            "lower_utf8");
        register((a, rows, result, nulls) -> mapString(a, rows, result, s -> s.toUpperCase(java.util.Locale.ROOT)),
            "upper_utf8");
        register((a, rows, result, nulls) -> mapString(a, rows, result, Scalars::trimSpaces), "trim", "trim_both");
        register((a, rows, result, nulls) -> mapString(a, rows, result, s -> new StringBuilder(s).reverse().toString()),
            "reverse");
        register((a, rows, result, nulls) -> concat(a, rows, result), "concat");
        register((a, rows, result, nulls) -> substring(a, rows, result), "substring", "substr");
        register((a, rows, result, nulls) -> like(a, rows, result, false, false), "like");
        register((a, rows, result, nulls) -> like(a, rows, result, true, false), "not_like");
        register((a, rows, result, nulls) -> like(a, rows, result, false, true), "ilike");
        register((a, rows, result, nulls) -> like(a, rows, result, true, true), "not_ilike");
        register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(emptyAt(a[0], r) ? 1 : 0);
            }
            return out;
        }, "empty");
        register((a, rows, result, nulls) ->
        {
            final LongVector out = (LongVector)Vector.create(result, rows);
            for (int r = 0; r < rows; r++)
            {
                out.append(emptyAt(a[0], r) ? 0 : 1);
            }
            return out;
        }, "not_empty");
        register((a, rows, result, nulls) -> now(result, rows), "now", "now64", "today");
        register(timeField(ZonedDateTime::getYear), "to_year");
        register(timeField(t -> t.getMonthValue()), "to_month");
        register(timeField(t -> (t.getMonthValue() - 1) / 3 + 1), "to_quarter");
        register(timeField(ZonedDateTime::getDayOfMonth), "to_day_of_month");
        register(timeField(ZonedDateTime::getDayOfYear), "to_day_of_year");
        register(timeField(ZonedDateTime::getHour), "to_hour");
        register(timeField(ZonedDateTime::getMinute), "to_minute");
        register(timeField(ZonedDateTime::getSecond), "to_second");
        register(timeField(ZonedDateTime::toEpochSecond), "to_unix_timestamp");
        register(timeField(t -> t.getYear() * 100L + t.getMonthValue()), "to_yyyymm");
        register(timeField(t -> t.getYear() * 10000L + t.getMonthValue() * 100L + t.getDayOfMonth()), "to_yyyymmdd");
        register(startOf(java.time.temporal.ChronoUnit.SECONDS), "to_start_of_second");
        register(startOf(java.time.temporal.ChronoUnit.MINUTES), "to_start_of_minute");
        register(startOf(java.time.temporal.ChronoUnit.HOURS), "to_start_of_hour");
        register(startOf(java.time.temporal.ChronoUnit.DAYS), "to_start_of_day");
        register(startOf(java.time.temporal.ChronoUnit.MONTHS), "to_start_of_month");
        register(startOf(java.time.temporal.ChronoUnit.YEARS), "to_start_of_year");
        register((a, rows, result, nulls) -> arrayOf(a, rows, result), "array");
        register((a, rows, result, nulls) -> tupleOf(a, rows, result), "tuple");
        register((a, rows, result, nulls) -> arrayElement(a, rows, result), "array_element", "tuple_element");
        register((a, rows, result, nulls) -> in(a, rows, result, false), "in", "global_in");
        register((a, rows, result, nulls) -> in(a, rows, result, true), "not_in", "global_not_in");
        // to_string(t, 'zone') and to_date(t, 'zone') read the time in that zone
        final ScalarFunction conversion = (a, rows, result, nulls) ->
            Conversions.convert(a.length > 1 && isTime(a[0].type()) ? inZone(a, rows) : a[0], rows, result,
                Conversions.Mode.CAST);
        for (final String name : List.of("to_int8", "to_int16", "to_int32", "to_int64", "to_int128", "to_int256",
            "to_uint8", "to_uint16", "to_uint32", "to_uint64", "to_uint128", "to_uint256", "to_float32", "to_float64",
            "to_string", "to_date", "to_date32", "to_datetime", "to_datetime64", "to_bool", "to_uuid", "to_ipv4",
            "to_ipv6", "to_decimal32", "to_decimal64", "to_decimal128", "to_decimal256", "to_nullable",
            "to_fixed_string", "assume_not_null"))
        {
            register(conversion, name);
        }
        register((a, rows, result, nulls) -> Constants.repeat(a[0].type().clickHouseName(), result, rows), "to_type_name");
        register((a, rows, result, nulls) -> defaults(result, rows), "default_value_of_type_name",
            "default_value_of_argument_type");
    }

    private static long intDivisor(final long q)
    {
        if (q == 0)
        {
            throw new MuonException(ErrorCodes.ILLEGAL_DIVISION, "Division by zero");
        }
        return q;
    }

    /** {@code rows} default values of {@code type}: NULL when Nullable, else zero, '' or []. */
    static Vector defaults(final DataType type, final int rows)
    {
        final Vector out = Vector.create(type, rows);
        for (int r = 0; r < rows; r++)
        {
            out.appendNull();
        }
        return out;
    }
}
