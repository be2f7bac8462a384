package io.muon.clickhouse.format;

import io.muon.kernel.vector.Batch;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;

/**
 * Writes a query's result in one of ClickHouse's output formats, batch by batch, into a {@link ByteSink}: {@link
 * #begin} once with the result's columns, {@link #write} per batch, {@link #end} once with the query's statistics
 * (the JSON formats print them). The owner drains the sink between calls. One per query, one thread.
 */
public abstract class OutputFormat
{
    protected final ByteSink out;
    protected List<LogicalPlan.Column> columns;

    protected OutputFormat(final ByteSink out)
    {
        this.out = out;
    }

    /** The HTTP {@code Content-Type} of this format. */
    public abstract String contentType();

    public void begin(final List<LogicalPlan.Column> columns)
    {
        this.columns = columns;
    }

    public abstract void write(Batch batch);

    /**
     * Writes rows {@code from} (inclusive) to {@code to} of {@code batch} as {@link #write} would write them: for a
     * caller that needs each row's bytes apart (a message per row).
     */
    public void writeRows(final Batch batch, final int from, final int to)
    {
        final int[] positions = new int[to - from];
        for (int i = 0; i < positions.length; i++)
        {
            positions[i] = from + i;
        }
        write(batch.gather(positions, positions.length));
    }

    /**
     * The WITH TOTALS row (one row of the result's columns), given after the last {@link #write} and before {@link
     * #end}. Formats that show totals (TabSeparated and CSV after an empty line, JSON's "totals", Pretty's "Totals:"
     * table) keep or write it; the others ignore it, as ClickHouse's do.
     */
    public void totals(final Batch totals)
    {
    }

    /**
     * What the JSON formats print after the data; {@code rowsBeforeLimit} is -1 when no LIMIT cut the result, else
     * ClickHouse's {@code rows_before_limit_at_least}.
     */
    public record Statistics(long rows, double elapsedSeconds, long readRows, long readBytes, long rowsBeforeLimit)
    {
    }

    public void end(final Statistics statistics)
    {
    }

    /** Writes an error that happened after rows were sent, inside the stream, the way ClickHouse does. */
    public void error(final String message)
    {
        out.writeUtf8(message);
        out.write('\n');
    }
}
