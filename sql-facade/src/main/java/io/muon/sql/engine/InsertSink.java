package io.muon.sql.engine;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.Batch;
import io.muon.sql.exec.InsertExecutor;
import io.muon.sql.plan.InsertPlan;
import io.muon.sql.plan.LogicalPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * The receiving end of {@code INSERT … FORMAT f}: the front end parses the data in its format into batches of the
 * {@link #columns()} (their exact types), {@link #add}s them, and {@link #commit()}s once all of it parsed. Nothing is
 * appended before the commit, so a parse error anywhere leaves the stream untouched; the commit converts, computes
 * defaults and {@code _tp_time}, and returns once the rows are acknowledged. Owned by one thread.
 */
public final class InsertSink implements AutoCloseable
{
    private final InsertPlan plan;
    private final InsertExecutor executor;
    private final Runnable onClose;
    private final java.util.Map<String, Object> settings;
    private final List<Batch> batches = new ArrayList<>();
    private long rows;
    private boolean closed;

    InsertSink(final InsertPlan plan, final InsertExecutor executor, final java.util.Map<String, Object> settings,
        final Runnable onClose)
    {
        this.plan = plan;
        this.settings = java.util.Map.copyOf(settings);
        this.executor = executor;
        this.onClose = onClose;
    }

    /** The columns the data holds, in order, with the types a parser must produce. */
    public List<LogicalPlan.Column> columns()
    {
        return plan.inserted();
    }

    /** The format named by the statement. */
    public String format()
    {
        return plan.format();
    }

    /** Data written in the statement after the format name (may be empty); the request body follows it. */
    public String inlineData()
    {
        return plan.data() == null ? "" : plan.data();
    }

    /** The INSERT's settings merged over the session's (input_format_* and friends). */
    public java.util.Map<String, Object> settings()
    {
        return settings;
    }

    /** Rows added so far. */
    public long rows()
    {
        return rows;
    }

    /** Keeps a parsed batch (the sink owns it from now on) until {@link #commit()}. */
    public void add(final Batch batch)
    {
        if (closed)
        {
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "INSERT already finished");
        }
        if (batch.rows() > 0)
        {
            batches.add(batch);
            rows += batch.rows();
        }
    }

    /** Appends every added row to the stream; returns the number of rows appended. */
    public long commit()
    {
        final long appended = executor.appendAll(plan, batches);
        batches.clear();
        return appended;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            batches.clear();
            onClose.run();
        }
    }
}
