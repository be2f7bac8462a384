package io.muon.kernel.vector;

import io.muon.kernel.type.DataType;

import java.util.List;

/** A batch of rows as one vector per column, all of {@link #rows()} rows. Owned by the thread that fills it. */
public final class Batch
{
    public static final int DEFAULT_ROWS = 4096;

    private final Vector[] columns;
    private int rows;

    public Batch(final Vector[] columns, final int rows)
    {
        this.columns = columns;
        this.rows = rows;
    }

    /** An empty batch with one vector per type. */
    public static Batch of(final List<DataType> types, final int capacity)
    {
        final Vector[] columns = new Vector[types.size()];
        for (int i = 0; i < columns.length; i++)
        {
            columns[i] = Vector.create(types.get(i), capacity);
        }
        return new Batch(columns, 0);
    }

    public Vector column(final int index)
    {
        return columns[index];
    }

    public Vector[] columns()
    {
        return columns;
    }

    public int width()
    {
        return columns.length;
    }

    public int rows()
    {
        return rows;
    }

    public void rows(final int rows)
    {
        this.rows = rows;
    }

    /** Empties every column. */
    public void reset()
    {
        for (final Vector column : columns)
        {
            column.reset();
        }
        rows = 0;
    }

    /** Appends row {@code row} of {@code source} (same column types). */
    /** The rows at {@code positions[0, count)}, as a new batch. */
    public Batch gather(final int[] positions, final int count)
    {
        final Vector[] gathered = new Vector[columns.length];
        for (int c = 0; c < gathered.length; c++)
        {
            gathered[c] = columns[c].gather(positions, count);
        }
        return new Batch(gathered, count);
    }

    public void appendRow(final Batch source, final int row)
    {
        for (int c = 0; c < columns.length; c++)
        {
            columns[c].appendFrom(source.columns[c], row);
        }
        rows++;
    }
}
