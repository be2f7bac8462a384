package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.Batch;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one running query may use and how it ends early: {@code max_execution_time} (seconds), {@code
 * max_result_rows}, {@code max_memory_usage} (bytes), {@code max_threads} from its settings, and a cancel flag any
 * thread may set.
 */
public final class QueryContext
{
    private final long deadlineNanos;
    private final long maxResultRows;
    private final long maxMemoryUsage;
    private final int maxThreads;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final java.util.concurrent.atomic.LongAdder readRows = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder readBytes = new java.util.concurrent.atomic.LongAdder();

    private final QueryEnvironment environment;
    private final Map<String, Object> settings;

    public QueryContext(final Map<String, Object> settings)
    {
        this(settings, QueryEnvironment.EMBEDDED);
    }

    public QueryContext(final Map<String, Object> settings, final QueryEnvironment environment)
    {
        this.environment = environment;
        this.settings = settings;
        final long seconds = number(settings.get("max_execution_time"));
        this.deadlineNanos = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
        this.maxResultRows = number(settings.get("max_result_rows"));
        this.maxMemoryUsage = number(settings.get("max_memory_usage"));
        final long threads = number(settings.get("max_threads"));
        this.maxThreads = threads > 0 ? (int)Math.min(threads, 1024) : Runtime.getRuntime().availableProcessors();
    }

    private static long number(final Object value)
    {
        if (value instanceof Number n)
        {
            return n.longValue();
        }
        if (value instanceof String s && !s.isEmpty())
        {
            try
            {
                return Long.parseLong(s.trim());
            }
            catch (final NumberFormatException e)
            {
                return 0;
            }
        }
        return 0;
    }

    private java.util.function.Supplier<Batch> totals;
    private Batch totalsRow;

    /** How to compute the WITH TOTALS row once the result's rows have all been pulled (set while building). */
    void totals(final java.util.function.Supplier<Batch> supplier)
    {
        this.totals = supplier;
    }

    /**
     * The WITH TOTALS row (one row, the result's columns), or null when the query has none. Computed on the first
     * call, which must come after the last row was pulled and before the pipeline is closed; kept for later calls.
     */
    public Batch totals()
    {
        if (totalsRow == null && totals != null)
        {
            totalsRow = totals.get();
            totals = null;
        }
        return totalsRow;
    }

    /** -1 until the query is known to have a LIMIT; then the rows counted below it (any of its threads). */
    private final java.util.concurrent.atomic.LongAdder rowsBeforeLimit = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean appliedLimit;

    /** Marks the query as one whose result is cut by a LIMIT (set while building). */
    void applyLimit()
    {
        appliedLimit = true;
    }

    /** Counts rows entering the result's LIMIT, or the sort under it; called by the counting step on any thread. */
    void addRowsBeforeLimit(final long rows)
    {
        rowsBeforeLimit.add(rows);
    }

    /** Whether a LIMIT cuts the result (ClickHouse's {@code applied_limit}). */
    public boolean appliedLimit()
    {
        return appliedLimit;
    }

    /**
     * ClickHouse's {@code rows_before_limit}: the rows that reached the result's LIMIT, or the ORDER BY under it, so
     * far; a lower bound of the result's size without the LIMIT, since a LIMIT stops reading early. 0 without LIMIT.
     */
    public long rowsBeforeLimit()
    {
        return rowsBeforeLimit.sum();
    }

    public QueryEnvironment environment()
    {
        return environment;
    }

    public void cancel()
    {
        if (cancelled.compareAndSet(false, true))
        {
            onCancel.forEach(Runnable::run);
        }
    }

    private final java.util.List<Runnable> onCancel = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Runs {@code action} (on the cancelling thread) when the query is cancelled: how a streaming query's agent and
     * its blocked consumer hear of it at once. Runs it now if the query already is.
     */
    public void onCancel(final Runnable action)
    {
        onCancel.add(action);
        if (cancelled.get())
        {
            action.run();
        }
    }

    public long maxResultRows()
    {
        return maxResultRows;
    }

    public long maxMemoryUsage()
    {
        return maxMemoryUsage;
    }

    /** {@code max_threads}: how many threads one query may read with; 0 or absent: one per core. */
    public int maxThreads()
    {
        return maxThreads;
    }

    /** Counts rows (and their stored bytes) read from streams; called by scans on any of the query's threads. */
    public void addRead(final long rows, final long bytes)
    {
        readRows.add(rows);
        readBytes.add(bytes);
    }

    /** Rows read from streams so far (ClickHouse's {@code read_rows}). */
    public long readRows()
    {
        return readRows.sum();
    }

    /** Stored bytes of the rows read so far (ClickHouse's {@code read_bytes}). */
    public long readBytes()
    {
        return readBytes.sum();
    }

    /** The query's settings, as the query was given them. */
    public Map<String, Object> settings()
    {
        return settings;
    }

    /** Whether {@link #cancel()} was called. */
    public boolean isCancelled()
    {
        return cancelled.get();
    }

    /** Throws if the query was cancelled or ran past {@code max_execution_time}. */
    public void checkAlive()
    {
        if (cancelled.get())
        {
            throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled");
        }
        if (System.nanoTime() > deadlineNanos)
        {
            throw new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "Timeout exceeded: elapsed more than " +
                "max_execution_time");
        }
    }
}
