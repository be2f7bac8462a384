package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * The right side of a bounded hash join, drained and hashed once: its rows in one batch, grouped by the equality keys
 * through a {@link GroupTable}, the rows of each group contiguous (for ASOF, ordered by the ASOF column). Parallel
 * copies of the probe side share one instance: the first to need it builds it under the lock, the others wait and
 * then read it without writing (except the matched flags RIGHT and FULL joins keep, which never run in parallel).
 * The last owner's {@link #close()} frees the table and closes the right input; closing twice is harmless.
 */
final class JoinBuildSide implements AutoCloseable
{
    private final Operator right;
    private final List<DataType> rightTypes;
    private final JoinOperator.Keys keys;
    private final QueryContext context;

    Batch build;
    int[] groupStart;
    int[] rowsByGroup;
    Vector asofValues;
    GroupTable table;
    boolean[] rightMatched;

    private boolean built;
    private RuntimeException failure;
    private boolean closed;

    JoinBuildSide(final Operator right, final List<DataType> rightTypes, final JoinOperator.Keys keys,
        final QueryContext context)
    {
        this.right = right;
        this.rightTypes = rightTypes;
        this.keys = keys;
        this.context = context;
    }

    /** Builds the side on the first call; later calls (from any copy) wait for it and see it complete. */
    synchronized void ensureBuilt()
    {
        if (failure != null)
        {
            throw failure;
        }
        if (!built)
        {
            try
            {
                buildNow();
                built = true;
            }
            catch (final RuntimeException e)
            {
                failure = e;
                throw e;
            }
        }
    }

    private void buildNow()
    {
        build = Gather.all(right, rightTypes);
        final int rows = build.rows();
        final long bytes = rows * 16L * Math.max(1, build.width());
        if (context.maxMemoryUsage() > 0 && bytes > context.maxMemoryUsage())
        {
            throw new MuonException(ErrorCodes.MEMORY_LIMIT_EXCEEDED, "Memory limit (for query) exceeded: the right " +
                "side of the join holds " + rows + " rows, about " + bytes + " bytes, maximum: " +
                context.maxMemoryUsage() + " bytes (max_memory_usage)");
        }
        rightMatched = new boolean[rows];
        final int[] groupOfRow = new int[rows];
        final int groups;
        if (keys.left().length == 0)
        {
            groups = 1;
        }
        else
        {
            table = new GroupTable(List.of(keys.types()));
            final Vector[] keyVectors = JoinOperator.keyVectors(keys.right(), keys.types(), build);
            table.groupIds(keyVectors, rows, groupOfRow);
            for (int r = 0; r < rows; r++)
            {
                if (JoinOperator.hasNullKey(keyVectors, r))
                {
                    groupOfRow[r] = -1;
                }
            }
            groups = table.groups();
        }
        // counting sort of right rows by group: rows of one group contiguous, in input order
        groupStart = new int[groups + 1];
        for (int r = 0; r < rows; r++)
        {
            if (groupOfRow[r] >= 0)
            {
                groupStart[groupOfRow[r] + 1]++;
            }
        }
        for (int g = 0; g < groups; g++)
        {
            groupStart[g + 1] += groupStart[g];
        }
        rowsByGroup = new int[groupStart[groups]];
        final int[] fill = Arrays.copyOf(groupStart, groups);
        for (int r = 0; r < rows; r++)
        {
            if (groupOfRow[r] >= 0)
            {
                rowsByGroup[fill[groupOfRow[r]]++] = r;
            }
        }
        if (keys.asofRight() != null)
        {
            asofValues = Conversions.convert(keys.asofRight().evaluate(build), rows, keys.asofType(),
                Conversions.Mode.CAST);
            final int[] scratch = new int[rowsByGroup.length];
            final SortOperator.IntComparator byAsof = (a, b) -> JoinOperator.compareAsof(asofValues, a, asofValues, b);
            for (int g = 0; g < groups; g++)
            {
                SortOperator.IntSort.sort(rowsByGroup, groupStart[g], groupStart[g + 1], byAsof, scratch);
            }
        }
    }

    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (table != null)
            {
                table.close();
            }
        }
        finally
        {
            right.close();
        }
    }
}
