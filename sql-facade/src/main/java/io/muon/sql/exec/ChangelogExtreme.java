package io.muon.sql.exec;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.type.DataType;
import io.muon.kernel.type.TypeId;
import io.muon.kernel.vector.DoubleVector;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;

/**
 * min, max or the number of distinct values over a changelog ({@code changelog_min(x, _tp_delta)}, {@code
 * changelog_max(x, _tp_delta)}, {@code changelog_unique_exact(x, _tp_delta)}): each group keeps how many times each
 * value is in it now, sorted, so a row taken back ({@code _tp_delta} -1) lowers its value's count, the extreme falls
 * back to the next value when a count reaches 0, and the distinct values are those with a count. Numbers, dates and
 * times; the values are held as order-keeping 64-bit keys in two arrays per group (an array pair per group, no object
 * per row).
 */
final class ChangelogExtreme extends Accumulators
{
    private static final long[] NONE = new long[0];

    private final boolean max;
    /** The number of distinct values, not an extreme. */
    private final boolean distinct;
    private final Kind kind;
    private long[][] keys = new long[16][];
    private long[][] counts = new long[16][];
    private int[] sizes = new int[16];

    private enum Kind
    {
        SIGNED, UNSIGNED, FLOAT
    }

    ChangelogExtreme(final boolean max, final DataType valueType)
    {
        this(max, false, valueType);
    }

    /** {@code distinct}: counts the distinct values instead (unique_exact). */
    ChangelogExtreme(final boolean max, final boolean distinct, final DataType valueType)
    {
        this.max = max;
        this.distinct = distinct;
        final TypeId id = valueType.unwrapped().id();
        if (id == TypeId.FLOAT32 || id == TypeId.FLOAT64)
        {
            kind = Kind.FLOAT;
        }
        else if (id == TypeId.UINT64)
        {
            kind = Kind.UNSIGNED;
        }
        else if (Vector.kind(valueType.unwrapped()) == Vector.Kind.LONG)
        {
            kind = Kind.SIGNED;
        }
        else
        {
            throw new MuonException(ErrorCodes.NOT_IMPLEMENTED, (distinct ? "unique_exact" : max ? "max" : "min") +
                " of " +
                valueType.clickHouseName() + " over a changelog cannot take rows back; it can for numbers, dates " +
                "and times");
        }
    }

    @Override
    void groups(final int count)
    {
        if (keys.length < count)
        {
            final int size = Math.max(count, keys.length * 2);
            keys = Arrays.copyOf(keys, size);
            counts = Arrays.copyOf(counts, size);
            sizes = Arrays.copyOf(sizes, size);
        }
        groups = Math.max(groups, count);
    }

    @Override
    void add(final int[] ids, final int rows, final Vector[] arguments, final Vector condition)
    {
        final Vector value = arguments[0];
        final Vector delta = arguments[1];
        for (int r = 0; r < rows; r++)
        {
            if (skip(condition, r) || value.isNull(r) || delta.isNull(r))
            {
                continue;
            }
            change(ids[r], key(value, r), ((LongVector)delta).get(r));
        }
    }

    private long key(final Vector value, final int row)
    {
        return switch (kind)
        {
            case SIGNED -> ((LongVector)value).get(row);
            case UNSIGNED -> ((LongVector)value).get(row) ^ Long.MIN_VALUE;
            case FLOAT ->
            {
                final long bits = Double.doubleToLongBits(((DoubleVector)value).get(row) + 0.0);
                yield bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
            }
        };
    }

    private void change(final int group, final long key, final long by)
    {
        long[] groupKeys = keys[group] == null ? NONE : keys[group];
        final int size = sizes[group];
        final int at = Arrays.binarySearch(groupKeys, 0, size, key);
        if (at >= 0)
        {
            counts[group][at] += by;
            if (counts[group][at] <= 0)
            {
                // gone (a take-back without a matching add counts as gone too)
                System.arraycopy(groupKeys, at + 1, groupKeys, at, size - at - 1);
                System.arraycopy(counts[group], at + 1, counts[group], at, size - at - 1);
                sizes[group] = size - 1;
            }
            return;
        }
        if (by <= 0)
        {
            return;
        }
        final int insert = -at - 1;
        if (size == groupKeys.length)
        {
            groupKeys = Arrays.copyOf(groupKeys, Math.max(4, size * 2));
            keys[group] = groupKeys;
            counts[group] = Arrays.copyOf(counts[group] == null ? NONE : counts[group], groupKeys.length);
        }
        System.arraycopy(groupKeys, insert, groupKeys, insert + 1, size - insert);
        System.arraycopy(counts[group], insert, counts[group], insert + 1, size - insert);
        groupKeys[insert] = key;
        counts[group][insert] = by;
        sizes[group] = size + 1;
    }

    @Override
    void merge(final int group, final Accumulators other, final int otherGroup)
    {
        final ChangelogExtreme from = (ChangelogExtreme)other;
        for (int i = 0; i < from.sizes[otherGroup]; i++)
        {
            change(group, from.keys[otherGroup][i], from.counts[otherGroup][i]);
        }
    }

    @Override
    Vector result(final int count, final DataType type)
    {
        groups(count);
        final Vector out = Vector.create(type, count);
        for (int g = 0; g < count && distinct; g++)
        {
            ((LongVector)out).append(sizes[g]);
        }
        for (int g = 0; g < count && !distinct; g++)
        {
            if (sizes[g] == 0)
            {
                out.appendNull();
                continue;
            }
            final long key = keys[g][max ? sizes[g] - 1 : 0];
            switch (kind)
            {
                case SIGNED -> ((LongVector)out).append(key);
                case UNSIGNED -> ((LongVector)out).append(key ^ Long.MIN_VALUE);
                default -> ((DoubleVector)out).append(Double.longBitsToDouble(key >= 0 ? key : key ^ Long.MAX_VALUE));
            }
        }
        return out;
    }

    @Override
    void close()
    {
    }

    @Override
    void write(final StateOutput out, final int count)
    {
        groups(count);
        out.writeInt(count);
        for (int g = 0; g < count; g++)
        {
            out.writeLongs(keys[g] == null ? NONE : keys[g], sizes[g]);
            out.writeLongs(counts[g] == null ? NONE : counts[g], sizes[g]);
        }
    }

    @Override
    void read(final StateInput in, final int count)
    {
        checkCount(in.readCount(16), count);
        groups(count);
        for (int g = 0; g < count; g++)
        {
            final long[] groupKeys = in.readLongs();
            final long[] groupCounts = in.readLongs();
            if (groupKeys.length != groupCounts.length)
            {
                throw StateInput.corrupted("changelog extreme keys and counts differ in length");
            }
            sizes[g] = groupKeys.length;
            keys[g] = groupKeys.length == 0 ? null : groupKeys;
            counts[g] = groupCounts.length == 0 ? null : groupCounts;
        }
    }
}
