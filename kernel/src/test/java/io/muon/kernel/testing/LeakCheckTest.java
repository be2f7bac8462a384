package io.muon.kernel.testing;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.io.MappedRegion;
import io.muon.kernel.memory.MemoryTag;
import io.muon.kernel.memory.NativeMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leak check must see each kind of leak, or it proves nothing. */
class LeakCheckTest
{
    @TempDir
    Path dir;

    @Test
    void seesLeakedNativeMemory()
    {
        final LeakCheck.Snapshot before = LeakCheck.snapshot();
        final long address = NativeMemory.allocate(100, MemoryTag.QUERY);
        final List<String> leaks = LeakCheck.leaksSince(before);
        NativeMemory.free(address, 100, MemoryTag.QUERY);
        assertEquals(1, leaks.size(), leaks.toString());
        assertTrue(leaks.get(0).contains("QUERY: 100 bytes"), leaks.get(0));
        assertTrue(LeakCheck.leaksSince(before).isEmpty());
    }

    @Test
    void seesOpenFileAndMappingThroughTheOperatingSystem() throws Exception
    {
        final LeakCheck.Snapshot before = LeakCheck.snapshot();
        final Path file = dir.resolve("leaky.bin");
        final FileChannel channel = FilesFacade.DEFAULT.openReadWrite(file, true);
        FilesFacade.DEFAULT.setLength(channel, 4096);
        final MappedRegion region = FilesFacade.DEFAULT.map(channel, 4096, true);
        final List<String> leaks = LeakCheck.leaksSince(before);
        FilesFacade.DEFAULT.close(channel);
        region.close();
        assertTrue(leaks.stream().anyMatch(l -> l.startsWith("file descriptor still open: ") && l.endsWith("leaky.bin")),
            leaks.toString());
        assertTrue(leaks.stream().anyMatch(l -> l.startsWith("file still mapped: ") && l.endsWith("leaky.bin")),
            leaks.toString());
        assertTrue(leaks.contains("open files (Muon's count): 1"), leaks.toString());
        assertTrue(leaks.contains("mappings (Muon's count): 1"), leaks.toString());
        assertTrue(LeakCheck.leaksSince(before).isEmpty(), LeakCheck.leaksSince(before).toString());
    }
}
