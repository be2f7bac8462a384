package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * Dense numbers from 0 for the distinct values of some key expressions, in order of first appearance: how streaming
 * stages keep state per key (a session per group, the latest row per changelog key). The table is off-heap; its
 * owner (one thread) closes it.
 */
public final class GroupNumbering implements AutoCloseable
{
    private final Evaluator[] keys;
    private final GroupTable table;
    private final Vector[] keyVectors;

    GroupNumbering(final Evaluator[] keys, final List<DataType> keyTypes)
    {
        this.keys = keys;
        this.table = keys.length == 0 ? null : new GroupTable(keyTypes);
        this.keyVectors = new Vector[keys.length];
    }

    /** Fills {@code ids} with the number of each row's key in {@code batch}. */
    public void of(final Batch batch, final int[] ids)
    {
        if (table == null)
        {
            Arrays.fill(ids, 0, batch.rows(), 0);
            return;
        }
        for (int k = 0; k < keys.length; k++)
        {
            keyVectors[k] = keys[k].evaluate(batch);
        }
        table.groupIds(keyVectors, batch.rows(), ids);
    }

    /** How many keys have a number. */
    public int size()
    {
        return table == null ? 1 : table.groups();
    }

    /** Writes the numbered keys for a checkpoint. */
    public void write(final StateOutput out)
    {
        if (table != null)
        {
            table.write(out);
        }
    }

    /** Restores into this fresh numbering what {@link #write} wrote: every key keeps its number. */
    public void read(final StateInput in)
    {
        if (table != null)
        {
            table.read(in);
        }
    }

    @Override
    public void close()
    {
        if (table != null)
        {
            table.close();
        }
    }
}
