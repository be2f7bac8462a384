package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * GROUP BY over several copies of its input pipeline, each reading its own share of the stream's rows: every copy
 * fills a partial {@link AggregateOperator} on a {@link QueryWorkers} thread, then the first absorbs the others and
 * emits. Used only for aggregates whose result does not depend on the order rows arrive in.
 */
final class ParallelAggregate implements Operator
{
    private final List<AggregateOperator> partials;
    private final QueryContext context;
    private boolean done;

    ParallelAggregate(final List<AggregateOperator> partials, final QueryContext context)
    {
        this.partials = partials;
        this.context = context;
    }

    @Override
    public Batch next()
    {
        if (done)
        {
            return null;
        }
        done = true;
        final List<Runnable> tasks = new ArrayList<>();
        for (final AggregateOperator partial : partials)
        {
            tasks.add(partial::consume);
        }
        QueryWorkers.runAll(tasks, context);
        final AggregateOperator first = partials.get(0);
        for (int i = 1; i < partials.size(); i++)
        {
            context.checkAlive();
            first.merge(partials.get(i));
        }
        return first.emit();
    }

    /** The partial that absorbed the others, once the copies have run (runs them if nothing has pulled yet). */
    AggregateOperator merged()
    {
        if (!done)
        {
            next();
        }
        return partials.get(0);
    }

    @Override
    public void close()
    {
        Operators.closeAll(partials);
    }
}
