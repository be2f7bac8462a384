package io.muon.sql.plan;

import java.util.BitSet;
import java.util.List;

/**
 * Which output columns of a plan carry event time, as Flink tracks its time attributes: a stream's {@code _tp_time}
 * (and the column its {@code event_time_column} names), a window's {@code window_start} and {@code window_end}, and
 * those columns passed on unchanged by projections (under any alias), filters, grouping keys and joins. A streaming
 * join derives a time range only from comparisons of such columns, where both sides' times only move forward; other
 * times (a business date) stay plain conditions.
 */
public final class TimeAttributes
{
    private TimeAttributes()
    {
    }

    /** The output columns of {@code plan} that carry event time. */
    public static BitSet of(final LogicalPlan plan)
    {
        final BitSet out = new BitSet();
        if (plan instanceof LogicalPlan.StreamScan scan)
        {
            final String eventTime = scan.stream().settings().get("event_time_column");
            final List<LogicalPlan.Column> columns = scan.output();
            for (int i = 0; i < columns.size(); i++)
            {
                final String name = columns.get(i).name();
                if (name.equals("_tp_time") || name.equals(eventTime))
                {
                    out.set(i);
                }
            }
        }
        else if (plan instanceof LogicalPlan.Window window)
        {
            out.or(of(window.input()));
            out.set(window.output().size() - 2, window.output().size());
        }
        else if (plan instanceof LogicalPlan.Project project)
        {
            final BitSet input = of(project.input());
            for (int i = 0; i < project.expressions().size(); i++)
            {
                if (project.expressions().get(i) instanceof TypedExpr.ColumnRef ref && input.get(ref.index()))
                {
                    out.set(i);
                }
            }
        }
        else if (plan instanceof LogicalPlan.Aggregate aggregate)
        {
            // the output starts with the keys
            final BitSet input = of(aggregate.input());
            for (int i = 0; i < aggregate.keys().size(); i++)
            {
                if (aggregate.keys().get(i) instanceof TypedExpr.ColumnRef ref && input.get(ref.index()))
                {
                    out.set(i);
                }
            }
        }
        else if (plan instanceof LogicalPlan.Join join)
        {
            out.or(of(join.left()));
            final BitSet right = of(join.right());
            final int leftWidth = join.left().output().size();
            right.stream().forEach(i -> out.set(leftWidth + i));
        }
        else if (plan instanceof LogicalPlan.Union union)
        {
            boolean first = true;
            for (final LogicalPlan input : union.inputs())
            {
                if (first)
                {
                    out.or(of(input));
                    first = false;
                }
                else
                {
                    out.and(of(input));
                }
            }
        }
        else if (plan instanceof LogicalPlan.Filter || plan instanceof LogicalPlan.LatestPerKey ||
            plan instanceof LogicalPlan.Dedup || plan instanceof LogicalPlan.Changelog ||
            plan instanceof LogicalPlan.Limit || plan instanceof LogicalPlan.LimitBy ||
            plan instanceof LogicalPlan.Sort || plan instanceof LogicalPlan.Distinct)
        {
            // the same columns in the same places (a changelog adds _tp_delta after them)
            out.or(of(plan.inputs().get(0)));
        }
        return out;
    }
}
