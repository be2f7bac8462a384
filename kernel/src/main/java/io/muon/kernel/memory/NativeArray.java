package io.muon.kernel.memory;

import org.agrona.UnsafeApi;

/**
 * A growable array of 8-byte slots (longs or doubles) off the heap, allocated through {@link NativeMemory} under one
 * tag: per-group aggregate state, indexed by group id. New slots read 0. Accessors do not check bounds: the owner
 * calls {@link #ensure} for every index it will touch first. Owned by one thread at a time; {@link #close()} frees the
 * memory and may be called more than once.
 */
public final class NativeArray implements AutoCloseable
{
    private static final int SLOT = 8;

    private final MemoryTag tag;
    private long address;
    private long capacity;

    public NativeArray(final MemoryTag tag)
    {
        this.tag = tag;
    }

    /** Makes slots {@code [0, slots)} usable, growing by at least doubling; new slots are 0. */
    public void ensure(final long slots)
    {
        if (slots <= capacity)
        {
            return;
        }
        final long grown = Math.max(slots, Math.max(16, capacity * 2));
        if (address == 0)
        {
            address = NativeMemory.allocateZeroed(grown * SLOT, tag);
        }
        else
        {
            address = NativeMemory.reallocate(address, capacity * SLOT, grown * SLOT, tag);
            UnsafeApi.setMemory(address + capacity * SLOT, (grown - capacity) * SLOT, (byte)0);
        }
        capacity = grown;
    }

    public long capacity()
    {
        return capacity;
    }

    public long getLong(final long index)
    {
        return UnsafeApi.getLong(address + index * SLOT);
    }

    public void putLong(final long index, final long value)
    {
        UnsafeApi.putLong(address + index * SLOT, value);
    }

    public void addLong(final long index, final long delta)
    {
        final long at = address + index * SLOT;
        UnsafeApi.putLong(at, UnsafeApi.getLong(at) + delta);
    }

    public double getDouble(final long index)
    {
        return UnsafeApi.getDouble(address + index * SLOT);
    }

    public void putDouble(final long index, final double value)
    {
        UnsafeApi.putDouble(address + index * SLOT, value);
    }

    public void addDouble(final long index, final double delta)
    {
        final long at = address + index * SLOT;
        UnsafeApi.putDouble(at, UnsafeApi.getDouble(at) + delta);
    }

    @Override
    public void close()
    {
        if (address != 0)
        {
            NativeMemory.free(address, capacity * SLOT, tag);
            address = 0;
            capacity = 0;
        }
    }
}
