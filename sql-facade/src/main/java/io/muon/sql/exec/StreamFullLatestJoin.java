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
 * The state of a {@code FULL LATEST JOIN} of two streams, as Proton's: each side keeps the last row of every join
 * key, and a row from either side goes out at once beside the other side's last row of its key, or beside empty
 * columns when the other side has none yet. Later rows never change what went out. Rows live in growable vectors
 * per side; rows no key refers to any more are cut out once they outnumber the live ones. Owned by one pipeline
 * thread.
 */
public final class StreamFullLatestJoin implements StreamingJoin
{
    private static final int MIN_ROWS_BEFORE_CUT = 8192;

    private final JoinOperator.Keys keys;
    private final JoinedRows joinedRows;
    private final long maxBufferedBytes;
    private final GroupTable table;
    private final Latest[] sides = new Latest[2];
    private int[] groups = new int[Batch.DEFAULT_ROWS];
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];

    /** One side's last row per join key. */
    private static final class Latest
    {
        final List<DataType> types;
        Vector[] rows;
        int rowCount;
        int live;
        int[] last = new int[0];

        Latest(final List<DataType> types)
        {
            this.types = types;
            this.rows = new Vector[types.size()];
            for (int c = 0; c < rows.length; c++)
            {
                rows[c] = Vector.create(types.get(c), 64);
            }
        }

        void grow(final int groups)
        {
            if (last.length < groups)
            {
                final int old = last.length;
                last = Arrays.copyOf(last, Math.max(groups, old * 2 + 16));
                Arrays.fill(last, old, last.length, -1);
            }
        }

        long bytes()
        {
            long bytes = 4L * last.length;
            for (final Vector column : rows)
            {
                bytes += column.heapBytes();
            }
            return bytes;
        }

        void cutIfSparse()
        {
            if (rowCount < 2L * live + MIN_ROWS_BEFORE_CUT)
            {
                return;
            }
            final int[] kept = new int[live];
            int count = 0;
            for (int g = 0; g < last.length; g++)
            {
                if (last[g] >= 0)
                {
                    kept[count] = last[g];
                    last[g] = count++;
                }
            }
            for (int c = 0; c < rows.length; c++)
            {
                rows[c] = rows[c].gather(kept, count);
            }
            rowCount = count;
        }
    }

    StreamFullLatestJoin(final JoinOperator.Keys keys, final List<DataType> leftTypes,
        final List<DataType> rightTypes, final List<DataType> outputTypes, final long maxBufferedBytes,
        final BitSet wanted)
    {
        if (keys.left().length == 0)
        {
            throw new MuonException(ErrorCodes.INVALID_JOIN_ON_EXPRESSION, "FULL LATEST JOIN needs at least one " +
                "equality between the two sides in ON");
        }
        if (keys.residual() != null)
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, "FULL LATEST JOIN takes only equalities in ON; " +
                "filter the joined rows in WHERE");
        }
        this.keys = keys;
        this.maxBufferedBytes = maxBufferedBytes;
        this.joinedRows = new JoinedRows(outputTypes, leftTypes.size(), wanted);
        this.table = new GroupTable(List.of(keys.types()));
        this.sides[LEFT] = new Latest(leftTypes);
        this.sides[RIGHT] = new Latest(rightTypes);
    }

    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        final int count = batch.rows();
        if (count == 0)
        {
            return;
        }
        if (groups.length < count)
        {
            groups = new int[count];
        }
        final Vector[] keyVectors = JoinOperator.keyVectors(side == LEFT ? keys.left() : keys.right(), keys.types(),
            batch);
        table.groupIds(keyVectors, count, groups);
        final Latest self = sides[side];
        final Latest other = sides[1 - side];
        self.grow(table.groups());
        other.grow(table.groups());
        final int base = self.rowCount;
        for (int c = 0; c < self.rows.length; c++)
        {
            self.rows[c].appendRange(batch.column(c), 0, count);
        }
        self.rowCount += count;
        if (pairLeft.length < count)
        {
            pairLeft = new int[count];
            pairRight = new int[count];
        }
        for (int r = 0; r < count; r++)
        {
            final boolean nullKey = JoinOperator.hasNullKey(keyVectors, r);
            final int otherRow = nullKey ? -1 : other.last[groups[r]];
            pairLeft[r] = side == LEFT ? base + r : otherRow;
            pairRight[r] = side == LEFT ? otherRow : base + r;
            if (!nullKey)
            {
                self.live += self.last[groups[r]] < 0 ? 1 : 0;
                self.last[groups[r]] = base + r;
            }
        }
        // every row goes out, beside the other side's last row of its key or empty columns (-1)
        out.accept(joinedRows.pairs(sides[LEFT].rows, pairLeft, sides[RIGHT].rows, pairRight, count));
        self.cutIfSparse();
        final long bytes = sides[LEFT].bytes() + sides[RIGHT].bytes() + table.memoryBytes();
        if (maxBufferedBytes > 0 && bytes > maxBufferedBytes)
        {
            throw new MuonException(ErrorCodes.SET_SIZE_LIMIT_EXCEEDED, "Streaming join's memory reaches max size: " +
                maxBufferedBytes + ", current total: " + bytes + " (join_max_buffered_bytes)");
        }
    }

    @Override
    public void write(final StateOutput out)
    {
        table.write(out);
        for (final Latest side : sides)
        {
            out.writeBatch(new Batch(side.rows, side.rowCount), side.types);
            out.writeInt(side.live);
            out.writeInts(side.last, side.last.length);
        }
    }

    @Override
    public void read(final StateInput in)
    {
        table.read(in);
        for (final Latest side : sides)
        {
            final Batch stored = in.readBatch(side.types);
            side.rows = stored.columns();
            side.rowCount = stored.rows();
            side.live = in.readInt();
            side.last = in.readIndexes(side.rowCount);
        }
    }

    @Override
    public void close()
    {
        table.close();
    }
}
