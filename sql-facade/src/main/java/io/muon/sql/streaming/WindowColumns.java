package io.muon.sql.streaming;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

/**
 * Lays out a windowed aggregation's output: a group state's result has its keys without the window columns; the
 * output has {@code window_start} and {@code window_end} back where the GROUP BY put them, then the aggregates and
 * any column the emit added.
 */
final class WindowColumns
{
    private final int[] keySources;
    private final int stateKeys;
    private final int outputWidth;
    private final int aggregates;
    private final DataType windowType;

    /**
     * {@code keySources}: per output key, -1 for window_start, -2 for window_end, else the index among the state's
     * {@code stateKeys} keys; {@code aggregates}: how many aggregates follow the keys.
     */
    WindowColumns(final int[] keySources, final int stateKeys, final int aggregates, final int outputWidth,
        final DataType windowType)
    {
        this.keySources = keySources;
        this.stateKeys = stateKeys;
        this.aggregates = aggregates;
        this.outputWidth = outputWidth;
        this.windowType = windowType;
    }

    /** {@code result} with two more columns after the aggregates: {@code start} and {@code end} on every row. */
    Batch withBounds(final Batch result, final long start, final long end)
    {
        final int rows = result.rows();
        final Vector[] columns = java.util.Arrays.copyOf(result.columns(), result.width() + 2);
        columns[result.width()] = bound(start, rows);
        columns[result.width() + 1] = bound(end, rows);
        return new Batch(columns, rows);
    }

    /**
     * The output layout of a batch made by {@link #withBounds} (and shaped, so perhaps with a column added after
     * the bounds): each row's bounds put back among the keys.
     */
    Batch placeBounds(final Batch shaped)
    {
        final int rows = shaped.rows();
        final int keys = keySources.length;
        final int boundsAt = stateKeys + aggregates;
        final Vector[] columns = new Vector[outputWidth];
        for (int k = 0; k < keys; k++)
        {
            columns[k] = keySources[k] < 0 ? shaped.column(boundsAt + (keySources[k] == -1 ? 0 : 1)) :
                shaped.column(keySources[k]);
        }
        for (int a = 0; a < aggregates; a++)
        {
            columns[keys + a] = shaped.column(stateKeys + a);
        }
        for (int extra = keys + aggregates; extra < outputWidth; extra++)
        {
            // the shaper's column (_tp_delta or emit_version()) comes after the bounds
            columns[extra] = shaped.column(boundsAt + 2 + extra - keys - aggregates);
        }
        return new Batch(columns, rows);
    }

    private LongVector bound(final long value, final int rows)
    {
        final LongVector bound = (LongVector)Vector.create(windowType, rows);
        for (int r = 0; r < rows; r++)
        {
            bound.append(value);
        }
        return bound;
    }

    Batch apply(final Batch result, final long start, final long end)
    {
        final int rows = result.rows();
        final Vector[] columns = new Vector[outputWidth];
        final int keys = keySources.length;
        for (int k = 0; k < keys; k++)
        {
            if (keySources[k] < 0)
            {
                final LongVector bound = (LongVector)Vector.create(windowType, rows);
                final long value = keySources[k] == -1 ? start : end;
                for (int r = 0; r < rows; r++)
                {
                    bound.append(value);
                }
                columns[k] = bound;
            }
            else
            {
                columns[k] = result.column(keySources[k]);
            }
        }
        for (int a = keys; a < outputWidth; a++)
        {
            columns[a] = result.column(stateKeys + a - keys);
        }
        return new Batch(columns, rows);
    }
}
