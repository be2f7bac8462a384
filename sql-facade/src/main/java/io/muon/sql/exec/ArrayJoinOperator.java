package io.muon.sql.exec;

import io.muon.kernel.vector.ArrayVector;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

/**
 * {@code arrayJoin(arr)}: each input row is repeated once per element of its array, with the element appended as a
 * last column; rows whose array is empty (or NULL) disappear, as in ClickHouse.
 */
final class ArrayJoinOperator implements Operator
{
    private final Operator input;
    private final Evaluator array;

    ArrayJoinOperator(final Operator input, final Evaluator array)
    {
        this.input = input;
        this.array = array;
    }

    @Override
    public Batch next()
    {
        Batch batch;
        while ((batch = input.next()) != null)
        {
            final ArrayVector arrays = (ArrayVector)array.evaluate(batch);
            final int rows = batch.rows();
            int total = 0;
            for (int r = 0; r < rows; r++)
            {
                total += arrays.isNull(r) ? 0 : arrays.length(r);
            }
            if (total == 0)
            {
                continue;
            }
            final int[] owners = new int[total];
            final int[] positions = new int[total];
            int e = 0;
            for (int r = 0; r < rows; r++)
            {
                final int length = arrays.isNull(r) ? 0 : arrays.length(r);
                for (int i = 0; i < length; i++, e++)
                {
                    owners[e] = r;
                    positions[e] = arrays.start(r) + i;
                }
            }
            final Vector[] columns = new Vector[batch.width() + 1];
            for (int c = 0; c < batch.width(); c++)
            {
                columns[c] = batch.column(c).gather(owners, total);
            }
            columns[batch.width()] = arrays.elements().gather(positions, total);
            return new Batch(columns, total);
        }
        return null;
    }

    @Override
    public void close()
    {
        input.close();
    }
}
