package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.TupleVector;
import io.muon.kernel.vector.Vector;

import java.util.List;

/**
 * Stand-ins for columns nobody above an operator reads: default values (zeros, empty strings and arrays), kept per
 * column and shared by batches of the same size, so a scan or join need not decode or gather them. Readers never
 * mutate a batch's vectors, and nothing reads these values.
 */
public final class Placeholders
{
    private final List<DataType> types;
    private final Vector[] cached;

    public Placeholders(final List<DataType> types)
    {
        this.types = types;
        this.cached = new Vector[types.size()];
    }

    /** The placeholder of column {@code column} with {@code rows} rows. */
    public Vector get(final int column, final int rows)
    {
        final Vector kept = cached[column];
        if (kept != null && kept.size() == rows)
        {
            return kept;
        }
        final Vector v = Vector.create(types.get(column), rows);
        if (v instanceof TupleVector)
        {
            for (int r = 0; r < rows; r++)
            {
                v.appendNull();
            }
        }
        else
        {
            // fresh arrays are zeros: zero numbers, empty strings and arrays, no NULLs
            v.setSize(rows);
        }
        cached[column] = v;
        return v;
    }
}
