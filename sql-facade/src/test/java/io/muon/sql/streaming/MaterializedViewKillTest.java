package io.muon.sql.streaming;

import io.muon.kernel.JvmFlags;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.io.FilesFacade;
import io.muon.kernel.stream.StreamStore;
import io.muon.sql.engine.SqlEngine;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Materialized views survive SIGKILL: a child process inserts without pause while its views run and checkpoint
 * every second, and is killed at a random point, several times over; then every view's target is compared row by
 * row with the same query recomputed over what the source stream holds: a copy, a tumble window aggregation and an
 * enrichment join with a versioned_kv stream (whose latest-row map a kill leaves unsealed, so it is rebuilt). No result
 * may be missing or doubled.
 */
class MaterializedViewKillTest extends StreamingTestBase
{
    private static final String RECOMPUTED_COPY = "SELECT id, v * 10 AS d FROM table(s) WHERE v != 3 ORDER BY id";
    private static final String RECOMPUTED_NAMES = "SELECT s.id, n.name FROM table(s) AS s JOIN table(names) AS n " +
        "ON s.v = n.v ORDER BY s.id";
    private static final String RECOMPUTED_WINDOWS = "SELECT window_start, count(), sum(v) FROM " +
        "tumble(table(s), t, 1s) GROUP BY window_start ORDER BY window_start";

    @Test
    void viewsKilledAtRandomPointsEndWithEveryResultExactlyOnce() throws Exception
    {
        run("CREATE STREAM s (id int64, v int64, t datetime64(3))");
        run("CREATE STREAM copies (id int64, d int64)");
        run("CREATE STREAM windows (win datetime64(3), c uint64, total int64)");
        run("CREATE MATERIALIZED VIEW copy INTO copies AS SELECT id, v * 10 AS d FROM s WHERE v != 3 " +
            "SETTINGS checkpoint_interval = 1");
        run("CREATE MATERIALIZED VIEW windowed INTO windows AS SELECT window_start AS win, count() AS c, " +
            "sum(v) AS total FROM tumble(s, t, 1s) GROUP BY window_start SETTINGS checkpoint_interval = 1");
        // an enrichment join: each row of s joins its name, from a versioned_kv stream filled first
        run("CREATE STREAM names (v int64, name string) PRIMARY KEY v SETTINGS mode = 'versioned_kv'");
        run("INSERT INTO names (v, name) VALUES (0, 'zero'), (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), " +
            "(5, 'five'), (6, 'six'), (6, 'six, newer')");
        run("CREATE STREAM named (id int64, name string)");
        run("CREATE MATERIALIZED VIEW naming INTO named AS SELECT s.id AS id, n.name AS name FROM s " +
            "JOIN names AS n ON s.v = n.v SETTINGS checkpoint_interval = 1");
        // the views' first checkpoints fix where they start
        waitFor(() -> checkpointFiles() >= 3, "the views' first checkpoints");
        engine.close();
        store.close();
        final Random random = new Random(42);
        for (int round = 0; round < 4; round++)
        {
            runAndKill(20 + random.nextInt(100));
        }
        store = new StreamStore(dir, FilesFacade.DEFAULT);
        engine = new SqlEngine(Catalog.open(dir.resolve("catalog"), FilesFacade.DEFAULT), store);
        final long rows = Long.parseLong(run("SELECT count() FROM table(s)").trim());
        assertTrue(rows >= 4 * 20 * 200, "the child inserted " + rows + " rows");
        // the copy: every source row that passes, once
        waitFor(() -> run("SELECT id, d FROM table(copies) ORDER BY id").equals(run(RECOMPUTED_COPY)),
            "the copy to hold every row once (" + run("SELECT count(), uniq_exact(id) FROM table(copies)") + " of " +
            run("SELECT count() FROM (" + RECOMPUTED_COPY + ")") + ")");
        // the windows: every window the watermark closed, once, with the recomputed values
        final String[] expected = run(RECOMPUTED_WINDOWS).split("\n");
        final String closed = String.join("\n", java.util.Arrays.copyOf(expected, expected.length - 1)) + "\n";
        waitFor(() -> run("SELECT win, c, total FROM table(windows) ORDER BY win").equals(closed),
            "the windows to be the recomputed ones");
        assertEquals(run("SELECT count() FROM table(windows)"), run("SELECT uniq_exact(win) FROM table(windows)"));
        // the join: every source row with its name, once
        waitFor(() -> run("SELECT id, name FROM table(named) ORDER BY id").equals(run(RECOMPUTED_NAMES)),
            "the joined rows to be the recomputed ones (" + run("SELECT count(), uniq_exact(id) FROM table(named)") +
            ")");
        run("DROP VIEW copy");
        run("DROP VIEW windowed");
        run("DROP VIEW naming");
        waitFor(() -> checkpointFiles() == 0, "the dropped views' checkpoints to go");
    }

    private long checkpointFiles()
    {
        final java.nio.file.Path state = dir.resolve("state");
        if (!Files.exists(state))
        {
            return 0;
        }
        try (var files = Files.walk(state))
        {
            return files.filter(p -> p.toString().endsWith(".ckpt")).count();
        }
        catch (final java.io.IOException | java.io.UncheckedIOException e)
        {
            // a file went away while the walk looked at it: not a count, so the caller looks again
            return -1;
        }
    }

    private void runAndKill(final int acknowledgements) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.list());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MaterializedViewChild.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int seen = 0;
            String line;
            while (seen < acknowledgements && (line = out.readLine()) != null)
            {
                if (line.startsWith("ACK "))
                {
                    seen++;
                }
                assertTrue(System.nanoTime() < deadline, "child too slow: " + seen + " acknowledgements");
            }
            assertEquals(acknowledgements, seen, "the child stopped early");
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        finally
        {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
    }
}
