package io.muon.sql.plan;

import java.util.List;
import java.util.Map;

/**
 * An analyzed query, ready for a planner: the logical plan, whether it is a streaming (unbounded) or bounded query,
 * the emit policy of a streaming aggregation (null otherwise), the query's settings resolved against the session
 * (typed values by setting name, only those given) and the FORMAT clause (or null).
 */
public record QueryPlan(LogicalPlan root, boolean streaming, EmitSpec emit, Map<String, Object> settings,
    String format)
{
    public QueryPlan
    {
        settings = Map.copyOf(settings);
    }

    public List<LogicalPlan.Column> output()
    {
        return root.output();
    }
}
