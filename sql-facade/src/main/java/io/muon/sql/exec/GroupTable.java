package io.muon.sql.exec;

import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;

import java.util.Arrays;
import java.util.List;

/**
 * Assigns dense group ids to distinct key tuples: open addressing over an int table of group ids with the 64-bit
 * hashes kept beside it; the distinct keys themselves are appended to key vectors (one per key column), so a group
 * costs no object. Grows by doubling at 50 % load; {@link #memoryBytes()} feeds {@code max_memory_usage} checks.
 */
final class GroupTable
{
    private final Batch keys;
    private int[] slots = new int[1024];
    private long[] hashes = new long[1024];
    private int mask = 1023;
    private int groups;

    GroupTable(final List<DataType> keyTypes)
    {
        keys = Batch.of(keyTypes, 1024);
        Arrays.fill(slots, -1);
    }

    int groups()
    {
        return groups;
    }

    /** The distinct keys, row i being group i. */
    Batch keys()
    {
        return keys;
    }

    long memoryBytes()
    {
        return slots.length * 12L + groups * 16L * Math.max(1, keys.width());
    }

    /** Fills {@code ids[0..rows)} with the group of each row of {@code keyVectors}, adding new groups. */
    void groupIds(final Vector[] keyVectors, final int rows, final int[] ids)
    {
        for (int r = 0; r < rows; r++)
        {
            final long h = hash(keyVectors, r);
            int slot = (int)(h ^ (h >>> 32)) & mask;
            while (true)
            {
                final int group = slots[slot];
                if (group < 0)
                {
                    ids[r] = add(keyVectors, r, h, slot);
                    break;
                }
                if (hashes[slot] == h && sameKeys(keyVectors, r, group))
                {
                    ids[r] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    /** The group of row {@code row}'s key tuple, or -1 when no such group exists (nothing is added). */
    int find(final Vector[] keyVectors, final int row)
    {
        final long h = hash(keyVectors, row);
        int slot = (int)(h ^ (h >>> 32)) & mask;
        while (true)
        {
            final int group = slots[slot];
            if (group < 0)
            {
                return -1;
            }
            if (hashes[slot] == h && sameKeys(keyVectors, row, group))
            {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long hash(final Vector[] keyVectors, final int row)
    {
        long h = 0x9E3779B97F4A7C15L;
        for (final Vector key : keyVectors)
        {
            h = h * 31 + key.hash(row);
        }
        return h;
    }

    private boolean sameKeys(final Vector[] keyVectors, final int row, final int group)
    {
        for (int k = 0; k < keyVectors.length; k++)
        {
            if (!keyVectors[k].equalsAt(row, keys.column(k), group))
            {
                return false;
            }
        }
        return true;
    }

    private int add(final Vector[] keyVectors, final int row, final long hash, final int slot)
    {
        final int group = groups++;
        for (int k = 0; k < keyVectors.length; k++)
        {
            keys.column(k).appendFrom(keyVectors[k], row);
        }
        keys.rows(groups);
        slots[slot] = group;
        hashes[slot] = hash;
        if (groups * 2 > slots.length)
        {
            grow();
        }
        return group;
    }

    private void grow()
    {
        final int[] oldSlots = slots;
        final long[] oldHashes = hashes;
        slots = new int[oldSlots.length * 2];
        hashes = new long[oldSlots.length * 2];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
        for (int i = 0; i < oldSlots.length; i++)
        {
            if (oldSlots[i] >= 0)
            {
                int slot = (int)(oldHashes[i] ^ (oldHashes[i] >>> 32)) & mask;
                while (slots[slot] >= 0)
                {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = oldSlots[i];
                hashes[slot] = oldHashes[i];
            }
        }
    }
}
