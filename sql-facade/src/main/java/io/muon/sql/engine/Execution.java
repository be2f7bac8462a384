package io.muon.sql.engine;

/**
 * What {@link SqlEngine#start} made of one statement, for a front end to finish: rows to write ({@link #cursor()}),
 * data to receive ({@link #insert()}), or nothing more (DDL, SET, INSERT … VALUES/SELECT: {@link #writtenRows()}
 * says how many rows were appended). {@link #format()} is the statement's FORMAT clause, or null. Closing releases
 * the cursor or sink.
 */
public final class Execution implements AutoCloseable
{
    private final QueryCursor cursor;
    private final InsertSink insert;
    private final long writtenRows;
    private final String format;

    private Execution(final QueryCursor cursor, final InsertSink insert, final long writtenRows, final String format)
    {
        this.cursor = cursor;
        this.insert = insert;
        this.writtenRows = writtenRows;
        this.format = format;
    }

    static Execution rows(final QueryCursor cursor, final String format)
    {
        return new Execution(cursor, null, 0, format);
    }

    static Execution insert(final InsertSink sink)
    {
        return new Execution(null, sink, 0, sink.format());
    }

    static Execution done(final long writtenRows)
    {
        return new Execution(null, null, writtenRows, null);
    }

    /** The rows of a query or metadata statement, or null. */
    public QueryCursor cursor()
    {
        return cursor;
    }

    /** The sink of an INSERT … FORMAT, or null. */
    public InsertSink insert()
    {
        return insert;
    }

    /** Rows an INSERT … VALUES or INSERT … SELECT appended. */
    public long writtenRows()
    {
        return writtenRows;
    }

    /** The FORMAT clause of the statement, or null. */
    public String format()
    {
        return format;
    }

    @Override
    public void close()
    {
        if (cursor != null)
        {
            cursor.close();
        }
        if (insert != null)
        {
            insert.close();
        }
    }
}
