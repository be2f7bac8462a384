package io.muon.sql.plan;

import io.muon.kernel.type.DataType;

import java.util.List;

/**
 * A resolved, typed expression: what the analyzer hands to the planners instead of SQL. Column references point at
 * a position in the input of the plan node that evaluates the expression; function names are the registry's
 * canonical (snake_case) names; constants hold Java values ({@code Long} for integers of up to 64 bits in their two's
 * complement bits, {@code BigInteger} for wider ones, {@code Double}, {@code String}, {@code Boolean}, {@code List}
 * for arrays and tuples, {@code null} for NULL, {@link IntervalValue} for intervals).
 */
public sealed interface TypedExpr permits TypedExpr.Constant, TypedExpr.ColumnRef, TypedExpr.Call,
    TypedExpr.AggregateCall, TypedExpr.Lambda, TypedExpr.LambdaParameter, TypedExpr.Subquery
{
    DataType type();

    /** A value known at analysis time. */
    record Constant(Object value, DataType type) implements TypedExpr
    {
    }

    /** The column at {@code index} of the evaluating node's input. */
    record ColumnRef(int index, String name, DataType type) implements TypedExpr
    {
    }

    /** A scalar function call. */
    record Call(String function, List<TypedExpr> arguments, DataType type) implements TypedExpr
    {
        public Call
        {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * An aggregate function: {@code parameters} are the constant parameters ({@code quantile(0.9)}), {@code condition}
     * is the filter of an {@code -If} form ({@code sum_if(x, c)}, {@code count_if(c)}) or null. Appears only in an
     * {@link LogicalPlan.Aggregate}'s list; expressions above it refer to its output column.
     */
    record AggregateCall(String function, List<Object> parameters, List<TypedExpr> arguments, boolean distinct,
        TypedExpr condition, DataType type) implements TypedExpr
    {
        public AggregateCall
        {
            parameters = List.copyOf(parameters);
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code (x, y) -> body}, an argument of a higher-order function; its type is the type of the body. */
    record Lambda(List<String> parameters, List<DataType> parameterTypes, TypedExpr body) implements TypedExpr
    {
        public Lambda
        {
            parameters = List.copyOf(parameters);
            parameterTypes = List.copyOf(parameterTypes);
        }

        @Override
        public DataType type()
        {
            return body.type();
        }
    }

    /** A parameter of the innermost enclosing lambda ({@code depth} 0) or an outer one. */
    record LambdaParameter(int depth, int index, String name, DataType type) implements TypedExpr
    {
    }

    /**
     * A subquery used as a value: a scalar subquery ({@code (SELECT max(x) FROM t)}), the set of {@code x IN (SELECT
     * …)} or the argument of EXISTS. Its type is the type of its single column (a tuple for several columns).
     */
    record Subquery(QueryPlan plan, DataType type) implements TypedExpr
    {
    }

    /** An interval constant: {@code amount} units. */
    record IntervalValue(long amount, io.muon.kernel.type.IntervalUnit unit)
    {
        /** The interval in nanoseconds; calendar units count as 30, 91 and 365 days (for ordering, not arithmetic). */
        public long approximateNanos()
        {
            return switch (unit)
            {
                case MONTH -> amount * 30 * io.muon.kernel.type.IntervalUnit.DAY.nanos();
                case QUARTER -> amount * 91 * io.muon.kernel.type.IntervalUnit.DAY.nanos();
                case YEAR -> amount * 365 * io.muon.kernel.type.IntervalUnit.DAY.nanos();
                default -> amount * unit.nanos();
            };
        }

        @Override
        public String toString()
        {
            return amount + " " + unit.name();
        }
    }

    /**
     * {@code expr} with every column index moved by {@code delta}: how a condition over a join's rows (left columns,
     * then right ones) reads one side's own rows.
     */
    static TypedExpr shifted(final TypedExpr expr, final int delta)
    {
        if (expr instanceof ColumnRef ref)
        {
            return new ColumnRef(ref.index() + delta, ref.name(), ref.type());
        }
        if (expr instanceof Call call)
        {
            final java.util.List<TypedExpr> arguments = new java.util.ArrayList<>();
            call.arguments().forEach(a -> arguments.add(a == null ? null : shifted(a, delta)));
            return new Call(call.function(), arguments, call.type());
        }
        return expr;
    }
}
