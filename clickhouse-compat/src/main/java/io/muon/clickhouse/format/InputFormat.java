package io.muon.clickhouse.format;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;
import io.muon.sql.plan.LogicalPlan;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads INSERT data in one of ClickHouse's input formats into batches of the INSERT's columns (exact types), handing
 * each full batch to a consumer. A row that fails to parse fails the whole input with its row number and column
 * named, unless {@code input_format_allow_errors_num} / {@code input_format_allow_errors_ratio} allow skipping it.
 * One per INSERT, one thread.
 */
public abstract class InputFormat
{
    /** Rows per batch handed on. */
    public static final int BATCH_ROWS = 65_536;

    protected final List<LogicalPlan.Column> columns;
    protected final TextValueParser values = new TextValueParser();
    private final long allowErrors;
    private final double allowRatio;
    private Batch batch;
    private long row;
    private long errors;
    /** The column being parsed, for error messages; -1 outside a row. */
    protected int currentColumn = -1;

    protected InputFormat(final List<LogicalPlan.Column> columns, final Map<String, Object> settings)
    {
        this.columns = columns;
        this.allowErrors = number(settings.get("input_format_allow_errors_num"));
        final Object ratio = settings.get("input_format_allow_errors_ratio");
        this.allowRatio = ratio instanceof Number n ? n.doubleValue() : 0;
    }

    private static long number(final Object value)
    {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private Batch newBatch()
    {
        return Batch.of(columns.stream().map(LogicalPlan.Column::type).toList(), 1024);
    }

    /** Reads a header (names, types) if the format has one. */
    protected void readPrefix(final ByteSource in)
    {
    }

    /**
     * Reads one row into the vectors of {@code batch}, one value per column; returns false when the input holds no
     * more rows (only whitespace or a format's end marker is left).
     */
    protected abstract boolean readRow(ByteSource in, Vector[] vectors);

    /** After a bad row: moves past it (by default to after the next line break). */
    protected void skipBadRow(final ByteSource in)
    {
        while (in.hasRemaining())
        {
            if (in.read() == '\n')
            {
                return;
            }
        }
    }

    /** Reads everything in {@code in}; full batches go to {@code sink} as they fill, the last one at the end. */
    public void parse(final ByteSource in, final Consumer<Batch> sink)
    {
        batch = newBatch();
        try
        {
            readPrefix(in);
        }
        catch (final MuonException e)
        {
            throw new MuonException(e.code(), e.getMessage() + ": (while reading the header of the " + name() +
                " input)");
        }
        while (true)
        {
            final int mark = in.position();
            final int before = batch.rows();
            row++;
            try
            {
                currentColumn = -1;
                if (!readRow(in, batch.columns()))
                {
                    row--;
                    break;
                }
                batch.rows(before + 1);
            }
            catch (final MuonException | IndexOutOfBoundsException | IllegalArgumentException e)
            {
                final int column = currentColumn;
                for (final Vector vector : batch.columns())
                {
                    truncate(vector, before);
                }
                errors++;
                if (errors > allowErrors && (allowRatio <= 0 || errors > allowRatio * row))
                {
                    throw failure(e, column);
                }
                if (in.position() == mark)
                {
                    in.skip(Math.min(1, in.remaining()));
                }
                skipBadRow(in);
                continue;
            }
            if (batch.rows() >= BATCH_ROWS)
            {
                sink.accept(batch);
                batch = newBatch();
            }
        }
        if (batch.rows() > 0)
        {
            sink.accept(batch);
        }
        batch = null;
    }

    /**
     * Appends the rows of one small input that holds whole rows (a message) to {@code into}, whose vectors are this
     * format's columns; returns the rows added. A row that fails to parse throws its error and leaves {@code into}
     * as it was before the call. No header is read: for formats without one.
     */
    public int appendTo(final ByteSource in, final Batch into)
    {
        final int start = into.rows();
        try
        {
            while (true)
            {
                currentColumn = -1;
                final int before = into.rows();
                if (!readRow(in, into.columns()))
                {
                    return into.rows() - start;
                }
                into.rows(before + 1);
            }
        }
        catch (final MuonException | IndexOutOfBoundsException | IllegalArgumentException e)
        {
            final int column = currentColumn;
            for (final Vector vector : into.columns())
            {
                truncate(vector, start);
            }
            into.rows(start);
            final StringBuilder message = new StringBuilder(e instanceof MuonException ? e.getMessage() :
                "Cannot parse input: " + e.getMessage());
            if (column >= 0 && column < columns.size())
            {
                message.append(": (column ").append(column + 1).append(" '").append(columns.get(column).name())
                    .append("' of type ").append(columns.get(column).type().clickHouseName()).append(')');
            }
            throw new MuonException(e instanceof MuonException m ? m.code() :
                ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED, message.toString());
        }
    }

    private MuonException failure(final RuntimeException e, final int column)
    {
        final int code = e instanceof MuonException m ? m.code() : ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED;
        final StringBuilder message = new StringBuilder(e instanceof MuonException ? e.getMessage() :
            "Cannot parse input: " + e.getMessage());
        message.append(": (at row ").append(row).append(')');
        if (column >= 0 && column < columns.size())
        {
            message.append(", column ").append(column + 1).append(" '").append(columns.get(column).name())
                .append("' of type ").append(columns.get(column).type().clickHouseName());
        }
        message.append("; nothing was inserted");
        return new MuonException(code, message.toString());
    }

    /** The format's name, for messages. */
    protected abstract String name();

    /** Rows read so far. */
    public long rows()
    {
        return row;
    }

    /** Drops values past {@code rows} (those of a row that failed half way), nested vectors included. */
    public static void truncate(final Vector vector, final int rows)
    {
        if (vector.size() <= rows)
        {
            return;
        }
        if (vector instanceof ArrayVector array)
        {
            truncate(array.elements(), array.start(rows));
        }
        else if (vector instanceof TupleVector tuple)
        {
            for (int i = 0; i < tuple.width(); i++)
            {
                truncate(tuple.field(i), rows);
            }
        }
        vector.setSize(rows);
    }

    /** The index of each name in the format's header among the INSERT's columns (Code 16 for unknown names). */
    protected int[] headerMapping(final List<String> names, final boolean skipUnknown)
    {
        final int[] mapping = new int[names.size()];
        for (int i = 0; i < names.size(); i++)
        {
            mapping[i] = -1;
            for (int c = 0; c < columns.size(); c++)
            {
                if (columns.get(c).name().equals(names.get(i)))
                {
                    mapping[i] = c;
                }
            }
            if (mapping[i] < 0 && !skipUnknown)
            {
                throw new MuonException(ErrorCodes.NO_SUCH_COLUMN_IN_TABLE, "Unknown field found while parsing " +
                    name() + " format: " + names.get(i));
            }
        }
        return mapping;
    }
}
