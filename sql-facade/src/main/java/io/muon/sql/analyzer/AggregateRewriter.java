package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.sql.plan.LogicalPlan.Column;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites expressions typed over an aggregation's input into expressions over its output: a subexpression equal to
 * a GROUP BY key or an aggregate call becomes a reference to that output column; any other column reference is an
 * error (Code 215), as in ClickHouse.
 */
final class AggregateRewriter
{
    private final List<TypedExpr> keys;
    private final List<TypedExpr.AggregateCall> aggregates;
    private final List<Column> output;

    AggregateRewriter(final List<TypedExpr> keys, final List<TypedExpr.AggregateCall> aggregates,
        final List<Column> output)
    {
        this.keys = keys;
        this.aggregates = aggregates;
        this.output = output;
    }

    List<TypedExpr> rewriteAll(final List<TypedExpr> expressions)
    {
        final List<TypedExpr> out = new ArrayList<>();
        for (final TypedExpr e : expressions)
        {
            out.add(rewrite(e));
        }
        return out;
    }

    TypedExpr rewrite(final TypedExpr e)
    {
        final int key = keys.indexOf(e);
        if (key >= 0)
        {
            return reference(key);
        }
        if (e instanceof TypedExpr.AggregateCall aggregate)
        {
            return reference(keys.size() + aggregates.indexOf(aggregate));
        }
        if (e instanceof TypedExpr.ColumnRef ref)
        {
            throw new MuonException(ErrorCodes.NOT_AN_AGGREGATE, "Column " + ref.name() +
                " is not under aggregate function and not in GROUP BY keys");
        }
        if (e instanceof TypedExpr.Call call && call.function().equals(QueryAnalyzer.EMIT_VERSION))
        {
            // the aggregation numbers its emits in its last column
            return reference(output.size() - 1);
        }
        if (e instanceof TypedExpr.Call call)
        {
            final List<TypedExpr> arguments = new ArrayList<>();
            for (final TypedExpr argument : call.arguments())
            {
                arguments.add(rewrite(argument));
            }
            return new TypedExpr.Call(call.function(), arguments, call.type());
        }
        if (e instanceof TypedExpr.Lambda lambda)
        {
            return new TypedExpr.Lambda(lambda.parameters(), lambda.parameterTypes(), rewrite(lambda.body()));
        }
        return e;
    }

    private TypedExpr reference(final int index)
    {
        final Column column = output.get(index);
        return new TypedExpr.ColumnRef(index, column.name(), column.type());
    }
}
