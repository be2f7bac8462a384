package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of a join of an append stream with a versioned_kv or changelog_kv stream (ALL, INNER or LEFT), as
 * Proton's dynamic enrichment: the right stream keeps the latest row of each primary key ({@link KeyedSide}), and
 * each left row, as it arrives, joins every current right row of its join key (several when the join key is part
 * of the primary key). Left rows are not kept: a later right row does not join earlier left rows. Owned by one
 * pipeline thread.
 */
public final class StreamKeyedJoin implements StreamingJoin, KeyedSide.Changes
{
    private final JoinOperator.Keys keys;
    private final boolean leftOuter;
    private final JoinedRows joinedRows;
    private final long maxBufferedBytes;
    private final GroupTable joinKeys;
    private final KeyedSide right;

    private int[] joinIds = new int[Batch.DEFAULT_ROWS];
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];

    StreamKeyedJoin(final JoinOperator.Keys keys, final LatestKeys latest, final List<DataType> leftTypes,
        final List<DataType> rightTypes, final List<DataType> outputTypes, final String kind,
        final long maxBufferedBytes, final BitSet wanted)
    {
        if (!kind.equals("INNER") && !kind.equals("LEFT"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Append stream' " + kind + " All JOIN 'Versioned " +
                "stream' is not supported: an append stream joins a keyed stream with INNER or LEFT");
        }
        if (keys.left().length == 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "A join with a keyed stream needs at " +
                "least one equality between the two sides in ON");
        }
        if (kind.equals("LEFT") && keys.residual() != null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "LEFT JOIN with a keyed stream takes only " +
                "equalities in ON; filter the joined rows in WHERE");
        }
        this.keys = keys;
        this.leftOuter = kind.equals("LEFT");
        this.maxBufferedBytes = maxBufferedBytes;
        this.joinedRows = new JoinedRows(outputTypes, leftTypes.size(), wanted);
        this.joinKeys = new GroupTable(List.of(keys.types()));
        this.right = new KeyedSide(latest, rightTypes);
        // (neither allocates off-heap memory before its first rows, so a failure here leaks nothing)
    }

    /** A keyed stream's primary key, version, {@code _tp_sn} and {@code _tp_delta} (-1: none) columns. */
    record LatestKeys(Evaluator[] keys, List<DataType> keyTypes, Evaluator version, DataType versionType,
        int sequence, int delta)
    {
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        if (batch.rows() == 0)
        {
            return;
        }
        if (joinIds.length < batch.rows())
        {
            joinIds = new int[batch.rows()];
        }
        if (side == RIGHT)
        {
            joinKeysOf(batch, keys.right(), true);
            right.update(batch, joinIds, joinKeys.groups(), this);
            right.cutIfSparse();
            if (maxBufferedBytes > 0 && right.bytes() > maxBufferedBytes)
            {
                throw new MuonException(ErrorCodes.SET_SIZE_LIMIT_EXCEEDED, "Streaming join's memory reaches max " +
                    "size: " + maxBufferedBytes + ", current total: " + right.bytes() + " (join_max_buffered_bytes)");
            }
        }
        else
        {
            probe(batch, out);
        }
    }

    /** The join key of each row into {@code joinIds} (-1 for NULL keys); {@code add}: new keys are numbered. */
    private void joinKeysOf(final Batch batch, final Evaluator[] evaluators, final boolean add)
    {
        final int count = batch.rows();
        final Vector[] vectors = JoinOperator.keyVectors(evaluators, keys.types(), batch);
        if (add)
        {
            joinKeys.groupIds(vectors, count, joinIds);
        }
        else
        {
            joinKeys.find(vectors, count, joinIds);
        }
        for (int r = 0; r < count; r++)
        {
            if (JoinOperator.hasNullKey(vectors, r))
            {
                joinIds[r] = -1;
            }
        }
    }

    @Override
    public void removing(final int row, final int joinKey, final boolean stays)
    {
        // enrichment: earlier joined rows stay as they were sent
    }

    @Override
    public void added(final int row, final int joinKey, final boolean stays)
    {
    }

    private void probe(final Batch batch, final Consumer<Batch> out)
    {
        final int count = batch.rows();
        joinKeysOf(batch, keys.left(), false);
        int pairs = 0;
        for (int r = 0; r < count; r++)
        {
            boolean matched = false;
            for (int pk = right.first(joinIds[r]); pk >= 0; pk = right.next(pk))
            {
                pairs = pair(pairs, r, right.row(pk));
                matched = true;
            }
            if (!matched && leftOuter)
            {
                pairs = pair(pairs, r, -1);
            }
        }
        if (pairs == 0)
        {
            return;
        }
        Batch joined = joinedRows.pairs(batch.columns(), pairLeft, right.columns(), pairRight, pairs);
        if (keys.residual() != null)
        {
            joined = StreamJoin.filter(joined, keys.residual());
        }
        if (joined.rows() > 0)
        {
            out.accept(joined);
        }
    }

    private int pair(final int pairs, final int left, final int rightRow)
    {
        if (pairs == pairLeft.length)
        {
            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
            pairRight = Arrays.copyOf(pairRight, pairs * 2);
        }
        pairLeft[pairs] = left;
        pairRight[pairs] = rightRow;
        return pairs + 1;
    }

    @Override
    public void write(final StateOutput out)
    {
        joinKeys.write(out);
        right.write(out);
    }

    @Override
    public void read(final StateInput in)
    {
        joinKeys.read(in);
        right.read(in);
    }

    @Override
    public void close()
    {
        try
        {
            right.close();
        }
        finally
        {
            joinKeys.close();
        }
    }
}
