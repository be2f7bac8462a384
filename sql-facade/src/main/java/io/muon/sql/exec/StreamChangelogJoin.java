package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of a join of two keyed streams, versioned_kv or changelog_kv (INNER, LEFT, RIGHT or FULL ALL), as
 * Proton's bidirectional join of keyed streams (a changelog delete removes its key's joined rows): each side keeps
 * the current row of each primary key ({@link KeyedSide}), and the join's result is a changelog. When a key of either
 * side changes, the joined rows its old row made are taken back ({@code _tp_delta} -1, the output's last column) and
 * those of its new row are added (+1), each paired with the other side's current rows of the join key. A preserved
 * side's row (LEFT: the left, RIGHT: the right, FULL: both) with no row of the other side under its join key (or a
 * NULL join key) is sent alone, with the other side's columns empty; when the other side's first row of that join
 * key comes, those lone rows are taken back before the joined ones are added, and they come back when its last row
 * goes. Aggregations over it take the rows back in turn. Owned by one pipeline thread.
 */
public final class StreamChangelogJoin implements StreamingJoin, KeyedSide.Changes
{
    private final JoinOperator.Keys keys;
    private final JoinedRows joinedRows;
    private final DataType deltaType;
    private final long maxBufferedBytes;
    private final GroupTable joinKeys;
    private final KeyedSide[] sides = new KeyedSide[2];
    /** Whether each side's rows go out without a match (LEFT: the left, RIGHT: the right, FULL: both). */
    private final boolean[] preserved = new boolean[2];

    private int changing;
    private int[] joinIds = new int[Batch.DEFAULT_ROWS];
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];
    private byte[] deltas = new byte[Batch.DEFAULT_ROWS];
    private int pairs;

    StreamChangelogJoin(final JoinOperator.Keys keys, final StreamKeyedJoin.LatestKeys left,
        final StreamKeyedJoin.LatestKeys right, final List<DataType> leftTypes, final List<DataType> rightTypes,
        final List<DataType> outputTypes, final String kind, final long maxBufferedBytes, final BitSet wanted)
    {
        if (!kind.equals("INNER") && !kind.equals("LEFT") && !kind.equals("RIGHT") && !kind.equals("FULL"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "'Versioned stream' " + kind + " All JOIN " +
                "'Versioned stream' is not supported: two keyed streams join with INNER, LEFT, RIGHT or FULL JOIN");
        }
        if (!kind.equals("INNER") && keys.residual() != null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, kind + " JOIN of keyed streams takes only " +
                "equalities in ON; filter the joined rows in WHERE");
        }
        this.preserved[LEFT] = kind.equals("LEFT") || kind.equals("FULL");
        this.preserved[RIGHT] = kind.equals("RIGHT") || kind.equals("FULL");
        if (keys.left().length == 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "A join of keyed streams needs at least " +
                "one equality between the two sides in ON");
        }
        this.keys = keys;
        this.maxBufferedBytes = maxBufferedBytes;
        // the joined rows, then _tp_delta
        this.joinedRows = new JoinedRows(outputTypes.subList(0, outputTypes.size() - 1), leftTypes.size(),
            wanted == null ? null : wanted.get(0, outputTypes.size() - 1));
        this.deltaType = outputTypes.get(outputTypes.size() - 1);
        this.joinKeys = new GroupTable(List.of(keys.types()));
        this.sides[LEFT] = new KeyedSide(left, leftTypes);
        this.sides[RIGHT] = new KeyedSide(right, rightTypes);
        // (none allocates off-heap memory before its first rows, so a failure here leaks nothing)
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        final int count = batch.rows();
        if (count == 0)
        {
            return;
        }
        if (joinIds.length < count)
        {
            joinIds = new int[count];
        }
        final Vector[] vectors = JoinOperator.keyVectors(side == LEFT ? keys.left() : keys.right(), keys.types(),
            batch);
        joinKeys.groupIds(vectors, count, joinIds);
        for (int r = 0; r < count; r++)
        {
            if (JoinOperator.hasNullKey(vectors, r))
            {
                joinIds[r] = -1;
            }
        }
        changing = side;
        pairs = 0;
        sides[side].update(batch, joinIds, joinKeys.groups(), this);
        if (pairs > 0)
        {
            emit(out);
        }
        sides[side].cutIfSparse();
        final long bytes = sides[LEFT].bytes() + sides[RIGHT].bytes() + joinKeys.memoryBytes();
        if (maxBufferedBytes > 0 && bytes > maxBufferedBytes)
        {
            throw new MuonException(ErrorCodes.SET_SIZE_LIMIT_EXCEEDED, "Streaming join's memory reaches max size: " +
                maxBufferedBytes + ", current total: " + bytes + ", left total: " + sides[LEFT].bytes() +
                ", right total: " + sides[RIGHT].bytes() + " (join_max_buffered_bytes)");
        }
    }

    @Override
    public void removing(final int row, final int joinKey, final boolean stays)
    {
        final KeyedSide self = sides[changing];
        final KeyedSide other = sides[1 - changing];
        pairWithOtherSide(row, joinKey, (byte)-1);
        if (preserved[changing] && other.count(joinKey) == 0)
        {
            alone(changing, row, (byte)-1);
        }
        if (preserved[1 - changing] && !stays && joinKey >= 0 && self.count(joinKey) == 1)
        {
            // the other side's rows of this join key lose their last match: they go out alone again
            for (int pk = other.first(joinKey); pk >= 0; pk = other.next(pk))
            {
                alone(1 - changing, other.row(pk), (byte)1);
            }
        }
    }

    @Override
    public void added(final int row, final int joinKey, final boolean stays)
    {
        final KeyedSide self = sides[changing];
        final KeyedSide other = sides[1 - changing];
        if (preserved[1 - changing] && !stays && joinKey >= 0 && self.count(joinKey) == 1)
        {
            // the other side's rows of this join key get their first match: their lone rows are taken back
            for (int pk = other.first(joinKey); pk >= 0; pk = other.next(pk))
            {
                alone(1 - changing, other.row(pk), (byte)-1);
            }
        }
        pairWithOtherSide(row, joinKey, (byte)1);
        if (preserved[changing] && other.count(joinKey) == 0)
        {
            alone(changing, row, (byte)1);
        }
    }

    private void pairWithOtherSide(final int row, final int joinKey, final byte delta)
    {
        final KeyedSide other = sides[1 - changing];
        for (int pk = other.first(joinKey); pk >= 0; pk = other.next(pk))
        {
            pair(changing == LEFT ? row : other.row(pk), changing == LEFT ? other.row(pk) : row, delta);
        }
    }

    /** Row {@code row} of {@code side} without a match: the other side's columns empty. */
    private void alone(final int side, final int row, final byte delta)
    {
        pair(side == LEFT ? row : -1, side == LEFT ? -1 : row, delta);
    }

    private void pair(final int left, final int right, final byte delta)
    {
        if (pairs == pairLeft.length)
        {
            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
            pairRight = Arrays.copyOf(pairRight, pairs * 2);
            deltas = Arrays.copyOf(deltas, pairs * 2);
        }
        pairLeft[pairs] = left;
        pairRight[pairs] = right;
        deltas[pairs] = delta;
        pairs++;
    }

    private void emit(final Consumer<Batch> out)
    {
        final Batch joined = joinedRows.pairs(sides[LEFT].columns(), pairLeft, sides[RIGHT].columns(), pairRight,
            pairs);
        final Vector[] columns = Arrays.copyOf(joined.columns(), joined.width() + 1);
        final LongVector delta = (LongVector)Vector.create(deltaType, pairs);
        for (int i = 0; i < pairs; i++)
        {
            delta.append(deltas[i]);
        }
        columns[columns.length - 1] = delta;
        Batch batch = new Batch(columns, pairs);
        if (keys.residual() != null)
        {
            batch = StreamJoin.filter(batch, keys.residual());
        }
        if (batch.rows() > 0)
        {
            out.accept(batch);
        }
    }

    @Override
    public void write(final StateOutput out)
    {
        joinKeys.write(out);
        sides[LEFT].write(out);
        sides[RIGHT].write(out);
    }

    @Override
    public void read(final StateInput in)
    {
        joinKeys.read(in);
        sides[LEFT].read(in);
        sides[RIGHT].read(in);
    }

    @Override
    public void close()
    {
        try
        {
            sides[LEFT].close();
            sides[RIGHT].close();
        }
        finally
        {
            joinKeys.close();
        }
    }
}
