package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Drains several copies of a pipeline at once, each on a {@link QueryWorkers} thread and each reading its own share
 * of the stream's rows, then hands on their batches copy by copy. Sits below an operator that merges what the copies
 * found (the final cut of a parallel ORDER BY … LIMIT), so the copies' output is small.
 */
final class ParallelGather implements Operator
{
    private final List<Operator> copies;
    private final QueryContext context;
    private List<Batch> batches;
    private int next;

    ParallelGather(final List<Operator> copies, final QueryContext context)
    {
        this.copies = copies;
        this.context = context;
    }

    @Override
    public Batch next()
    {
        if (batches == null)
        {
            final List<List<Batch>> outputs = new ArrayList<>();
            final List<Runnable> tasks = new ArrayList<>();
            for (final Operator copy : copies)
            {
                final List<Batch> output = new ArrayList<>();
                outputs.add(output);
                tasks.add(() ->
                {
                    Batch batch;
                    while ((batch = copy.next()) != null)
                    {
                        output.add(batch);
                    }
                });
            }
            QueryWorkers.runAll(tasks, context);
            batches = new ArrayList<>();
            outputs.forEach(batches::addAll);
        }
        return next < batches.size() ? batches.get(next++) : null;
    }

    @Override
    public void close()
    {
        Operators.closeAll(copies);
    }
}
