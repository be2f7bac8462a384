package io.muon.sql.engine;

import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.Operator;
import io.muon.sql.exec.QueryContext;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * The rows of one running statement, pulled batch by batch by a front end that writes them in its format: a bounded
 * query's pipeline, or the small answer of SHOW/DESCRIBE/EXPLAIN. {@link #next()} and {@link #close()} belong to the
 * thread that drains it; {@link #cancel()} may come from any thread (a client that went away, KILL QUERY) and makes
 * the next {@link #next()} fail with Code 394. Closing frees everything the query holds and removes it from {@code
 * system.processes}.
 */
public final class QueryCursor implements AutoCloseable
{
    private final List<LogicalPlan.Column> columns;
    private final Operator root;
    private final QueryContext context;
    private final Runnable onClose;
    private final boolean streaming;
    private long resultRows;
    private boolean closed;

    QueryCursor(final List<LogicalPlan.Column> columns, final Operator root, final QueryContext context,
        final Runnable onClose, final boolean streaming)
    {
        this.columns = List.copyOf(columns);
        this.root = root;
        this.context = context;
        this.onClose = onClose;
        this.streaming = streaming;
    }

    /**
     * Whether the rows come from a streaming query: {@link #next()} blocks until rows are emitted and ends only at
     * LIMIT or cancel, so a front end writes every batch to the client as soon as it gets it.
     */
    public boolean isStreaming()
    {
        return streaming;
    }

    /** A cursor over rows already computed. */
    static QueryCursor of(final List<LogicalPlan.Column> columns, final Batch rows)
    {
        final Operator once = new Operator()
        {
            private boolean done;

            @Override
            public Batch next()
            {
                if (done || rows.rows() == 0)
                {
                    return null;
                }
                done = true;
                return rows;
            }
        };
        return new QueryCursor(columns, once, new QueryContext(java.util.Map.of()), () -> { }, false);
    }

    /** The result's columns: names and types, as the header of every format shows them. */
    public List<LogicalPlan.Column> columns()
    {
        return columns;
    }

    /** The next non-empty batch, or null at the end; valid until the next call. */
    public Batch next()
    {
        final Batch batch = root.next();
        if (batch != null)
        {
            resultRows += batch.rows();
        }
        return batch;
    }

    /**
     * The WITH TOTALS row of a bounded aggregation, or null when the query asked for none: one row of the result's
     * columns. Call after {@link #next()} has returned null and before {@link #close()}.
     */
    public Batch totals()
    {
        return streaming ? null : context.totals();
    }

    /** Whether a LIMIT cuts the result (ClickHouse's {@code applied_limit} in ProfileInfo). */
    public boolean appliedLimit()
    {
        return !streaming && context.appliedLimit();
    }

    /**
     * ClickHouse's {@code rows_before_limit} (JSON's {@code rows_before_limit_at_least}): the rows that reached the
     * LIMIT, or the ORDER BY under it. Read after {@link #next()} has returned null.
     */
    public long rowsBeforeLimit()
    {
        return appliedLimit() ? context.rowsBeforeLimit() : 0;
    }

    /** Asks the query to stop; safe from any thread. */
    public void cancel()
    {
        context.cancel();
    }

    public boolean isCancelled()
    {
        return context.isCancelled();
    }

    /** Rows read from streams so far. */
    public long readRows()
    {
        return context.readRows();
    }

    /** Stored bytes read from streams so far. */
    public long readBytes()
    {
        return context.readBytes();
    }

    /** Rows handed out by {@link #next()} so far. */
    public long resultRows()
    {
        return resultRows;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            root.close();
        }
        finally
        {
            onClose.run();
        }
    }
}
