package io.muon.kernel.memory;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The one allocator of off-heap memory in Muon. Each allocation names a {@link MemoryTag}; the allocator keeps the
 * live bytes and the live allocation count per tag, which the metrics endpoint exposes and the leak checks of the
 * tests compare before and after. Callers free with the same size and tag they allocated with.
 * <p>
 * Thread-safe: the counters are atomic; the memory itself belongs to whoever allocated it.
 */
public final class NativeMemory
{
    private static final int TAGS = MemoryTag.all().length;
    private static final AtomicLongArray LIVE_BYTES = new AtomicLongArray(TAGS);
    private static final AtomicLongArray LIVE_ALLOCATIONS = new AtomicLongArray(TAGS);
    private static final AtomicLongArray TOTAL_ALLOCATIONS = new AtomicLongArray(TAGS);

    private NativeMemory()
    {
    }

    /**
     * Allocates {@code bytes} of uninitialised memory.
     *
     * @return the address; never 0.
     * @throws OutOfMemoryError if the operating system refuses.
     */
    public static long allocate(final long bytes, final MemoryTag tag)
    {
        checkSize(bytes);
        final long address = UnsafeApi.allocateMemory(bytes);
        account(tag, bytes, 1);
        return address;
    }

    /** Allocates {@code bytes} of zeroed memory. */
    public static long allocateZeroed(final long bytes, final MemoryTag tag)
    {
        final long address = allocate(bytes, tag);
        UnsafeApi.setMemory(address, bytes, (byte)0);
        return address;
    }

    /** Grows or shrinks an allocation, keeping its first {@code min(oldBytes, newBytes)} bytes. */
    public static long reallocate(final long address, final long oldBytes, final long newBytes, final MemoryTag tag)
    {
        checkSize(newBytes);
        final long newAddress = UnsafeApi.reallocateMemory(address, newBytes);
        account(tag, newBytes - oldBytes, 0);
        return newAddress;
    }

    /** Frees an allocation made by {@link #allocate} with the same size and tag. */
    public static void free(final long address, final long bytes, final MemoryTag tag)
    {
        if (address == 0)
        {
            return;
        }
        UnsafeApi.freeMemory(address);
        account(tag, -bytes, -1);
    }

    /**
     * Allocates a direct {@link ByteBuffer} (little-endian) for libraries that need one, such as the codecs.
     * Free it with {@link #freeDirectBuffer}.
     */
    public static ByteBuffer allocateDirectBuffer(final int bytes, final MemoryTag tag)
    {
        checkSize(bytes);
        final ByteBuffer buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        account(tag, bytes, 1);
        return buffer;
    }

    /** Frees a buffer from {@link #allocateDirectBuffer} at once rather than when the GC finds it. */
    public static void freeDirectBuffer(final ByteBuffer buffer, final MemoryTag tag)
    {
        if (buffer == null)
        {
            return;
        }
        final int bytes = buffer.capacity();
        BufferUtil.free(buffer);
        account(tag, -bytes, -1);
    }

    /** @return bytes currently allocated under {@code tag}. */
    public static long liveBytes(final MemoryTag tag)
    {
        return LIVE_BYTES.get(tag.ordinal());
    }

    /** @return allocations currently live under {@code tag}. */
    public static long liveAllocations(final MemoryTag tag)
    {
        return LIVE_ALLOCATIONS.get(tag.ordinal());
    }

    /** @return allocations ever made under {@code tag}. */
    public static long totalAllocations(final MemoryTag tag)
    {
        return TOTAL_ALLOCATIONS.get(tag.ordinal());
    }

    /** @return bytes currently allocated under every tag together. */
    public static long liveBytes()
    {
        long sum = 0;
        for (int i = 0; i < TAGS; i++)
        {
            sum += LIVE_BYTES.get(i);
        }
        return sum;
    }

    private static void account(final MemoryTag tag, final long bytes, final int allocations)
    {
        final int i = tag.ordinal();
        LIVE_BYTES.addAndGet(i, bytes);
        if (allocations != 0)
        {
            LIVE_ALLOCATIONS.addAndGet(i, allocations);
        }
        if (allocations > 0)
        {
            TOTAL_ALLOCATIONS.incrementAndGet(i);
        }
    }

    private static void checkSize(final long bytes)
    {
        if (bytes <= 0)
        {
            throw new IllegalArgumentException("allocation size must be positive: " + bytes);
        }
    }
}
