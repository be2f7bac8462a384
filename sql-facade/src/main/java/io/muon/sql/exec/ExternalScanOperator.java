package io.muon.sql.exec;

import io.muon.kernel.vector.Batch;
import io.muon.sql.external.ExternalReadOptions;
import io.muon.sql.external.ExternalReader;
import io.muon.sql.external.ExternalStreams;
import io.muon.sql.plan.LogicalPlan;

/**
 * {@code table(s)} of an external stream: what its system holds when the query starts, read by the stream type's
 * reader up to that end. Owned by the query's thread; waits for the reader in short steps so a cancel or the query's
 * time limit ends it.
 */
final class ExternalScanOperator implements Operator
{
    private static final long WAIT_MS = 50;

    private final ExternalReader reader;
    private final QueryContext context;
    private boolean started;

    ExternalScanOperator(final LogicalPlan.StreamScan scan, final QueryContext context)
    {
        this.reader = ExternalStreams.of(scan.stream()).reader(scan.stream(), scan.output(),
            new ExternalReadOptions(true, context.settings()));
        this.context = context;
    }

    @Override
    public Batch next()
    {
        if (!started)
        {
            started = true;
            reader.start(() -> { });
        }
        while (!reader.finished())
        {
            context.checkAlive();
            final Batch batch = reader.next(WAIT_MS);
            if (batch != null && batch.rows() > 0)
            {
                context.addRead(batch.rows(), 0);
                return batch;
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
