package io.muon.sql.exec;

import io.muon.kernel.JvmFlags;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.part.PartFiles;
import io.muon.kernel.part.PartVerifier;
import io.muon.kernel.part.StreamParts;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;
import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crash safety of the historical store: a child process inserts without pause while its compaction writes and merges
 * parts, and is killed with SIGKILL at a random point, several times over. After each kill the store opens
 * consistent: no temporary folder left, every part passes its checksums, no part reaches past the commit point, and
 * the stream holds every acknowledged row exactly once.
 */
class PartStoreKillTest extends SqlTestBase
{
    @Test
    void aStoreKilledAtRandomPointsKeepsEveryRowExactlyOnce() throws Exception
    {
        run("CREATE STREAM k (id uint64, d date, s string) PARTITION BY d ORDER BY id SETTINGS " +
            "compaction_max_rows = 1500, compaction_max_age_ms = 5, merge_min_parts = 2, merge_max_parts = 4, " +
            "logstore_flush_ms = 1");
        final Path store = dir.resolve("streams").resolve(Long.toString(engine.catalog().snapshot()
            .find("default", "k").id())).resolve("store");
        engine.close();
        this.store.close();
        final Random random = new Random(7);
        long acknowledged = 0;
        for (int round = 0; round < 8; round++)
        {
            acknowledged = Math.max(acknowledged, runAndKill(4 + random.nextInt(30), random.nextInt(40)));
            checkConsistent(store, acknowledged);
        }
        this.store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), this.store);
        this.store.compactNow(engine.catalog().snapshot().find("default", "k"));
        run("OPTIMIZE STREAM k FINAL");
        final long rows = Long.parseLong(run("SELECT count() FROM table(k)").trim());
        assertEquals(rows + "\t" + rows + "\t" + (rows - 1) + "\t" + rows * (rows - 1) / 2 + "\n",
            run("SELECT count(), uniq_exact(id), max(id), sum(id) FROM table(k)"));
        assertEquals(3, parts(store).size(), parts(store).toString());
    }

    /**
     * Opens the store as a restart would and checks it: rows, then (with the engine closed again, so no compaction is
     * writing) files, parts and commit point.
     */
    private void checkConsistent(final Path store, final long acknowledged) throws IOException
    {
        final List<String> leftBehind = temporary(store);
        if (!leftBehind.isEmpty())
        {
            System.out.println("The kill interrupted a part write or merge: " + leftBehind);
        }
        this.store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), this.store);
        try
        {
            final String[] row = run("SELECT count(), uniq_exact(id), max(id), sum(id) FROM table(k)").trim()
                .split("\t");
            final long count = Long.parseLong(row[0]);
            assertTrue(count >= acknowledged, count + " rows, " + acknowledged + " acknowledged");
            assertEquals(count, Long.parseLong(row[1]), "a row is doubled");
            assertEquals(count - 1, Long.parseLong(row[2]), "a row is missing");
            assertEquals(count * (count - 1) / 2, Long.parseLong(row[3]));
        }
        finally
        {
            engine.close();
            this.store.close();
        }
        assertEquals(List.of(), temporary(store), "temporary folders left after a restart");
        assertTrue(!Files.exists(store.resolve(PartFiles.DETACHED)), "a part was detached as broken");
        final long committed = Long.parseLong(Files.readString(store.resolve(StreamParts.COMMIT_FILE),
            StandardCharsets.US_ASCII).trim().split("\\s+")[0]);
        for (final String part : parts(store))
        {
            assertEquals(List.of(), PartVerifier.verify(FilesFacade.DEFAULT, store.resolve(part)), part);
            assertTrue(Long.parseLong(part.split("_")[2]) < committed, part + " is past the commit point " +
                committed);
        }
    }

    private static List<String> temporary(final Path store) throws IOException
    {
        if (!Files.exists(store))
        {
            return List.of();
        }
        try (Stream<Path> list = Files.list(store))
        {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(PartFiles.TEMPORARY_PREFIX))
                .sorted().toList();
        }
    }

    private static List<String> parts(final Path store) throws IOException
    {
        try (Stream<Path> list = Files.list(store))
        {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.matches(".*_\\d+_\\d+_\\d+")).sorted()
                .toList();
        }
    }

    /**
     * Runs the child until it acknowledged {@code inserts} INSERTs, kills it {@code delayMs} later, and returns the
     * rows acknowledged.
     */
    private long runAndKill(final int inserts, final int delayMs) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.list());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PartStoreChild.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int seen = 0;
            String line;
            while (seen < inserts && (line = out.readLine()) != null)
            {
                if (line.startsWith("ACK "))
                {
                    seen++;
                    acknowledged = Long.parseLong(line.substring(4));
                }
                assertTrue(System.nanoTime() < deadline, "child too slow: " + seen + " acknowledgements");
            }
            assertEquals(inserts, seen, "the child stopped early");
            // the child goes on writing and merging meanwhile: the kill lands anywhere in that work
            assertTrue(!child.waitFor(delayMs, TimeUnit.MILLISECONDS), "the child ended by itself");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return acknowledged;
    }
}
