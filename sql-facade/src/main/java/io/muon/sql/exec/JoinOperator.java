package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * Bounded hash join. The right side is drained into one batch and grouped by its equality keys ({@link
 * JoinBuildSide}, which parallel copies of the left side share). The left side then streams through: each row finds its group with one probe, its matching right rows are gathered batch by
 * batch, and a residual condition (the non-equality parts of ON) filters the pairs. LEFT and FULL joins add left rows
 * without a match (right columns default or NULL), RIGHT and FULL add the right rows nobody matched at the end.
 * Strictness follows ClickHouse: ALL (every pair), ANY (first match), SEMI and ANTI (the left row once, if it has a
 * match / has none), ASOF (the closest right row by the inequality). NULL keys never match.
 */
final class JoinOperator implements Operator
{
    /** What the ON clause became: equality keys on each side, an optional ASOF inequality, the rest. */
    record Keys(Evaluator[] left, Evaluator[] right, DataType[] types, Evaluator asofLeft, Evaluator asofRight,
        DataType asofType, String asofOperator, Evaluator residual)
    {
    }

    private final Operator left;
    private final List<DataType> outputTypes;
    private final Keys keys;
    private final String kind;
    private final String strictness;
    private final int leftWidth;
    private final QueryContext context;
    private final int[][] using;
    /** The output columns read above the join (null: all); the others are placeholders, not gathered. */
    private final java.util.BitSet wanted;
    private final Placeholders placeholders;

    private final JoinBuildSide side;
    private Batch build;
    private int[] groupStart;
    private int[] rowsByGroup;
    private Vector asofValues;
    private GroupTable table;
    private boolean[] rightMatched;
    private boolean leftDone;
    /** The left side is a stream: the end of its input is the end of one batch, not of the join. */
    private boolean endless;
    private boolean rightRestDone;

    private Batch probe;
    private int probeRow;
    private int[] pairLeft = new int[Batch.DEFAULT_ROWS];
    private int[] pairRight = new int[Batch.DEFAULT_ROWS];
    private Vector[] probeKeys;
    private Vector probeAsof;
    private int[] probeGroups = new int[0];

    JoinOperator(final Operator left, final JoinBuildSide side, final int leftWidth,
        final List<DataType> outputTypes, final Keys keys, final String kind, final String strictness,
        final QueryContext context, final int[][] using, final java.util.BitSet wanted)
    {
        this.using = using;
        this.wanted = wanted;
        this.placeholders = new Placeholders(outputTypes);
        this.left = left;
        this.side = side;
        this.leftWidth = leftWidth;
        this.outputTypes = outputTypes;
        this.keys = keys;
        this.kind = kind;
        this.strictness = strictness == null ? "ALL" : strictness;
        this.context = context;
    }

    /**
     * Makes this join probe the right side (built now, once) with every batch its left input yields, for as long as
     * it is used: the end of the left input ends one batch, and right rows nobody matched are never added. How a
     * streaming query joins a stream with {@code table(...)}; only INNER and LEFT joins can do this.
     */
    void probeWithoutEnd()
    {
        if (kind.equals("RIGHT") || kind.equals("FULL"))
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, kind + " JOIN of a " +
                "stream with a bounded query: the rows of the right side nobody matched are never known. Use " +
                "INNER or LEFT JOIN");
        }
        endless = true;
        next();
    }

    @Override
    public Batch next()
    {
        if (build == null)
        {
            side.ensureBuilt();
            build = side.build;
            groupStart = side.groupStart;
            rowsByGroup = side.rowsByGroup;
            asofValues = side.asofValues;
            table = side.table;
            rightMatched = side.rightMatched;
        }
        while (!leftDone)
        {
            if (probe == null || probeRow >= probe.rows())
            {
                probe = left.next();
                probeRow = 0;
                if (probe == null)
                {
                    if (endless)
                    {
                        return null;
                    }
                    leftDone = true;
                    break;
                }
                context.checkAlive();
                prepareProbe();
            }
            final Batch out = probeSome();
            if (out != null && out.rows() > 0)
            {
                return out;
            }
        }
        if (!rightRestDone)
        {
            rightRestDone = true;
            if ((kind.equals("RIGHT") || kind.equals("FULL")) && strictness.equals("ALL"))
            {
                return unmatchedRight();
            }
        }
        return null;
    }

    static int compareAsof(final Vector x, final int a, final Vector y, final int b)
    {
        final boolean an = x.isNull(a);
        final boolean bn = y.isNull(b);
        if (an || bn)
        {
            return an == bn ? 0 : an ? -1 : 1;
        }
        return x.compareAt(a, y, b);
    }

    static Vector[] keyVectors(final Evaluator[] evaluators, final DataType[] types, final Batch batch)
    {
        final Vector[] out = new Vector[evaluators.length];
        for (int k = 0; k < out.length; k++)
        {
            out[k] = Conversions.convert(evaluators[k].evaluate(batch), batch.rows(), types[k],
                Conversions.Mode.CAST);
        }
        return out;
    }

    static boolean hasNullKey(final Vector[] keyVectors, final int row)
    {
        for (final Vector key : keyVectors)
        {
            if (key.isNull(row))
            {
                return true;
            }
        }
        return false;
    }

    private void prepareProbe()
    {
        final int rows = probe.rows();
        if (probeGroups.length < rows)
        {
            probeGroups = new int[rows];
        }
        if (keys.left().length == 0)
        {
            Arrays.fill(probeGroups, 0, rows, build.rows() == 0 ? -1 : 0);
        }
        else
        {
            probeKeys = keyVectors(keys.left(), keys.types(), probe);
            table.find(probeKeys, rows, probeGroups);
            for (final Vector key : probeKeys)
            {
                final boolean[] nulls = key.nulls();
                for (int r = 0; nulls != null && r < rows; r++)
                {
                    if (nulls[r])
                    {
                        probeGroups[r] = -1;
                    }
                }
            }
        }
        probeAsof = keys.asofLeft() == null ? null : Conversions.convert(keys.asofLeft().evaluate(probe), rows,
            keys.asofType(), Conversions.Mode.CAST);
    }

    /** Joins left rows from {@link #probeRow} until about one batch of pairs is formed. */
    private Batch probeSome()
    {
        final boolean semi = strictness.equals("SEMI");
        final boolean anti = strictness.equals("ANTI");
        final boolean outer = (kind.equals("LEFT") || kind.equals("FULL")) && !semi && !anti;
        final boolean any = strictness.equals("ANY");
        final boolean asof = keys.asofLeft() != null;
        final boolean residual = keys.residual() != null;
        int pairs = 0;
        final int firstRow = probeRow;
        while (probeRow < probe.rows() && pairs < Batch.DEFAULT_ROWS)
        {
            final int r = probeRow++;
            final int group = probeGroups[r];
            final int from = group < 0 ? 0 : groupStart[group];
            final int to = group < 0 ? 0 : groupStart[group + 1];
            if (asof)
            {
                final int match = asofMatch(r, from, to);
                if (match >= 0 || outer)
                {
                    pairs = addPair(pairs, r, match);
                }
            }
            else if ((semi || anti || any) && !residual)
            {
                pairs = firstMatch(pairs, r, from, to, outer, anti);
            }
            else
            {
                for (int i = from; i < to; i++)
                {
                    pairs = addPair(pairs, r, rowsByGroup[i]);
                }
                if (from == to && outer && !residual)
                {
                    pairs = addPair(pairs, r, -1);
                }
            }
        }
        if (pairs == 0 && firstRow == probeRow)
        {
            return null;
        }
        if (!asof && (!(semi || anti || any) || residual))
        {
            return residual ? filterPairs(pairs, firstRow, outer || anti, semi || anti || any, anti) :
                markAndOutput(pairs);
        }
        return pairBatch(pairLeft, pairRight, pairs);
    }

    private Batch markAndOutput(final int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            if (pairRight[i] >= 0)
            {
                rightMatched[pairRight[i]] = true;
            }
        }
        return pairBatch(pairLeft, pairRight, pairs);
    }

    /**
     * A join with a residual condition: every candidate pair of the rows {@code [firstRow, probeRow)} is tested in one
     * vectorized evaluation. ALL keeps each passing pair; ANY/SEMI keep the first passing pair of a left row, ANTI
     * keeps the rows with none; {@code padUnmatched} adds a left row without a passing pair with no right row.
     */
    private Batch filterPairs(final int pairs, final int firstRow, final boolean padUnmatched, final boolean firstOnly,
        final boolean anti)
    {
        final Batch candidates = pairBatch(pairLeft, pairRight, pairs);
        final Vector holds = keys.residual().evaluate(candidates);
        final boolean[] leftMatched = new boolean[probeRow - firstRow];
        int kept = 0;
        for (int i = 0; i < pairs; i++)
        {
            final int left = pairLeft[i] - firstRow;
            if (holds.isNull(i) || Scalars.getDouble(holds, i) == 0 || firstOnly && leftMatched[left])
            {
                continue;
            }
            leftMatched[left] = true;
            rightMatched[pairRight[i]] = true;
            if (!anti)
            {
                pairLeft[kept] = pairLeft[i];
                pairRight[kept] = pairRight[i];
                kept++;
            }
        }
        if (padUnmatched)
        {
            for (int r = firstRow; r < probeRow; r++)
            {
                if (!leftMatched[r - firstRow])
                {
                    kept = addPair(kept, r, -1);
                }
            }
        }
        return pairBatch(pairLeft, pairRight, kept);
    }

    private int firstMatch(final int pairs, final int r, final int from, final int to, final boolean outer,
        final boolean anti)
    {
        if (from < to)
        {
            rightMatched[rowsByGroup[from]] = true;
            return anti ? pairs : addPair(pairs, r, rowsByGroup[from]);
        }
        return outer || anti ? addPair(pairs, r, -1) : pairs;
    }

    private int asofMatch(final int leftRow, final int from, final int to)
    {
        if (from == to || probeAsof.isNull(leftRow))
        {
            return -1;
        }
        final String op = keys.asofOperator();
        // right rows of the group are ascending by the ASOF column; find the closest that satisfies left <op> right
        int lo = from;
        int hi = to;
        final boolean wantLower = op.equals("greater_or_equals") || op.equals("greater");
        final boolean inclusive = op.equals("greater_or_equals") || op.equals("less_or_equals");
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            final int c = compareAsof(asofValues, rowsByGroup[mid], probeAsof, leftRow);
            // wantLower: find first right value > left (or >= when exclusive); answer is the one before it
            final boolean goRight = wantLower ? (inclusive ? c <= 0 : c < 0) : (inclusive ? c < 0 : c <= 0);
            if (goRight)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        final int index = wantLower ? lo - 1 : lo;
        if (index < from || index >= to || asofValues.isNull(rowsByGroup[index]))
        {
            return -1;
        }
        rightMatched[rowsByGroup[index]] = true;
        return rowsByGroup[index];
    }

    private int addPair(final int pairs, final int leftRow, final int rightRow)
    {
        if (pairs == pairLeft.length)
        {
            pairLeft = Arrays.copyOf(pairLeft, pairs * 2);
            pairRight = Arrays.copyOf(pairRight, pairs * 2);
        }
        pairLeft[pairs] = leftRow;
        pairRight[pairs] = rightRow;
        return pairs + 1;
    }

    /** Left columns of {@code leftRows} followed by right columns of {@code rightRows} (-1: no right row). */
    private Batch pairBatch(final int[] leftRows, final int[] rightRows, final int count)
    {
        boolean padded = false;
        for (int i = 0; i < count && !padded; i++)
        {
            padded = rightRows[i] < 0;
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int c = 0; c < leftWidth; c++)
        {
            columns[c] = isWanted(c) ?
                JoinedRows.gather(probe.column(c), outputTypes.get(c), leftRows, count, false) :
                placeholders.get(c, count);
        }
        for (int c = leftWidth; c < columns.length; c++)
        {
            columns[c] = isWanted(c) ? JoinedRows.gather(build.column(c - leftWidth), outputTypes.get(c),
                rightRows, count, padded) : placeholders.get(c, count);
        }
        return new Batch(columns, count);
    }

    private boolean isWanted(final int column)
    {
        return wanted == null || wanted.get(column);
    }

    private Batch unmatchedRight()
    {
        int count = 0;
        for (final boolean matched : rightMatched)
        {
            count += matched ? 0 : 1;
        }
        if (count == 0)
        {
            return null;
        }
        final int[] rows = new int[count];
        int i = 0;
        for (int r = 0; r < rightMatched.length; r++)
        {
            if (!rightMatched[r])
            {
                rows[i++] = r;
            }
        }
        final Vector[] columns = new Vector[outputTypes.size()];
        for (int c = 0; c < leftWidth; c++)
        {
            columns[c] = Vector.create(outputTypes.get(c), count);
            for (int r = 0; r < count; r++)
            {
                columns[c].appendNull();
            }
        }
        for (final int[] pair : using)
        {
            // a USING column is one value: the right row's key
            final Vector keys = build.column(pair[1]).gather(rows, count);
            columns[pair[0]] = keys.type().equals(outputTypes.get(pair[0])) ? keys :
                Conversions.convert(keys, count, outputTypes.get(pair[0]), Conversions.Mode.CAST);
        }
        for (int c = leftWidth; c < columns.length; c++)
        {
            columns[c] = JoinedRows.gather(build.column(c - leftWidth), outputTypes.get(c), rows, count, false);
        }
        return new Batch(columns, count);
    }

    @Override
    public void close()
    {
        try
        {
            left.close();
        }
        finally
        {
            side.close();
        }
    }
}
