package io.muon.kernel.state;

import io.muon.kernel.testing.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LeakCheck.class)
class LatestRowMapTest
{
    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rowsAndTheAppliedPositionOutliveAReopen(@TempDir final Path dir)
    {
        final Path file = dir.resolve("latest.cm");
        final List<String> problems = new ArrayList<>();
        try (LatestRowMap map = LatestRowMap.open(file, "k int64, v string", 1000, 8, 16, problems::add))
        {
            assertEquals(0, map.applied());
            map.put(bytes("k1"), bytes("row one"));
            map.put(bytes("k2"), bytes("row two"));
            map.put(bytes("k1"), bytes("row one, newer"));
            map.applied(17);
        }
        try (LatestRowMap map = LatestRowMap.open(file, "k int64, v string", 1000, 8, 16, problems::add))
        {
            assertEquals(17, map.applied());
            assertEquals(2, map.size());
            assertArrayEquals(bytes("row one, newer"), map.get(bytes("k1")));
            assertNull(map.get(bytes("k3")));
            final List<String> rows = new ArrayList<>();
            for (final Iterator<byte[]> it = map.rows(); it.hasNext(); )
            {
                rows.add(new String(it.next(), StandardCharsets.UTF_8));
            }
            rows.sort(null);
            assertEquals(List.of("row one, newer", "row two"), rows);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMapClosedByItsOwnersShutdownHookIsSealed(@TempDir final Path dir) throws Exception
    {
        // Chronicle Map's own exit hook must not close the map unsealed before its owner does
        final Path file = dir.resolve("latest.cm");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(io.muon.kernel.JvmFlags.list());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LatestRowMapExitChild.class.getName());
        command.add(file.toString());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        final List<String> problems = new ArrayList<>();
        try (LatestRowMap map = LatestRowMap.open(file, "k", 100, 8, 16, problems::add))
        {
            assertEquals(List.of(), problems, output);
            assertEquals(1, map.applied());
            assertArrayEquals(bytes("v"), map.get(bytes("k")));
        }
    }

    @Test
    void putUnlessLetsTheCallerKeepTheStoredRow(@TempDir final Path dir)
    {
        try (LatestRowMap map = LatestRowMap.open(dir.resolve("latest.cm"), "k", 100, 8, 16, problem -> { }))
        {
            final List<String> seen = new ArrayList<>();
            final java.util.function.Predicate<org.agrona.DirectBuffer> keepLarger = stored ->
            {
                final byte[] bytes = new byte[stored.capacity()];
                stored.getBytes(0, bytes);
                seen.add(new String(bytes, StandardCharsets.UTF_8));
                return seen.get(seen.size() - 1).compareTo("m") > 0;
            };
            assertTrue(map.putUnless(bytes("k"), bytes("c"), keepLarger), "a new key takes its row");
            assertTrue(map.putUnless(bytes("k"), bytes("x"), keepLarger), "c does not stay");
            assertTrue(!map.putUnless(bytes("k"), bytes("d"), keepLarger), "x stays");
            assertArrayEquals(bytes("x"), map.get(bytes("k")));
            assertEquals(List.of("c", "x"), seen);
        }
    }

    @Test
    void aDamagedFileOrAnotherSchemaIsMadeAnewAndSaidSo(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("latest.cm");
        final List<String> problems = new ArrayList<>();
        Files.write(file, bytes("not a chronicle map at all, just some bytes on disk"));
        Files.write(dir.resolve("latest.cm.sealed"), bytes("a seal that does not fit"));
        try (LatestRowMap map = LatestRowMap.open(file, "k int64", 100, 8, 16, problems::add))
        {
            assertEquals(0, map.size());
            assertEquals(0, map.applied());
            map.put(bytes("k"), bytes("v"));
            map.applied(5);
        }
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("damaged seal"), problems.get(0));
        try (LatestRowMap map = LatestRowMap.open(file, "k int64, w int8", 100, 8, 16, problems::add))
        {
            assertEquals(0, map.size());
            assertEquals(0, map.applied());
        }
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(1).contains("another schema"), problems.get(1));
    }

    @Test
    void aMapNotClosedCleanlyOrChangedSinceIsMadeAnew(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("latest.cm");
        final List<String> problems = new ArrayList<>();
        try (LatestRowMap map = LatestRowMap.open(file, "k", 100, 8, 16, problems::add))
        {
            map.put(bytes("k"), bytes("v"));
            map.applied(3);
        }
        // a crash leaves no seal
        Files.delete(dir.resolve("latest.cm.sealed"));
        try (LatestRowMap map = LatestRowMap.open(file, "k", 100, 8, 16, problems::add))
        {
            assertEquals(0, map.size());
            map.put(bytes("k"), bytes("v"));
        }
        assertTrue(problems.get(0).contains("not closed cleanly"), problems.toString());
        // a byte changed after the close
        final byte[] content = Files.readAllBytes(file);
        content[content.length / 2] ^= 1;
        Files.write(file, content);
        try (LatestRowMap map = LatestRowMap.open(file, "k", 100, 8, 16, problems::add))
        {
            assertEquals(0, map.size());
        }
        assertTrue(problems.get(1).contains("does not match its seal"), problems.toString());
    }

    @Test
    void aFullMapIsMadeAnewLarger(@TempDir final Path dir)
    {
        try (LatestRowMap small = LatestRowMap.open(dir.resolve("latest.cm"), "k", 10, 8, 8, problem -> { }))
        {
            LatestRowMap map = small;
            int key = 0;
            while (!map.full())
            {
                map.put(bytes("key" + key++), bytes("v"));
            }
            final long keys = map.size();
            map = map.resized(keys * 2, 8, 8);
            try
            {
                assertEquals(0, map.size());
                assertEquals(0, map.applied());
                for (int k = 0; k < keys; k++)
                {
                    map.put(bytes("key" + k), bytes("v"));
                }
                assertTrue(!map.full(), "room for twice as many: " + map);
            }
            finally
            {
                map.close();
            }
        }
    }
}
