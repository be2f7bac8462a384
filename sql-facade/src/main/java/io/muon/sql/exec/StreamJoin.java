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
 * The state of a join of two append streams (INNER or LEFT, strictness ALL), as Proton's bidirectional joins: the
 * rows each side has sent, kept for the rows the other side will send. A row that arrives is joined with the other
 * side's kept rows of its key (one probe of a hash table both sides share, then the chain of that key's rows on the
 * other side) and kept in turn. A LEFT join sends a left row that matched nothing at once, with the right columns
 * empty (defaults, or NULL under join_use_nulls); a right row that comes later and matches it adds the joined row.
 * <p>
 * With a time bound ({@code date_diff_within}, a range of one side's event time around the other's, or equal window
 * starts) a kept row is dropped once the other side's event time has gone past every time it could still match;
 * each side's event time is the largest it has sent, row by row in order of arrival. A row behind its own side's
 * time is late: the other side's rows that time has put out of reach no longer meet it, so the result does not
 * depend on batching or on when dropped rows are cut out. Dropped rows are cut out (and the hash table rebuilt from the
 * rows left) once the sides hold about twice the rows kept at the last cut, so a bounded join's memory follows its
 * time range. Without a time bound every row is kept, up to {@code join_max_buffered_bytes} (Code 191 beyond).
 * Owned by one pipeline thread; {@link #close()} frees the table.
 */
public final class StreamJoin implements StreamingJoin
{
    private static final int MIN_ROWS_BEFORE_CUT = 8192;

    /**
     * A bound on {@code leftTime - rightTime}, in nanoseconds: {@code [low, high]}. Each side's time is an expression
     * over that side's row, in its own units ({@code nanosPerTick}: 10^9 for DateTime, 10^6 for DateTime64(3)…).
     */
    public record TimeBound(Evaluator leftTime, long leftNanosPerTick, Evaluator rightTime, long rightNanosPerTick,
        long low, long high)
    {
    }

    private final JoinOperator.Keys keys;
    private final boolean leftOuter;
    private final TimeBound bound;
    private final long maxBufferedBytes;
    private final JoinedRows joinedRows;
    private final Side[] sides = new Side[2];
    private GroupTable table;
    private int keptAtLastCut;

    private int[] pairNew = new int[Batch.DEFAULT_ROWS];
    private int[] pairOld = new int[Batch.DEFAULT_ROWS];
    private int[] groups = new int[Batch.DEFAULT_ROWS];
    private long[] batchTimes = new long[Batch.DEFAULT_ROWS];
    private boolean[] batchMatched = new boolean[Batch.DEFAULT_ROWS];

    /** One side's kept rows: their columns, times and hash chains (newest first). */
    private static final class Side
    {
        final List<DataType> types;
        final Evaluator[] keyEvaluators;
        final Evaluator time;
        final long nanosPerTick;
        Vector[] columns;
        int rows;
        long[] times = new long[64];
        int[] next = new int[64];
        int[] head = new int[0];
        /** The largest event time this side has sent (nanoseconds). */
        long maxTime = Long.MIN_VALUE;

        Side(final List<DataType> types, final Evaluator[] keyEvaluators, final Evaluator time,
            final long nanosPerTick)
        {
            this.types = types;
            this.keyEvaluators = keyEvaluators;
            this.time = time;
            this.nanosPerTick = nanosPerTick;
            this.columns = newColumns(types);
        }

        static Vector[] newColumns(final List<DataType> types)
        {
            final Vector[] columns = new Vector[types.size()];
            for (int c = 0; c < columns.length; c++)
            {
                columns[c] = Vector.create(types.get(c), 64);
            }
            return columns;
        }

        void ensureRows(final int rows)
        {
            if (rows > times.length)
            {
                final int capacity = Math.max(rows, times.length * 2);
                times = Arrays.copyOf(times, capacity);
                next = Arrays.copyOf(next, capacity);
            }
        }

        void ensureGroups(final int groups)
        {
            if (groups > head.length)
            {
                final int old = head.length;
                head = Arrays.copyOf(head, Math.max(groups, old * 2 + 16));
                Arrays.fill(head, old, head.length, -1);
            }
        }

        long bytes()
        {
            long bytes = 12L * times.length + 4L * head.length;
            for (final Vector column : columns)
            {
                bytes += column.heapBytes();
            }
            return bytes;
        }

        Batch asBatch()
        {
            return new Batch(columns, rows);
        }
    }

    StreamJoin(final JoinOperator.Keys keys, final List<DataType> leftTypes, final List<DataType> rightTypes,
        final List<DataType> outputTypes, final String kind, final TimeBound bound, final long maxBufferedBytes,
        final BitSet wanted)
    {
        if (!kind.equals("INNER") && !kind.equals("LEFT"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, kind + " JOIN of two append streams: only INNER " +
                "and LEFT joins of append streams are streaming joins");
        }
        this.keys = keys;
        this.leftOuter = kind.equals("LEFT");
        this.bound = bound;
        this.maxBufferedBytes = maxBufferedBytes;
        this.joinedRows = new JoinedRows(outputTypes, leftTypes.size(), wanted);
        sides[LEFT] = new Side(leftTypes, keys.left(), bound == null ? null : bound.leftTime(),
            bound == null ? 1 : bound.leftNanosPerTick());
        sides[RIGHT] = new Side(rightTypes, keys.right(), bound == null ? null : bound.rightTime(),
            bound == null ? 1 : bound.rightNanosPerTick());
        table = new GroupTable(List.of(keys.types()));
    }

    /** The bytes the kept rows take (about). */
    public long bufferedBytes()
    {
        return sides[LEFT].bytes() + sides[RIGHT].bytes() + table.memoryBytes();
    }

    /** Rows kept on {@code side}, dropped ones not yet cut out included. */
    public int keptRows(final int side)
    {
        return sides[side].rows;
    }

    /**
     * Joins {@code batch}, rows of {@code side}, with the other side's kept rows, passes the joined rows to {@code
     * out} (batches valid during the call), keeps the rows for later ones, and drops what time has put out of reach.
     */
    @Override
    public void add(final int side, final Batch batch, final Consumer<Batch> out)
    {
        final int rows = batch.rows();
        if (rows == 0)
        {
            return;
        }
        final Side self = sides[side];
        final Side other = sides[1 - side];
        if (groups.length < rows)
        {
            groups = new int[rows];
            batchTimes = new long[rows];
            batchMatched = new boolean[rows];
        }
        groupsOf(self, batch, rows);
        final long timeBefore = self.maxTime;
        timesOf(self, batch, rows);
        Arrays.fill(batchMatched, 0, rows, false);
        probe(side, batch, rows, other, timeBefore, out);
        if (side == LEFT && leftOuter)
        {
            sendUnmatched(batch, rows, out);
        }
        keep(side, batch, rows);
        if (self.rows + other.rows >= 2L * keptAtLastCut + MIN_ROWS_BEFORE_CUT)
        {
            cut();
        }
        final long bytes = bufferedBytes();
        if (maxBufferedBytes > 0 && bytes > maxBufferedBytes)
        {
            throw new MuonException(ErrorCodes.SET_SIZE_LIMIT_EXCEEDED, "Streaming join's memory reaches max size: " +
                maxBufferedBytes + ", current total: " + bytes + ", left total: " + sides[LEFT].bytes() +
                ", right total: " + sides[RIGHT].bytes() + " (join_max_buffered_bytes; bound the join in time with " +
                "date_diff_within, or raise the setting)");
        }
    }

    private void groupsOf(final Side self, final Batch batch, final int rows)
    {
        if (keys.types().length == 0)
        {
            Arrays.fill(groups, 0, rows, 0);
            return;
        }
        final Vector[] keyVectors = JoinOperator.keyVectors(self.keyEvaluators, keys.types(), batch);
        table.groupIds(keyVectors, rows, groups);
        for (final Vector key : keyVectors)
        {
            final boolean[] nulls = key.nulls();
            for (int r = 0; nulls != null && r < rows; r++)
            {
                if (nulls[r])
                {
                    groups[r] = -1;
                }
            }
        }
    }

    private void timesOf(final Side self, final Batch batch, final int rows)
    {
        if (self.time == null)
        {
            return;
        }
        final Vector time = self.time.evaluate(batch);
        long max = self.maxTime;
        for (int r = 0; r < rows; r++)
        {
            final int at = time.isConstant() ? 0 : r;
            final long value = time.isNull(at) ? Long.MIN_VALUE : ((LongVector)time).get(at) * self.nanosPerTick;
            batchTimes[r] = value;
            max = Math.max(max, value);
        }
        self.maxTime = max;
    }

    /** Pairs each new row with the other side's kept rows of its key within the time bound. */
    private void probe(final int side, final Batch batch, final int rows, final Side other, final long timeBefore,
        final Consumer<Batch> out)
    {
        int pairs = 0;
        // this side's time before each row, in order of arrival: the other side's rows it has put out of reach
        // count as gone for the rows after it, whether or not a cut has removed them yet
        long sideTime = timeBefore;
        for (int r = 0; r < rows; r++)
        {
            final int group = groups[r];
            final long time = batchTimes[r];
            final long otherHorizon = bound == null || sideTime == Long.MIN_VALUE ? Long.MIN_VALUE :
                side == LEFT ? saturatedAdd(sideTime, -bound.high()) : saturatedAdd(sideTime, bound.low());
            sideTime = Math.max(sideTime, time);
            if (group < 0 || group >= other.head.length)
            {
                continue;
            }
            for (int o = other.head[group]; o >= 0; o = other.next[o])
            {
                if (bound != null && (other.times[o] < otherHorizon || !within(side, time, other.times[o])))
                {
                    continue;
                }
                if (pairs == pairNew.length)
                {
                    emitPairs(side, batch, other, pairs, out);
                    pairs = 0;
                }
                pairNew[pairs] = r;
                pairOld[pairs] = o;
                pairs++;
            }
        }
        if (pairs > 0)
        {
            emitPairs(side, batch, other, pairs, out);
        }
    }

    private boolean within(final int side, final long time, final long otherTime)
    {
        if (time == Long.MIN_VALUE || otherTime == Long.MIN_VALUE)
        {
            return false;
        }
        final long difference = side == LEFT ? time - otherTime : otherTime - time;
        return difference >= bound.low() && difference <= bound.high();
    }

    private void emitPairs(final int side, final Batch batch, final Side other, final int pairs,
        final Consumer<Batch> out)
    {
        final Vector[] leftColumns = side == LEFT ? batch.columns() : other.columns;
        final Vector[] rightColumns = side == LEFT ? other.columns : batch.columns();
        final int[] leftRows = side == LEFT ? pairNew : pairOld;
        final int[] rightRows = side == LEFT ? pairOld : pairNew;
        Batch joined = joinedRows.pairs(leftColumns, leftRows, rightColumns, rightRows, pairs);
        int[] kept = null;
        int count = pairs;
        if (keys.residual() != null)
        {
            kept = holding(joined, keys.residual());
            count = kept.length;
            if (count < pairs)
            {
                joined = gathered(joined, kept, count);
            }
        }
        if (leftOuter && side == LEFT)
        {
            for (int i = 0; i < count; i++)
            {
                batchMatched[pairNew[kept == null ? i : kept[i]]] = true;
            }
        }
        if (count > 0)
        {
            out.accept(joined);
        }
    }

    /** The rows of {@code batch} where {@code condition} holds (not NULL, not 0). */
    static int[] holding(final Batch batch, final Evaluator condition)
    {
        final Vector holds = condition.evaluate(batch);
        final int[] kept = new int[batch.rows()];
        int count = 0;
        for (int i = 0; i < batch.rows(); i++)
        {
            if (!holds.isNull(i) && Scalars.getDouble(holds, i) != 0)
            {
                kept[count++] = i;
            }
        }
        return Arrays.copyOf(kept, count);
    }

    /** {@code batch} with only the rows where {@code condition} holds. */
    static Batch filter(final Batch batch, final Evaluator condition)
    {
        final int[] kept = holding(batch, condition);
        return kept.length == batch.rows() ? batch : gathered(batch, kept, kept.length);
    }

    private static Batch gathered(final Batch batch, final int[] rows, final int count)
    {
        final Vector[] columns = new Vector[batch.width()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = batch.column(c).gather(rows, count);
        }
        return new Batch(columns, count);
    }

    /** Keeps the new rows that may still match a later row of the other side. */
    private void keep(final int side, final Batch batch, final int rows)
    {
        final Side self = sides[side];
        final long horizon = horizon(side);
        self.ensureRows(self.rows + rows);
        self.ensureGroups(Math.max(1, table.groups()));
        boolean all = true;
        for (int r = 0; r < rows && all; r++)
        {
            all = groups[r] >= 0 && batchTimes[r] >= horizon;
        }
        for (int c = 0; all && c < self.columns.length; c++)
        {
            self.columns[c].appendRange(batch.column(c), 0, rows);
        }
        for (int r = 0; r < rows; r++)
        {
            if (!all)
            {
                if (groups[r] < 0 || batchTimes[r] < horizon)
                {
                    continue;
                }
                for (int c = 0; c < self.columns.length; c++)
                {
                    self.columns[c].appendFrom(batch.column(c), r);
                }
            }
            final int row = self.rows++;
            final int group = groups[r];
            self.times[row] = batchTimes[r];
            self.next[row] = self.head[group];
            self.head[group] = row;
        }
    }

    /** A LEFT join's left rows of {@code batch} that matched nothing, with the right columns empty. */
    private void sendUnmatched(final Batch batch, final int rows, final Consumer<Batch> out)
    {
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            count += batchMatched[r] ? 0 : 1;
        }
        if (count == 0)
        {
            return;
        }
        final int[] unmatched = new int[count];
        count = 0;
        for (int r = 0; r < rows; r++)
        {
            if (!batchMatched[r])
            {
                unmatched[count++] = r;
            }
        }
        out.accept(joinedRows.pairs(batch.columns(), unmatched, null, null, count));
    }

    /**
     * Rows of {@code side} with a time before this can no longer match anything the other side sends (which comes
     * at or after the other side's largest time). {@link Long#MIN_VALUE} without a time bound.
     */
    private long horizon(final int side)
    {
        if (bound == null)
        {
            return Long.MIN_VALUE;
        }
        final long otherTime = sides[1 - side].maxTime;
        if (otherTime == Long.MIN_VALUE)
        {
            return Long.MIN_VALUE;
        }
        // left rows need leftTime - rightTime >= low; right rows need leftTime - rightTime <= high
        return side == LEFT ? saturatedAdd(otherTime, bound.low()) : saturatedAdd(otherTime, -bound.high());
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    /**
     * Cuts out the rows of both sides that can no longer match and rebuilds the hash table from the keys of the rows
     * left, so neither the rows nor the keys of the past pile up.
     */
    private void cut()
    {
        if (bound == null)
        {
            keptAtLastCut = sides[LEFT].rows + sides[RIGHT].rows;
            return;
        }
        final GroupTable rebuilt = new GroupTable(List.of(keys.types()));
        try
        {
            for (int s = LEFT; s <= RIGHT; s++)
            {
                compact(sides[s], horizon(s), rebuilt);
            }
        }
        catch (final RuntimeException e)
        {
            rebuilt.close();
            throw e;
        }
        table.close();
        table = rebuilt;
        keptAtLastCut = sides[LEFT].rows + sides[RIGHT].rows;
    }

    private void compact(final Side side, final long horizon, final GroupTable rebuilt)
    {
        final int[] live = new int[side.rows];
        int count = 0;
        for (int r = 0; r < side.rows; r++)
        {
            if (side.times[r] >= horizon)
            {
                live[count++] = r;
            }
        }
        final Vector[] columns = new Vector[side.columns.length];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = side.columns[c].gather(live, count);
        }
        final long[] times = new long[Math.max(64, count)];
        for (int i = 0; i < count; i++)
        {
            times[i] = side.times[live[i]];
        }
        side.columns = columns;
        side.times = times;
        side.next = new int[times.length];
        side.rows = count;
        side.head = new int[0];
        final int[] ids = new int[count];
        if (keys.types().length > 0 && count > 0)
        {
            rebuilt.groupIds(JoinOperator.keyVectors(side.keyEvaluators, keys.types(), side.asBatch()), count, ids);
        }
        side.ensureGroups(Math.max(1, rebuilt.groups()));
        for (int r = 0; r < count; r++)
        {
            side.next[r] = side.head[ids[r]];
            side.head[ids[r]] = r;
        }
    }

    @Override
    public void write(final StateOutput out)
    {
        table.write(out);
        out.writeInt(keptAtLastCut);
        for (final Side side : sides)
        {
            out.writeLong(side.maxTime);
            out.writeBatch(side.asBatch(), side.types);
            out.writeLongs(side.times, side.rows);
            out.writeInts(side.next, side.rows);
            out.writeInts(side.head, side.head.length);
        }
    }

    @Override
    public void read(final StateInput in)
    {
        table.read(in);
        keptAtLastCut = in.readInt();
        for (final Side side : sides)
        {
            side.maxTime = in.readLong();
            final Batch rows = in.readBatch(side.types);
            side.columns = rows.columns();
            side.rows = rows.rows();
            final long[] times = in.readLongs();
            final int[] next = in.readIndexes(side.rows);
            final int[] head = in.readIndexes(side.rows);
            if (times.length != side.rows || next.length != side.rows)
            {
                throw StateInput.corrupted("a join side of " + side.rows + " rows with " + times.length +
                    " times and " + next.length + " links");
            }
            side.times = Arrays.copyOf(times, Math.max(64, times.length));
            side.next = Arrays.copyOf(next, side.times.length);
            side.head = head;
        }
    }

    @Override
    public void close()
    {
        table.close();
    }
}
