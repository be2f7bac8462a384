package io.muon.sql.exec;

import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeMemory;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.LongVector;
import io.muon.kernel.vector.Vector;
import org.agrona.UnsafeApi;

import java.util.List;

/**
 * Assigns dense group ids to distinct key tuples: an open-addressing table off the heap (tag {@link MemoryTag#QUERY})
 * of 16-byte slots, each a 64-bit word and the group id + 1 (0: empty). With one integer-like key (any type held in a
 * {@link LongVector}) the word is the key itself, so a probe touches only its slot; otherwise the word is the row's
 * 64-bit hash and a hash hit is confirmed against the stored keys. The distinct keys are appended to key vectors
 * (row i is group i), so a group costs no object; a NULL single key has its own group outside the table. Hashes of a
 * batch are computed in one pass before probing. Grows by doubling at 50 % load; {@link #memoryBytes()} feeds
 * {@code max_memory_usage} checks. Owned by one thread; {@link #close()} frees the slots.
 */
final class GroupTable implements AutoCloseable
{
    private static final int SLOT = 16;
    private static final int GROUP = 8;
    private static final long INITIAL_SLOTS = 1024;

    private final Batch keys;
    private final boolean singleLong;
    private long address;
    private long capacity;
    private long mask;
    private int groups;
    private int nullGroup = -1;
    private long[] hashes = new long[0];
    private final Vector[] single = new Vector[1];

    GroupTable(final List<DataType> keyTypes)
    {
        this(keyTypes, (int)INITIAL_SLOTS);
    }

    /** A table sized for about {@code expectedGroups} groups at first (it grows as needed). */
    GroupTable(final List<DataType> keyTypes, final int expectedGroups)
    {
        keys = Batch.of(keyTypes, Math.max(1, Math.min(expectedGroups, (int)INITIAL_SLOTS)));
        singleLong = keyTypes.size() == 1 && Vector.kind(keyTypes.get(0)) == Vector.Kind.LONG;
        capacity = Math.max(16, Math.min(INITIAL_SLOTS, Long.highestOneBit(Math.max(1, expectedGroups) * 2L) * 2));
        mask = capacity - 1;
    }

    /** The slots are allocated on first use, so a table built for a query that fails before running holds nothing. */
    private void allocate()
    {
        if (address == 0)
        {
            address = NativeMemory.allocateZeroed(capacity * SLOT, MemoryTag.QUERY);
        }
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

    /**
     * Fills this empty table with the groups of {@code stored} (a checkpoint's {@link #keys()}), row i becoming group
     * i again; null: none. Fails with Code 246 if the rows are not distinct keys.
     */
    void restore(final Batch stored)
    {
        if (stored == null || stored.rows() == 0)
        {
            return;
        }
        if (groups != 0 || stored.width() != keys.width())
        {
            throw StateInput.corrupted("keys of " + stored.width() + " columns for a table of " + keys.width());
        }
        final Vector[] columns = new Vector[stored.width()];
        for (int k = 0; k < columns.length; k++)
        {
            columns[k] = stored.column(k);
        }
        final int[] ids = new int[stored.rows()];
        groupIds(columns, stored.rows(), ids);
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] != i)
            {
                throw StateInput.corrupted("key row " + i + " repeats group " + ids[i]);
            }
        }
    }

    /** Writes the distinct keys for a checkpoint; {@link #read} restores them into an empty table. */
    void write(final StateOutput out)
    {
        out.writeInt(groups);
        out.writeBatch(groups == 0 ? null : keys, keyTypes());
    }

    /** Restores into this empty table what {@link #write} wrote: the same keys with the same group numbers. */
    void read(final StateInput in)
    {
        final int stored = in.readInt();
        final Batch rows = in.readBatch(keyTypes());
        if (stored != (rows == null ? 0 : rows.rows()))
        {
            throw StateInput.corrupted(stored + " groups stored with " + (rows == null ? 0 : rows.rows()) + " keys");
        }
        restore(rows);
    }

    private List<DataType> keyTypes()
    {
        final List<DataType> types = new java.util.ArrayList<>(keys.width());
        for (int k = 0; k < keys.width(); k++)
        {
            types.add(keys.column(k).type());
        }
        return types;
    }

    long memoryBytes()
    {
        return capacity * SLOT + groups * 16L * Math.max(1, keys.width());
    }

    /** Fills {@code ids[0..rows)} with the group of each row of {@code keyVectors}, adding new groups. */
    void groupIds(final Vector[] keyVectors, final int rows, final int[] ids)
    {
        allocate();
        if (singleLong)
        {
            longGroupIds((LongVector)keyVectors[0], rows, ids, true);
            return;
        }
        hashAll(keyVectors, rows);
        for (int r = 0; r < rows; r++)
        {
            ids[r] = probe(keyVectors, r, hashes[r], true);
        }
    }

    /**
     * Fills {@code ids[0..rows)} with the group of each row, or -1 where no such group exists (nothing is added).
     * Writes nothing in the table, so several threads may find in a table nobody adds to any more.
     */
    void find(final Vector[] keyVectors, final int rows, final int[] ids)
    {
        if (address == 0)
        {
            java.util.Arrays.fill(ids, 0, rows, -1);
            return;
        }
        if (singleLong)
        {
            longGroupIds((LongVector)keyVectors[0], rows, ids, false);
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            ids[r] = probe(keyVectors, r, hash(keyVectors, r), false);
        }
    }

    /** The group of row {@code row}'s key tuple, or -1 when no such group exists (nothing is added). */
    int find(final Vector[] keyVectors, final int row)
    {
        if (address == 0)
        {
            return -1;
        }
        if (singleLong)
        {
            final LongVector key = (LongVector)keyVectors[0];
            return key.isNull(row) ? nullGroup : longProbe(key, row, false);
        }
        return probe(keyVectors, row, hash(keyVectors, row), false);
    }

    private void longGroupIds(final LongVector key, final int rows, final int[] ids, final boolean add)
    {
        final long[] values = key.values();
        final boolean[] nulls = key.nulls();
        for (int r = 0; r < rows; r++)
        {
            if (nulls != null && nulls[r])
            {
                if (nullGroup < 0 && add)
                {
                    nullGroup = appendKey(single(key), r);
                }
                ids[r] = nullGroup;
                continue;
            }
            final long value = values[r];
            long slot = mix(value) & mask;
            while (true)
            {
                final long at = address + slot * SLOT;
                final int group = UnsafeApi.getInt(at + GROUP) - 1;
                if (group < 0)
                {
                    ids[r] = add ? insert(single(key), r, at, value) : -1;
                    break;
                }
                if (UnsafeApi.getLong(at) == value)
                {
                    ids[r] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    private int longProbe(final LongVector key, final int row, final boolean add)
    {
        final long value = key.values()[row];
        long slot = mix(value) & mask;
        while (true)
        {
            final long at = address + slot * SLOT;
            final int group = UnsafeApi.getInt(at + GROUP) - 1;
            if (group < 0)
            {
                return add ? insert(single(key), row, at, value) : -1;
            }
            if (UnsafeApi.getLong(at) == value)
            {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int probe(final Vector[] keyVectors, final int row, final long hash, final boolean add)
    {
        long slot = hash & mask;
        while (true)
        {
            final long at = address + slot * SLOT;
            final int group = UnsafeApi.getInt(at + GROUP) - 1;
            if (group < 0)
            {
                return add ? insert(keyVectors, row, at, hash) : -1;
            }
            if (UnsafeApi.getLong(at) == hash && sameKeys(keyVectors, row, group))
            {
                return group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private Vector[] single(final Vector key)
    {
        single[0] = key;
        return single;
    }

    private void hashAll(final Vector[] keyVectors, final int rows)
    {
        if (hashes.length < rows)
        {
            hashes = new long[Math.max(rows, Batch.DEFAULT_ROWS)];
        }
        for (int r = 0; r < rows; r++)
        {
            hashes[r] = hash(keyVectors, r);
        }
    }

    private static long hash(final Vector[] keyVectors, final int row)
    {
        if (keyVectors.length == 1)
        {
            // a vector's hash is already mixed
            return keyVectors[0].hash(row);
        }
        long h = 0x9E3779B97F4A7C15L;
        for (final Vector key : keyVectors)
        {
            h = h * 31 + key.hash(row);
        }
        return mix(h);
    }

    /** A 64-bit finalizer (murmur3's fmix64): neighbouring keys land in unrelated slots. */
    static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
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

    private int appendKey(final Vector[] keyVectors, final int row)
    {
        final int group = groups++;
        for (int k = 0; k < keyVectors.length; k++)
        {
            keys.column(k).appendFrom(keyVectors[k], row);
        }
        keys.rows(groups);
        return group;
    }

    private int insert(final Vector[] keyVectors, final int row, final long at, final long word)
    {
        final int group = appendKey(keyVectors, row);
        UnsafeApi.putLong(at, word);
        UnsafeApi.putInt(at + GROUP, group + 1);
        if ((long)(groups - (nullGroup >= 0 ? 1 : 0)) * 2 > capacity)
        {
            grow();
        }
        return group;
    }

    private void grow()
    {
        final long oldAddress = address;
        final long oldCapacity = capacity;
        capacity = oldCapacity * 2;
        mask = capacity - 1;
        address = NativeMemory.allocateZeroed(capacity * SLOT, MemoryTag.QUERY);
        for (long i = 0; i < oldCapacity; i++)
        {
            final long from = oldAddress + i * SLOT;
            final int group = UnsafeApi.getInt(from + GROUP);
            if (group != 0)
            {
                final long word = UnsafeApi.getLong(from);
                long slot = (singleLong ? mix(word) : word) & mask;
                while (UnsafeApi.getInt(address + slot * SLOT + GROUP) != 0)
                {
                    slot = (slot + 1) & mask;
                }
                UnsafeApi.putLong(address + slot * SLOT, word);
                UnsafeApi.putInt(address + slot * SLOT + GROUP, group);
            }
        }
        NativeMemory.free(oldAddress, oldCapacity * SLOT, MemoryTag.QUERY);
    }

    @Override
    public void close()
    {
        if (address != 0)
        {
            NativeMemory.free(address, capacity * SLOT, MemoryTag.QUERY);
            address = 0;
        }
    }
}
