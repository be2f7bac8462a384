package io.muon.sql.plan;

import io.muon.kernel.type.TypeId;

import java.util.ArrayList;
import java.util.List;

/** Prints a logical plan as EXPLAIN PLAN shows it: one line per node, children indented under their parent. */
public final class PlanPrinter
{
    private PlanPrinter()
    {
    }

    /** The lines of the plan, the root first. */
    public static List<String> lines(final QueryPlan plan)
    {
        final List<String> lines = new ArrayList<>();
        lines.add((plan.streaming() ? "Streaming query" : "Bounded query") +
            (plan.emit() == null ? "" : ", emit " + plan.emit()));
        node(plan.root(), 1, lines);
        return lines;
    }

    private static void node(final LogicalPlan node, final int depth, final List<String> lines)
    {
        final StringBuilder line = new StringBuilder("  ".repeat(depth));
        if (node instanceof LogicalPlan.StreamScan scan)
        {
            line.append("StreamScan ").append(scan.stream().qualifiedName())
                .append(scan.streaming() ? " (streaming)" : " (bounded)");
        }
        else if (node instanceof LogicalPlan.RandomScan random)
        {
            line.append("RandomScan ").append(random.stream().qualifiedName()).append(random.streaming() ?
                " (streaming, eps " + random.eps() + ", every " + random.intervalMs() + " ms)" :
                " (bounded, " + random.boundedRows() + " rows)");
        }
        else if (node instanceof LogicalPlan.ExternalTable table)
        {
            line.append("ExternalTable ").append(table.name());
        }
        else if (node instanceof LogicalPlan.SystemTable table)
        {
            line.append("SystemTable system.").append(table.name());
        }
        else if (node instanceof LogicalPlan.Numbers numbers)
        {
            line.append("Numbers start ").append(numbers.start())
                .append(numbers.count() < 0 ? ", endless" : ", count " + numbers.count());
        }
        else if (node instanceof LogicalPlan.Window window)
        {
            line.append("Window ").append(window.kind()).append(" time ").append(window.timeColumn().name());
            if (window.slide() != null)
            {
                line.append(", slide ").append(window.slide());
            }
            line.append(window.kind() == LogicalPlan.WindowKind.SESSION ? ", timeout " : ", size ").append(window.size());
            if (window.maxLength() != null)
            {
                line.append(", max length ").append(window.maxLength());
            }
            if (window.startCondition() != null)
            {
                line.append(", start ").append(expression(window.startCondition()))
                    .append(", end ").append(expression(window.endCondition()));
            }
        }
        else if (node instanceof LogicalPlan.LatestPerKey latest)
        {
            line.append("LatestPerKey keys ").append(expressions(latest.keys()));
        }
        else if (node instanceof LogicalPlan.Changelog changelog)
        {
            line.append("Changelog keys ").append(expressions(changelog.keys()));
            if (changelog.version() != null)
            {
                line.append(", version ").append(expression(changelog.version()));
            }
            if (changelog.dropLateRows())
            {
                line.append(", drop late rows");
            }
        }
        else if (node instanceof LogicalPlan.Dedup dedup)
        {
            line.append("Dedup keys ").append(expressions(dedup.keys()));
            if (dedup.timeout() != null)
            {
                line.append(", timeout ").append(dedup.timeout());
            }
            if (dedup.limit() >= 0)
            {
                line.append(", limit ").append(dedup.limit());
            }
        }
        else if (node instanceof LogicalPlan.Filter filter)
        {
            line.append("Filter ").append(expression(filter.predicate()));
        }
        else if (node instanceof LogicalPlan.Project project)
        {
            line.append("Project ");
            for (int i = 0; i < project.expressions().size(); i++)
            {
                line.append(i > 0 ? ", " : "").append(expression(project.expressions().get(i)));
                final LogicalPlan.Column column = project.output().get(i);
                if (!column.name().equals(expression(project.expressions().get(i))))
                {
                    line.append(" AS ").append(column.name());
                }
                line.append(' ').append(column.type().clickHouseName());
            }
        }
        else if (node instanceof LogicalPlan.Aggregate aggregate)
        {
            line.append(aggregate.windowed() ? "WindowAggregate" : "Aggregate")
                .append(" keys ").append(expressions(aggregate.keys()))
                .append(", aggregates ").append(expressions(new ArrayList<>(aggregate.aggregates())));
            if (aggregate.withTotals())
            {
                line.append(", with totals");
            }
            if (aggregate.emit() != null)
            {
                line.append(", emit ").append(aggregate.emit());
            }
        }
        else if (node instanceof LogicalPlan.Sort sort)
        {
            line.append("Sort ");
            for (int i = 0; i < sort.keys().size(); i++)
            {
                final LogicalPlan.SortKey key = sort.keys().get(i);
                line.append(i > 0 ? ", " : "").append(expression(key.expression()))
                    .append(key.descending() ? " DESC" : " ASC").append(key.nullsFirst() ? " NULLS FIRST" : "");
            }
            if (sort.limit() >= 0)
            {
                line.append(", top ").append(sort.limit());
            }
        }
        else if (node instanceof LogicalPlan.Limit limit)
        {
            line.append("Limit ").append(limit.limit()).append(limit.offset() > 0 ? " offset " + limit.offset() : "");
        }
        else if (node instanceof LogicalPlan.LimitBy limitBy)
        {
            line.append("LimitBy ").append(limitBy.limit())
                .append(limitBy.offset() > 0 ? " offset " + limitBy.offset() : "")
                .append(" by ").append(expressions(limitBy.keys()));
        }
        else if (node instanceof LogicalPlan.Distinct distinct)
        {
            line.append("Distinct on ").append(distinct.keyCount()).append(" columns");
        }
        else if (node instanceof LogicalPlan.Union union)
        {
            line.append(union.all() ? "Union all" : "Union distinct");
        }
        else if (node instanceof LogicalPlan.Join join)
        {
            line.append("Join ").append(join.kind()).append(join.strictness() == null ? "" : " " + join.strictness());
            if (join.condition() != null)
            {
                line.append(" on ").append(expression(join.condition()));
            }
        }
        lines.add(line.toString());
        for (final LogicalPlan input : node.inputs())
        {
            node(input, depth + 1, lines);
        }
    }

    private static String expressions(final List<? extends TypedExpr> expressions)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < expressions.size(); i++)
        {
            text.append(i > 0 ? ", " : "").append(expression(expressions.get(i)));
        }
        return text.append(']').toString();
    }

    /** An expression in function form: {@code plus(a, 1)}, {@code sum_if(x, greater(y, 0))}. */
    public static String expression(final TypedExpr expr)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            return ref.name();
        }
        if (expr instanceof TypedExpr.LambdaParameter parameter)
        {
            return parameter.name();
        }
        if (expr instanceof TypedExpr.Constant constant)
        {
            return constant(constant.value(), constant.type().unwrapped().id() == TypeId.TUPLE);
        }
        if (expr instanceof TypedExpr.Call call)
        {
            return call.function() + arguments(call.arguments(), null);
        }
        if (expr instanceof TypedExpr.AggregateCall aggregate)
        {
            final StringBuilder text = new StringBuilder(aggregate.function());
            if (aggregate.condition() != null)
            {
                text.append("_if");
            }
            if (!aggregate.parameters().isEmpty())
            {
                text.append('(');
                for (int i = 0; i < aggregate.parameters().size(); i++)
                {
                    text.append(i > 0 ? ", " : "").append(constant(aggregate.parameters().get(i), false));
                }
                text.append(')');
            }
            final List<TypedExpr> arguments = new ArrayList<>(aggregate.arguments());
            if (aggregate.condition() != null)
            {
                arguments.add(aggregate.condition());
            }
            return text + arguments(arguments, aggregate.distinct() ? "DISTINCT " : null);
        }
        if (expr instanceof TypedExpr.Lambda lambda)
        {
            return (lambda.parameters().size() == 1 ? lambda.parameters().get(0) :
                "(" + String.join(", ", lambda.parameters()) + ")") + " -> " + expression(lambda.body());
        }
        return "(subquery)";
    }

    private static String arguments(final List<TypedExpr> arguments, final String prefix)
    {
        final StringBuilder text = new StringBuilder("(");
        if (prefix != null)
        {
            text.append(prefix);
        }
        for (int i = 0; i < arguments.size(); i++)
        {
            text.append(i > 0 ? ", " : "").append(expression(arguments.get(i)));
        }
        return text.append(')').toString();
    }

    private static String constant(final Object value, final boolean tuple)
    {
        if (value == null)
        {
            return "NULL";
        }
        if (value instanceof String s)
        {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (value instanceof TypedExpr.IntervalValue interval)
        {
            return "INTERVAL " + interval;
        }
        if (value instanceof List<?> list)
        {
            final StringBuilder text = new StringBuilder(tuple ? "(" : "[");
            for (int i = 0; i < list.size(); i++)
            {
                text.append(i > 0 ? ", " : "").append(constant(list.get(i), false));
            }
            return text.append(tuple ? ")" : "]").toString();
        }
        return String.valueOf(value);
    }
}
