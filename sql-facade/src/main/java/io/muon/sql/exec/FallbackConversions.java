package io.muon.sql.exec;

import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * Bodies of the conversions that never fail on a value: {@code to<Type>OrNull}, {@code to<Type>OrZero} and
 * {@code to<Type>OrDefault(x[, default])}, including the Decimal ({@code toDecimal32OrNull(x, scale)}) and wide
 * integer forms. A value that does not convert gives NULL, the type's default value or the default argument.
 * -OrNull and -OrZero read text strictly and wrap integers on overflow ({@link Conversions.Mode#TRY}), as ClickHouse's
 * do; -OrDefault is ClickHouse's accurate cast: a value out of range, or NULL, gives the default. A batch converts in
 * one pass; only a batch with a value that fails is converted again row by row. Stateless.
 */
final class FallbackConversions
{
    private static final List<String> TYPES = List.of("int8", "int16", "int32", "int64", "int128", "int256", "uint8",
        "uint16", "uint32", "uint64", "uint128", "uint256", "float32", "float64");

    /** What a value that does not convert becomes. */
    private enum Fallback
    {
        NULL,
        ZERO,
        ARGUMENT
    }

    private FallbackConversions()
    {
    }

    static void register()
    {
        final ScalarFunction orNull = (a, rows, result, nulls) -> convert(a, rows, result, Fallback.NULL);
        final ScalarFunction orZero = (a, rows, result, nulls) -> convert(a, rows, result, Fallback.ZERO);
        final ScalarFunction orDefault = (a, rows, result, nulls) -> convert(a, rows, result, Fallback.ARGUMENT);
        for (final String type : TYPES)
        {
            Scalars.register(orNull, "to_" + type + "_or_null");
            Scalars.register(orZero, "to_" + type + "_or_zero");
            Scalars.register(orDefault, "to_" + type + "_or_default");
        }
        for (final String type : List.of("date", "datetime", "datetime64", "uuid", "decimal32", "decimal64",
            "decimal128", "decimal256"))
        {
            Scalars.register(orNull, "to_" + type + "_or_null");
            Scalars.register(orZero, "to_" + type + "_or_zero");
        }
    }

    private static Vector convert(final Vector[] a, final int rows, final DataType result, final Fallback fallback)
    {
        final Conversions.Mode mode = fallback == Fallback.ARGUMENT ? Conversions.Mode.CHECKED : Conversions.Mode.TRY;
        final Vector input = a[0];
        if (fallback != Fallback.ARGUMENT || !input.hasNulls())
        {
            try
            {
                return Conversions.convert(input, rows, result, mode);
            }
            catch (final MuonException e)
            {
                // some value does not convert: row by row below
            }
        }
        final Vector defaults = fallback == Fallback.ARGUMENT && a.length > 1 ?
            Conversions.convert(a[1], rows, result, Conversions.Mode.CAST) : null;
        final Vector out = Vector.create(result, rows);
        final Vector one = Vector.create(input.type(), 1);
        for (int r = 0; r < rows; r++)
        {
            one.reset();
            one.appendFrom(input, r);
            try
            {
                if (input.isNull(r) && fallback == Fallback.ARGUMENT)
                {
                    appendFallback(out, fallback, defaults, r);
                    continue;
                }
                out.appendFrom(Conversions.convert(one, 1, result, mode), 0);
            }
            catch (final MuonException e)
            {
                appendFallback(out, fallback, defaults, r);
            }
        }
        return out;
    }

    /**
     * NULL (for -OrNull), the type's default value (for -OrZero and -OrDefault without a default, even when the result
     * is Nullable because the argument is) or the default argument's row.
     */
    private static void appendFallback(final Vector out, final Fallback fallback, final Vector defaults, final int row)
    {
        if (defaults != null)
        {
            out.appendFrom(defaults, row);
            return;
        }
        out.appendNull();
        if (fallback != Fallback.NULL)
        {
            out.setNull(out.size() - 1, false);
        }
    }
}
