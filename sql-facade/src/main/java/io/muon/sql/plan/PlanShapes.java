package io.muon.sql.plan;

/** Questions about the shape of a logical plan that several planners ask. */
public final class PlanShapes
{
    private PlanShapes()
    {
    }

    /**
     * Whether {@code plan} reads a versioned_kv or changelog_kv stream, or a changelog ({@code changelog()}, a join
     * of keyed streams), anywhere below it: rows that stand for versions of keys, or for their retraction.
     */
    public static boolean readsKeyed(final LogicalPlan plan)
    {
        if (plan instanceof LogicalPlan.LatestPerKey || plan instanceof LogicalPlan.Changelog)
        {
            return true;
        }
        for (final LogicalPlan input : plan.inputs())
        {
            if (readsKeyed(input))
            {
                return true;
            }
        }
        return false;
    }
}
