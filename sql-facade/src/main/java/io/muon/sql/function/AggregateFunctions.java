package io.muon.sql.function;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the aggregate functions with ClickHouse's result types. Proton spells some differently from ClickHouse
 * ({@code unique} for {@code uniq}); both are accepted. Parametric forms take their parameters either ClickHouse's
 * way, {@code quantile(0.9)(x)}, or Proton's, {@code quantile(x, 0.9)}.
 */
final class AggregateFunctions
{
    private static final FunctionSignature.ReturnType UINT64 = a -> DataType.UINT64;
    private static final FunctionSignature.ReturnType FLOAT64 = a -> DataType.FLOAT64;
    private static final FunctionSignature.ReturnType FIRST = a -> a.type(0);

    private AggregateFunctions()
    {
    }

    /** sum's result: Int64 for signed integers, UInt64 for unsigned, Float64 for floats, Decimal(38, S) for decimals. */
    static DataType sumType(final DataType value)
    {
        final DataType type = value.unwrapped();
        if (type.id() == TypeId.DECIMAL)
        {
            return DataType.decimal(type.precision() <= 38 ? 38 : 76, type.scale());
        }
        if (type.id().isFloat())
        {
            return DataType.FLOAT64;
        }
        if (type.id() == TypeId.INT128 || type.id() == TypeId.INT256 || type.id() == TypeId.UINT128 ||
            type.id() == TypeId.UINT256)
        {
            return type;
        }
        if (type.id().isSignedInteger())
        {
            return DataType.INT64;
        }
        if (type.id().isUnsignedInteger() || type.id() == TypeId.BOOL || type.id() == TypeId.NOTHING)
        {
            return DataType.UINT64;
        }
        throw new MuonException(ErrorCodes.ILLEGAL_TYPE_OF_ARGUMENT, "Illegal type " + value.clickHouseName() +
            " of argument for aggregate function sum");
    }

    static void register(final FunctionRegistry r)
    {
        r.aggregate("count", "?*...", UINT64).handlesNulls();
        r.aggregate("count_distinct", "*...", UINT64).handlesNulls();
        r.aggregate("sum", "N", a -> sumType(a.type(0)));
        r.aggregate("sum_with_overflow", "N", FIRST);
        r.aggregate("avg", "N", FLOAT64);
        r.alias("mean", "avg");
        r.aggregate("avg_weighted", "N,N", FLOAT64);
        for (final String name : List.of("min", "max", "any", "any_last", "any_heavy", "first_value", "last_value",
            "latest", "earliest"))
        {
            r.aggregate(name, "*", FIRST);
        }
        r.alias("any_value", "any");
        r.aggregate("arg_min", "*,*", FIRST);
        r.aggregate("arg_max", "*,*", FIRST);
        r.aggregate("unique", "*...", UINT64).handlesNulls();
        r.alias("uniq", "unique");
        r.alias("approx_count_distinct", "unique");
        r.aggregate("unique_exact", "*...", UINT64).handlesNulls();
        r.alias("uniq_exact", "unique_exact");
        r.aggregate("uniq_combined", "*...", UINT64).parameters(1);
        r.aggregate("uniq_combined64", "*...", UINT64).parameters(1);
        r.aggregate("uniq_hll12", "*...", UINT64);
        r.aggregate("uniq_theta", "*...", UINT64);
        for (final String name : List.of("quantile", "quantile_tdigest", "quantile_timing", "quantile_deterministic",
            "quantile_exact_weighted"))
        {
            r.aggregate(name, "N,?*...", a ->
            {
                quantileLevel(a, name);
                return DataType.FLOAT64;
            }).parameters(1);
        }
        r.aggregate("quantile_exact", "N,?N", a ->
        {
            quantileLevel(a, "quantile_exact");
            return a.type(0);
        }).parameters(1);
        r.aggregate("quantiles", "N,?N...", a ->
        {
            if (a.parameters().isEmpty() && a.size() < 2)
            {
                throw new MuonException(ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
                    "Aggregate function quantiles requires at least one level");
            }
            return DataType.array(DataType.FLOAT64);
        }).parameters(Integer.MAX_VALUE);
        r.aggregate("quantiles_exact", "N,?N...", a -> DataType.array(a.type(0))).parameters(Integer.MAX_VALUE);
        r.aggregate("median", "N", FLOAT64);
        r.aggregate("median_exact", "N", FIRST);
        for (final String name : List.of("p50", "p90", "p95", "p99", "p999"))
        {
            r.aggregate(name, "N", FLOAT64);
        }
        r.aggregate("top_k", "*,?I,?*", a ->
        {
            final boolean withCounts = a.size() > 2 && Boolean.TRUE.equals(asBoolean(a.constant(2)));
            if (a.size() > 1)
            {
                a.constantInteger(1);
            }
            return DataType.array(withCounts ? DataType.tuple(List.of(a.type(0), DataType.UINT64), null) : a.type(0));
        }).parameters(2);
        r.alias("topk", "top_k");
        r.aggregate("top_k_weighted", "*,N,?I", a -> DataType.array(a.type(0))).parameters(2);
        for (final String name : List.of("min_k", "max_k"))
        {
            r.aggregate(name, "*,I,?*...", a ->
            {
                a.constantInteger(1);
                if (a.size() == 2)
                {
                    return DataType.array(a.type(0));
                }
                final List<DataType> elements = new ArrayList<>();
                elements.add(a.type(0));
                for (int i = 2; i < a.size(); i++)
                {
                    elements.add(a.type(i));
                }
                return DataType.array(DataType.tuple(elements, null));
            });
        }
        r.aggregate("group_array", "*", a -> DataType.array(a.type(0))).parameters(1).handlesNulls();
        r.aggregate("group_uniq_array", "*", a -> DataType.array(a.type(0))).parameters(1).handlesNulls();
        r.aggregate("group_array_sorted", "*", a -> DataType.array(a.type(0))).parameters(1);
        r.aggregate("group_array_last", "*", a -> DataType.array(a.type(0))).parameters(1);
        r.aggregate("group_array_moving_sum", "N", a -> DataType.array(sumType(a.type(0)))).parameters(1);
        r.aggregate("moving_sum", "N", a -> DataType.array(sumType(a.type(0)))).parameters(1);
        for (final String name : List.of("stddev_pop", "stddev_samp", "var_pop", "var_samp", "skew_pop", "skew_samp",
            "kurt_pop", "kurt_samp", "entropy"))
        {
            r.aggregate(name, "*", FLOAT64);
        }
        r.alias("stddev", "stddev_samp");
        r.alias("variance", "var_samp");
        r.alias("std", "stddev_pop");
        r.aggregate("covar_pop", "N,N", FLOAT64);
        r.aggregate("covar_samp", "N,N", FLOAT64);
        r.aggregate("corr", "N,N", FLOAT64);
        r.aggregate("group_bit_and", "I", FIRST);
        r.aggregate("group_bit_or", "I", FIRST);
        r.aggregate("group_bit_xor", "I", FIRST);
        r.aggregate("sum_map", "A,A", a -> DataType.tuple(List.of(a.type(0), DataType.array(sumType(a.type(1).element(0)))), null));
        r.aggregate("histogram", "N", a -> DataType.array(DataType.tuple(List.of(DataType.FLOAT64, DataType.FLOAT64,
            DataType.FLOAT64), null))).parameters(1);
    }

    /** The level of a quantile, from its parameter or Proton's second argument; checked to be in [0, 1]. */
    private static double quantileLevel(final Arguments a, final String name)
    {
        final Object level;
        if (!a.parameters().isEmpty())
        {
            level = a.parameters().get(0);
        }
        else if (a.size() > 1)
        {
            level = a.constant(1);
        }
        else
        {
            return 0.5;
        }
        final double value = level instanceof Number n ? n.doubleValue() : Double.NaN;
        if (!(value >= 0 && value <= 1))
        {
            throw new MuonException(ErrorCodes.PARAMETER_OUT_OF_BOUND, "Quantile level " + level +
                " of " + name + " is out of range [0..1]");
        }
        return value;
    }

    private static Boolean asBoolean(final Object value)
    {
        if (value instanceof Boolean b)
        {
            return b;
        }
        if (value instanceof Long l)
        {
            return l != 0;
        }
        return null;
    }
}
