package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Makes the output rows of a streaming join from pairs of rows: the left columns of one row beside the right columns
 * of the other (or one side's empty columns: NULL or the default), converted to the join's output types, with the columns
 * nobody above the join reads left as placeholders. Owned by the join state that uses it.
 */
final class JoinedRows
{
    private final List<DataType> outputTypes;
    private final int leftWidth;
    private final BitSet wanted;
    private final Placeholders placeholders;

    JoinedRows(final List<DataType> outputTypes, final int leftWidth, final BitSet wanted)
    {
        this.outputTypes = outputTypes;
        this.leftWidth = leftWidth;
        this.wanted = wanted;
        this.placeholders = new Placeholders(outputTypes);
    }

    /**
     * The rows {@code left[leftRows[i]]} beside {@code right[rightRows[i]]} for {@code i < count}; a row of -1 on
     * either side (or {@code right} null) stands for that side's empty columns.
     */
    Batch pairs(final Vector[] left, final int[] leftRows, final Vector[] right, final int[] rightRows,
        final int count)
    {
        final int[] noRight = right == null ? new int[count] : null;
        if (noRight != null)
        {
            Arrays.fill(noRight, -1);
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int c = 0; c < columns.length; c++)
        {
            final DataType type = outputTypes.get(c);
            if (wanted != null && !wanted.get(c))
            {
                columns[c] = placeholders.get(c, count);
            }
            else if (c < leftWidth)
            {
                columns[c] = gather(left[c], type, leftRows, count);
            }
            else
            {
                columns[c] = right == null ? gather(Vector.create(type, 0), type, noRight, count) :
                    gather(right[c - leftWidth], type, rightRows, count);
            }
        }
        return new Batch(columns, count);
    }

    /** The rows at {@code rows[0..count)} of {@code source} as {@code type} (-1: NULL or the default). */
    private static Vector gather(final Vector source, final DataType type, final int[] rows, final int count)
    {
        boolean padded = false;
        for (int i = 0; i < count && !padded; i++)
        {
            padded = rows[i] < 0;
        }
        return gather(source, type, rows, count, padded);
    }

    /** The same, told whether any row is -1 ({@code padded}). */
    static Vector gather(final Vector source, final DataType type, final int[] rows, final int count,
        final boolean padded)
    {
        if (!padded && source.type().equals(type))
        {
            return source.gather(rows, count);
        }
        final Vector out = Vector.create(type, count);
        for (int i = 0; i < count; i++)
        {
            if (rows[i] < 0)
            {
                out.appendNull();
            }
            else
            {
                out.appendFrom(source, rows[i]);
            }
        }
        return out;
    }
}
