package io.muon.kernel.state;

import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@ExtendWith(LeakCheck.class)
class CheckpointStoreTest
{
    @TempDir
    Path dir;

    private static Checkpoint checkpoint(final long id)
    {
        return new Checkpoint(id, id * 100, id * 1000, 1_700_000_000_000L + id, new byte[] {1, 2, (byte)id},
            new byte[(int)id * 10]);
    }

    @Test
    void keepsTheNewestTwoAndReadsThemBackNewestFirst() throws Exception
    {
        final CheckpointStore store = new CheckpointStore(dir.resolve("view"), FilesFacade.DEFAULT);
        for (long id = 1; id <= 5; id++)
        {
            store.write(checkpoint(id));
        }
        try (var files = Files.list(dir.resolve("view")))
        {
            assertEquals(List.of(CheckpointDescriptor.fileName(4), CheckpointDescriptor.fileName(5)),
                files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        final List<String> damaged = new ArrayList<>();
        final List<Checkpoint> loaded = store.load(damaged::add);
        assertEquals(List.of(), damaged);
        assertEquals(2, loaded.size());
        final Checkpoint newest = loaded.get(0);
        assertEquals(5, newest.id());
        assertEquals(500, newest.outputStart());
        assertEquals(5000, newest.targetFrom());
        assertArrayEquals(new byte[] {1, 2, 5}, newest.state());
        assertEquals(50, newest.output().length);
        assertEquals(4, loaded.get(1).id());
    }

    @Test
    void aDamagedOrTornNewestCheckpointFallsBackToTheOneBefore() throws Exception
    {
        final CheckpointStore store = new CheckpointStore(dir.resolve("view"), FilesFacade.DEFAULT);
        store.write(checkpoint(1));
        store.write(checkpoint(2));
        final Path newest = dir.resolve("view").resolve(CheckpointDescriptor.fileName(2));
        final byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(newest, bytes);
        final List<String> damaged = new ArrayList<>();
        List<Checkpoint> loaded = store.load(damaged::add);
        assertEquals(1, loaded.size());
        assertEquals(1, loaded.get(0).id());
        assertEquals(1, damaged.size());
        assertTrue(damaged.get(0).contains("CRC mismatch"), damaged.get(0));
        // torn: cut short
        Files.write(newest, java.util.Arrays.copyOf(bytes, 20));
        damaged.clear();
        loaded = store.load(damaged::add);
        assertEquals(1, loaded.get(0).id());
        assertTrue(damaged.get(0).contains("shorter"), damaged.get(0));
        // not a checkpoint at all, and a leftover temporary file, are not fatal either
        Files.write(newest, new byte[200]);
        Files.write(dir.resolve("view").resolve("checkpoint-x.ckpt.tmp"), new byte[3]);
        damaged.clear();
        assertEquals(1, store.load(damaged::add).size());
        assertTrue(damaged.get(0).contains("bad magic"), damaged.get(0));
        store.deleteAll();
        assertFalse(Files.exists(dir.resolve("view")));
        assertEquals(List.of(), store.load(damaged::add));
    }
}
