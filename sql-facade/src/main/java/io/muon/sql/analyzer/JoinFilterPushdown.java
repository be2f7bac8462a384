package io.muon.sql.analyzer;

import io.muon.kernel.type.DataType;
import io.muon.sql.plan.LogicalPlan;
import io.muon.sql.plan.TypedExpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Moves the parts of a WHERE over a join that read one side only below the join, onto that side: fewer rows are
 * joined, and a streaming join keeps fewer rows. The parts of an INNER join's WHERE that read both sides join its ON
 * (the same rows pass), where a streaming join finds the time range that bounds what it keeps. A part moves only
 * where it filters the same rows there: both sides of INNER and CROSS joins, the preserved side of LEFT and RIGHT
 * joins, nothing of FULL joins; and only parts that give the same answer wherever they run (no random values, no
 * look-back such as {@code lag}, no subqueries).
 */
final class JoinFilterPushdown
{
    private static final java.util.Set<String> PINNED = java.util.Set.of("lag", "lags", "emit_version",
        "array_join", "row_number_in_block", "block_size", "generate_uuidv4", "now", "now64");

    private JoinFilterPushdown()
    {
    }

    /** {@code condition} over {@code input}, with what can be moved below a join moved there. */
    static LogicalPlan filter(final LogicalPlan input, final TypedExpr condition)
    {
        if (!(input instanceof LogicalPlan.Join join) || join.kind().equals("FULL"))
        {
            return new LogicalPlan.Filter(input, condition);
        }
        final int leftWidth = join.left().output().size();
        final int joinedWidth = leftWidth + join.right().output().size();
        // ASOF, LATEST, ANY… choose a right row by ON; the WHERE filters what they chose, so it stays off the right
        final boolean all = join.strictness() == null || join.strictness().equals("ALL");
        // a keyed stream's rows are versions of its keys: a filter below it would keep versions an update replaced
        final boolean intoLeft = !join.kind().equals("RIGHT") && !keyed(join.left());
        final boolean intoRight = (join.kind().equals("INNER") || join.kind().equals("CROSS")) && all &&
            !keyed(join.right());
        final boolean intoOn = join.kind().equals("INNER") && all;
        final List<TypedExpr> left = new ArrayList<>();
        final List<TypedExpr> right = new ArrayList<>();
        final List<TypedExpr> kept = new ArrayList<>();
        // an INNER join's WHERE over both sides is part of its ON: a streaming join finds its time range there
        final List<TypedExpr> on = new ArrayList<>();
        final List<TypedExpr> conjuncts = new ArrayList<>();
        flatten(condition, conjuncts);
        for (final TypedExpr conjunct : conjuncts)
        {
            // a column after both sides' (a join of keyed streams' _tp_delta) belongs to the join itself
            final int side = movable(conjunct) && !readsBeyond(conjunct, joinedWidth) ? side(conjunct, leftWidth) : 0;
            if (side < 0 && intoLeft)
            {
                left.add(conjunct);
            }
            else if (side > 0 && intoRight)
            {
                right.add(TypedExpr.shifted(conjunct, -leftWidth));
            }
            else if (side == 0 && intoOn && movable(conjunct) && readsBoth(conjunct, leftWidth) &&
                !readsBeyond(conjunct, joinedWidth))
            {
                on.add(conjunct);
            }
            else
            {
                kept.add(conjunct);
            }
        }
        if (left.isEmpty() && right.isEmpty() && on.isEmpty())
        {
            return new LogicalPlan.Filter(input, condition);
        }
        if (!on.isEmpty() && join.condition() != null)
        {
            on.add(0, join.condition());
        }
        final LogicalPlan joined = new LogicalPlan.Join(
            left.isEmpty() ? join.left() : filter(join.left(), and(left)),
            right.isEmpty() ? join.right() : filter(join.right(), and(right)),
            join.kind(), join.strictness(), on.isEmpty() ? join.condition() : and(on), join.output(), join.using());
        return kept.isEmpty() ? joined : new LogicalPlan.Filter(joined, and(kept));
    }

    private static void flatten(final TypedExpr expr, final List<TypedExpr> out)
    {
        if (expr instanceof TypedExpr.Call call && call.function().equals("and"))
        {
            call.arguments().forEach(a -> flatten(a, out));
        }
        else
        {
            out.add(expr);
        }
    }

    private static TypedExpr and(final List<TypedExpr> conjuncts)
    {
        TypedExpr out = conjuncts.get(0);
        for (int i = 1; i < conjuncts.size(); i++)
        {
            final TypedExpr next = conjuncts.get(i);
            out = new TypedExpr.Call("and", List.of(out, next), io.muon.sql.function.TypeRules.propagateNullable(
                DataType.UINT8, List.of(out.type(), next.type())));
        }
        return out;
    }

    /** Whether the expression answers the same for a row wherever it is evaluated. */
    private static boolean movable(final TypedExpr expr)
    {
        if (expr instanceof TypedExpr.ColumnRef || expr instanceof TypedExpr.Constant)
        {
            return true;
        }
        if (expr instanceof TypedExpr.Call call)
        {
            if (PINNED.contains(call.function()) || call.function().startsWith("rand"))
            {
                return false;
            }
            for (final TypedExpr argument : call.arguments())
            {
                if (argument != null && !movable(argument))
                {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** A streaming read of a versioned_kv or changelog_kv stream, or a changelog. */
    private static boolean keyed(final LogicalPlan side)
    {
        return side instanceof LogicalPlan.LatestPerKey || side instanceof LogicalPlan.Changelog;
    }

    private static boolean readsBeyond(final TypedExpr expr, final int width)
    {
        final boolean[] beyond = new boolean[1];
        visitColumns(expr, index -> beyond[0] |= index >= width);
        return beyond[0];
    }

    private static void visitColumns(final TypedExpr expr, final java.util.function.IntConsumer visitor)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            visitor.accept(ref.index());
        }
        else if (expr instanceof TypedExpr.Call call)
        {
            for (final TypedExpr argument : call.arguments())
            {
                if (argument != null)
                {
                    visitColumns(argument, visitor);
                }
            }
        }
    }

    private static boolean readsBoth(final TypedExpr expr, final int leftWidth)
    {
        final int[] seen = new int[2];
        visit(expr, leftWidth, seen);
        return seen[0] > 0 && seen[1] > 0;
    }

    /** -1: reads left columns only, 1: right columns only, 0: both or none. */
    private static int side(final TypedExpr expr, final int leftWidth)
    {
        final int[] seen = new int[2];
        visit(expr, leftWidth, seen);
        return seen[0] > 0 && seen[1] == 0 ? -1 : seen[1] > 0 && seen[0] == 0 ? 1 : 0;
    }

    private static void visit(final TypedExpr expr, final int leftWidth, final int[] seen)
    {
        if (expr instanceof TypedExpr.ColumnRef ref)
        {
            seen[ref.index() < leftWidth ? 0 : 1]++;
        }
        else if (expr instanceof TypedExpr.Call call)
        {
            call.arguments().forEach(a -> visit(a, leftWidth, seen));
        }
    }

}
