package io.muon.kernel.memory;

import io.muon.kernel.testing.LeakCheck;
import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(LeakCheck.class)
class NativeMemoryTest
{
    @Test
    void countsBytesAndAllocationsPerTag()
    {
        final long before = NativeMemory.liveBytes(MemoryTag.STATE);
        final long beforeOther = NativeMemory.liveBytes(MemoryTag.NETWORK);
        final long a = NativeMemory.allocate(1000, MemoryTag.STATE);
        final long b = NativeMemory.allocateZeroed(24, MemoryTag.STATE);
        assertEquals(before + 1024, NativeMemory.liveBytes(MemoryTag.STATE));
        assertEquals(beforeOther, NativeMemory.liveBytes(MemoryTag.NETWORK));
        assertEquals(0L, UnsafeApi.getLong(b + 16));
        final long grown = NativeMemory.reallocate(a, 1000, 5000, MemoryTag.STATE);
        assertEquals(before + 5024, NativeMemory.liveBytes(MemoryTag.STATE));
        NativeMemory.free(grown, 5000, MemoryTag.STATE);
        NativeMemory.free(b, 24, MemoryTag.STATE);
        assertEquals(before, NativeMemory.liveBytes(MemoryTag.STATE));
    }

    @Test
    void rejectsNonPositiveSizes()
    {
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocate(0, MemoryTag.OTHER));
        assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocateDirectBuffer(-1, MemoryTag.OTHER));
    }

    @Test
    void nativeBufferGrowsAndFreesThroughTheAllocator()
    {
        final long before = NativeMemory.liveBytes(MemoryTag.LOG);
        try (NativeBuffer buffer = new NativeBuffer(100, MemoryTag.LOG))
        {
            assertEquals(before + 100, NativeMemory.liveBytes(MemoryTag.LOG));
            buffer.buffer().putLong(92, 42L);
            buffer.ensureCapacity(1000);
            assertEquals(before + 1000, NativeMemory.liveBytes(MemoryTag.LOG));
            assertEquals(1000, buffer.byteBuffer().capacity());
            buffer.buffer().putLong(992, 7L);
            assertEquals(7L, buffer.byteBuffer().getLong(992));
        }
        assertEquals(before, NativeMemory.liveBytes(MemoryTag.LOG));
    }
}
