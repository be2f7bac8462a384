package io.muon.kernel.memory;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(LeakCheck.class)
class NativeArrayTest
{
    @Test
    void growsKeepingValuesWithNewSlotsZeroAndFreesItsMemory()
    {
        final long before = NativeMemory.liveBytes(MemoryTag.STATE);
        try (NativeArray array = new NativeArray(MemoryTag.STATE))
        {
            assertEquals(before, NativeMemory.liveBytes(MemoryTag.STATE), "nothing allocated before first use");
            array.ensure(10);
            for (int i = 0; i < 10; i++)
            {
                array.putLong(i, 1000L + i);
            }
            array.addLong(3, 5);
            array.ensure(100_000);
            assertEquals(before + array.capacity() * 8, NativeMemory.liveBytes(MemoryTag.STATE));
            assertEquals(1008L, array.getLong(3));
            assertEquals(1009L, array.getLong(9));
            for (int i = 10; i < 100_000; i++)
            {
                assertEquals(0L, array.getLong(i), "slot " + i);
            }
            array.putDouble(99_999, 0.5);
            array.addDouble(99_999, 0.25);
            assertEquals(0.75, array.getDouble(99_999));
            array.close();
            assertEquals(before, NativeMemory.liveBytes(MemoryTag.STATE));
        }
        assertEquals(before, NativeMemory.liveBytes(MemoryTag.STATE), "closing twice frees once");
    }
}
