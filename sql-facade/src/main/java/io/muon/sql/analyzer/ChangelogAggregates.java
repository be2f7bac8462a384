package io.muon.sql.analyzer;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.StreamMode;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A streaming aggregation over a changelog — a changelog_kv stream, a versioned_kv stream (whose updates become the
 * old row taken back and the new one added, as {@code changelog()} makes them) or {@code changelog(...)} — takes
 * back the rows with {@code _tp_delta} -1: its aggregates are rewritten to weigh each row by its delta, so that
 * {@code count()} and {@code sum()} go down when a key is deleted or updated. count, count_if, sum, sum_if, avg,
 * avg_if, min and max (of numbers and times: a count per value and group) can; other aggregates cannot take a row
 * back and are refused over a changelog.
 */
final class ChangelogAggregates
{
    private ChangelogAggregates()
    {
    }

    /**
     * The aggregation's input as a changelog, or null when it is not one: a versioned_kv stream read under WHERE
     * filters gets its changelog right above the stream (a filter then sees the rows taken back too).
     */
    static LogicalPlan changelog(final LogicalPlan input)
    {
        if (input instanceof LogicalPlan.Filter filter)
        {
            final LogicalPlan below = changelog(filter.input());
            return below == null ? null : new LogicalPlan.Filter(below, filter.predicate());
        }
        if (input instanceof LogicalPlan.Changelog)
        {
            return input;
        }
        if (emitsChangelog(input))
        {
            // an aggregation that emits its changes (EMIT CHANGELOG), maybe under the select list of its subquery
            return input;
        }
        if (input instanceof LogicalPlan.Join join && join.left() instanceof LogicalPlan.LatestPerKey &&
            join.right() instanceof LogicalPlan.LatestPerKey && !join.output().isEmpty() &&
            join.output().get(join.output().size() - 1).name().equals(DdlAnalyzer.TP_DELTA) &&
            join.output().size() == join.left().output().size() + join.right().output().size() + 1)
        {
            // a join of two versioned streams takes back the joined rows of replaced keys
            return input;
        }
        if (input instanceof LogicalPlan.LatestPerKey latest &&
            latest.input() instanceof LogicalPlan.StreamScan scan && scan.streaming())
        {
            if (scan.stream().mode() == StreamMode.CHANGELOG_KV)
            {
                return input;
            }
            final List<LogicalPlan.Column> output = new ArrayList<>(latest.output());
            output.add(new LogicalPlan.Column(DdlAnalyzer.TP_DELTA, DataType.INT8));
            return new LogicalPlan.Changelog(latest, latest.keys(), latest.version(), true, output);
        }
        return null;
    }

    /** An aggregation with EMIT CHANGELOG, or projections of its columns that keep its {@code _tp_delta} last. */
    private static boolean emitsChangelog(final LogicalPlan input)
    {
        final List<LogicalPlan.Column> output = input.output();
        if (output.isEmpty() || !output.get(output.size() - 1).name().equals(DdlAnalyzer.TP_DELTA))
        {
            return false;
        }
        if (input instanceof LogicalPlan.Aggregate aggregate)
        {
            return aggregate.emit() != null && aggregate.emit().changelog();
        }
        if (input instanceof LogicalPlan.Project project &&
            project.expressions().get(project.expressions().size() - 1) instanceof TypedExpr.ColumnRef ref &&
            ref.index() == project.input().output().size() - 1)
        {
            return emitsChangelog(project.input());
        }
        return input instanceof LogicalPlan.Filter filter && emitsChangelog(filter.input());
    }

    /**
     * Whether {@code input} is a changelog behind projections (a subquery or view over a keyed stream): its rows are
     * versions and retractions that an aggregation over it would count as new rows.
     */
    static boolean hidesChangelog(final LogicalPlan input)
    {
        if (input instanceof LogicalPlan.Project project)
        {
            return changelog(project.input()) != null || hidesChangelog(project.input());
        }
        if (input instanceof LogicalPlan.Filter filter)
        {
            return hidesChangelog(filter.input());
        }
        return false;
    }

    /** The {@code _tp_delta} column of a changelog made by {@link #changelog}. */
    static TypedExpr.ColumnRef delta(final LogicalPlan changelog)
    {
        final List<LogicalPlan.Column> columns = changelog.output();
        for (int i = columns.size() - 1; i >= 0; i--)
        {
            if (columns.get(i).name().equals(DdlAnalyzer.TP_DELTA))
            {
                return new TypedExpr.ColumnRef(i, DdlAnalyzer.TP_DELTA, columns.get(i).type());
            }
        }
        throw new MuonException(ErrorCodes.LOGICAL_ERROR, "A changelog without _tp_delta");
    }

    /** The aggregates, each weighing its rows by {@code delta}; same result types. */
    static List<TypedExpr.AggregateCall> retracting(final List<TypedExpr.AggregateCall> calls,
        final TypedExpr.ColumnRef delta)
    {
        final List<TypedExpr.AggregateCall> out = new ArrayList<>();
        for (final TypedExpr.AggregateCall call : calls)
        {
            out.add(retracting(call, delta));
        }
        return out;
    }

    private static TypedExpr.AggregateCall retracting(final TypedExpr.AggregateCall call,
        final TypedExpr.ColumnRef delta)
    {
        final String plain = call.function().endsWith("_if") ? call.function().substring(0, call.function().length() -
            3) : call.function();
        if (call.arguments().size() == 1 && (call.distinct() && plain.equals("count") ||
            plain.equals("unique_exact") || plain.equals("uniq_exact") || plain.equals("count_distinct")))
        {
            // each group counts its values: a value leaves the distinct ones when its last row is taken back
            return new TypedExpr.AggregateCall("changelog_unique_exact", call.parameters(),
                List.of(call.arguments().get(0), delta), false, call.condition(), call.type());
        }
        if (call.distinct())
        {
            throw cannot(call);
        }
        switch (call.function().endsWith("_if") ? call.function().substring(0, call.function().length() - 3) :
            call.function())
        {
            case "count":
            {
                // each row counts its delta; UInt64 arithmetic wraps, so the total comes out right
                TypedExpr condition = call.condition();
                for (final TypedExpr argument : call.arguments())
                {
                    if (argument.type().isNullable())
                    {
                        condition = and(condition, new TypedExpr.Call("is_not_null", List.of(argument),
                            DataType.UINT8));
                    }
                }
                return new TypedExpr.AggregateCall("sum", call.parameters(), List.of(as(delta, DataType.UINT64)),
                    false, condition, call.type());
            }
            case "sum":
            {
                final DataType type = call.type().unwrapped();
                if (type.id() != TypeId.INT64 && type.id() != TypeId.UINT64 && type.id() != TypeId.FLOAT64)
                {
                    throw cannot(call);
                }
                final TypedExpr weighed = new TypedExpr.Call("multiply", List.of(as(call.arguments().get(0), type),
                    as(delta, type)), TypeRules.propagate(type, call.arguments().get(0).type()));
                return new TypedExpr.AggregateCall("sum", call.parameters(), List.of(weighed), false,
                    call.condition(), call.type());
            }
            case "avg":
                return new TypedExpr.AggregateCall("avg_weighted", call.parameters(),
                    List.of(call.arguments().get(0), delta), false, call.condition(), call.type());
            case "min":
            case "max":
                // each group counts its values, so the extreme falls back when its last row is taken back
                return new TypedExpr.AggregateCall("changelog_" + call.function().substring(0, 3), call.parameters(),
                    List.of(call.arguments().get(0), delta), false, call.condition(), call.type());
            default:
                throw cannot(call);
        }
    }

    private static TypedExpr as(final TypedExpr expr, final DataType type)
    {
        final DataType plain = type.unwrapped();
        final String name = "to_" + plain.clickHouseName().toLowerCase(Locale.ROOT);
        return expr.type().unwrapped().equals(plain) ? expr : new TypedExpr.Call(name, List.of(expr),
            TypeRules.propagate(plain, expr.type()));
    }

    private static TypedExpr and(final TypedExpr a, final TypedExpr b)
    {
        return a == null ? b : new TypedExpr.Call("and", List.of(a, b), DataType.UINT8);
    }

    private static MuonException cannot(final TypedExpr.AggregateCall call)
    {
        return new MuonException(ErrorCodes.NOT_IMPLEMENTED, (call.distinct() ? call.function() + "(DISTINCT …)" :
            call.function()) + " over a changelog (a versioned_kv or changelog_kv stream, or changelog()) cannot " +
            "take back the rows deleted or replaced; count, count_if, sum, sum_if (of integers or floats), avg, " +
            "avg_if, min, max and unique_exact or count(DISTINCT …) of one number, date or time can");
    }

    /** Nullable when {@code of} is. */
    private static final class TypeRules
    {
        static DataType propagate(final DataType type, final DataType of)
        {
            return io.muon.sql.function.TypeRules.propagateNullable(type, List.of(of));
        }
    }
}
