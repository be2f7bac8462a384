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
    private final DataType windowType;

    /**
     * {@code keySources}: per output key, -1 for window_start, -2 for window_end, else the index among the state's
     * {@code stateKeys} keys.
     */
    WindowColumns(final int[] keySources, final int stateKeys, final int outputWidth, final DataType windowType)
    {
        this.keySources = keySources;
        this.stateKeys = stateKeys;
        this.outputWidth = outputWidth;
        this.windowType = windowType;
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
