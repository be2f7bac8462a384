package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;

import java.util.List;

/** Drains an operator into one batch (for sorts, joins' build sides and subqueries). */
final class Gather
{
    private Gather()
    {
    }

    static Batch all(final Operator input, final List<DataType> types)
    {
        final Batch all = Batch.of(types, Batch.DEFAULT_ROWS);
        Batch batch;
        while ((batch = input.next()) != null)
        {
            for (int c = 0; c < all.width(); c++)
            {
                final io.muon.kernel.vector.Vector target = all.column(c);
                final io.muon.kernel.vector.Vector source = batch.column(c);
                target.ensureCapacity(target.size() + batch.rows());
                for (int r = 0; r < batch.rows(); r++)
                {
                    target.appendFrom(source, r);
                }
            }
            all.rows(all.rows() + batch.rows());
        }
        return all;
    }
}
